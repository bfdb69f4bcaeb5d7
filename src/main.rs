//! The app's entry point: installs the panic hook and mounts the app on the page.

fn main() {
    settle::start();
}
