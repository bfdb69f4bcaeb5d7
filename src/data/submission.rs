//! A form's send, run one at a time: a second tap while the first is still being queued
//! is ignored, so a double tap queues the action once.
//!
//! It does what a Leptos `Action` does for a form, minus the input, value and version
//! signals no page reads: `Action` itself adds about 2.3 KB brotli to the first load,
//! which the 200 KB budget cannot spare.

use std::future::Future;
use std::pin::Pin;

use leptos::prelude::*;

type Sending = Pin<Box<dyn Future<Output = ()>>>;

/// What a form sends (`I`), handed to the data layer by the function given to `new`.
pub struct Submission<I: 'static> {
    pending: RwSignal<bool>,
    /// Boxed, so the code that runs a send exists once, not once per form.
    run: StoredValue<Box<dyn Fn(I) -> Sending>, LocalStorage>,
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
    pub fn new<Fu>(run: impl Fn(I) -> Fu + 'static) -> Submission<I>
    where
        Fu: Future<Output = ()> + 'static,
    {
        Submission {
            pending: RwSignal::new(false),
            run: StoredValue::new_local(Box::new(move |input| Box::pin(run(input)) as Sending)),
        }
    }

    /// Sends `input`, unless the last one is still on its way.
    pub fn submit(&self, input: I) {
        if self.pending.get_untracked() {
            return;
        }
        let Some(sending) = self.run.try_with_value(|run| run(input)) else {
            return;
        };
        let pending = self.pending;
        pending.set(true);
        leptos::task::spawn_local(async move {
            sending.await;
            // The page may be gone by now (a send that navigates away).
            pending.try_set(false);
        });
    }

    /// Whether a send is on its way, for a busy button.
    pub fn pending(&self) -> Signal<bool> {
        self.pending.read_only().into()
    }
}
