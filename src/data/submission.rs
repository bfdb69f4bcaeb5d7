//! A form's send, as a Leptos `Action` that runs one at a time: a second tap while the
//! first is still being queued is ignored, so a double tap queues the action once.

use std::future::Future;

use leptos::prelude::*;

/// What a form sends (`I`), handed to the data layer by `run`.
pub struct Submission<I: 'static> {
    action: Action<I, ()>,
    pending: Memo<bool>,
}

impl<I: 'static> Clone for Submission<I> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<I: 'static> Copy for Submission<I> {}

impl<I: 'static> Submission<I> {
    /// Call it while the component is built; `run` reports its outcome to the page itself
    /// (a notice, a navigation), as it may end after the page is gone.
    pub fn new<F, Fu>(run: F) -> Submission<I>
    where
        F: Fn(I) -> Fu + 'static,
        I: Clone,
        Fu: Future<Output = ()> + 'static,
    {
        let action = Action::new_local(move |input: &I| run(input.clone()));
        Submission {
            action,
            pending: action.pending(),
        }
    }

    /// Sends `input`, unless the last one is still on its way.
    pub fn submit(&self, input: I) {
        if !self.pending.get_untracked() {
            self.action.dispatch_local(input);
        }
    }

    /// Whether a send is on its way, for a busy button.
    pub fn pending(&self) -> Memo<bool> {
        self.pending
    }
}
