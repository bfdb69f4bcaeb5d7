//! One module per page.

mod not_found;
mod overview;
mod sign_in;

pub use not_found::NotFound;
pub use overview::Overview;
pub use sign_in::SignIn;
