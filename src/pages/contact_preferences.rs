use chrono::NaiveTime;
use leptos::prelude::*;
use leptos::task::spawn_local;
use settle_core::api::Kind;
use settle_core::contact::{Channel, ContactPreferences, QuietHours};
use settle_core::intents::Intent;
use settle_core::outbox::EntryStatus;

use crate::outbox;
use crate::store::Store;
use crate::sync::SyncStatus;

/// What the page shows: the preferences as the customer will have them (a change still
/// waiting in the outbox wins over the synced copy), and the version they were based on.
#[derive(Debug, Clone, PartialEq)]
struct Shown {
    preferences: ContactPreferences,
    version: i64,
    waiting: bool,
    /// Why the backend refused the last change, if it did.
    refused: Option<String>,
}

async fn load() -> Result<Option<Shown>, String> {
    let Some(store) = Store::open_existing().await.map_err(|e| e.to_string())? else {
        return Ok(None);
    };
    let session = store.session().await.map_err(|e| e.to_string())?;
    let Some(session) = session else {
        store.close();
        return Ok(None);
    };
    let synced = store
        .versioned::<ContactPreferences>(Kind::Preferences, &session.customer_id)
        .await
        .map_err(|e| e.to_string());
    let waiting = store.outbox().await.map_err(|e| e.to_string());
    store.close();
    let Some((synced, version)) = synced? else {
        return Ok(None);
    };
    let entries = waiting?;
    let refused = entries.iter().find_map(|entry| match &entry.status {
        EntryStatus::Rejected { problem } if entry.entity == "preferences" => Some(
            problem
                .detail
                .clone()
                .unwrap_or_else(|| problem.title.clone()),
        ),
        _ => None,
    });
    let pending = entries
        .into_iter()
        .rev()
        .find_map(|entry| match entry.intent {
            Intent::PutPreferences(preferences) if !entry.is_rejected() => Some(preferences),
            _ => None,
        });
    Ok(Some(match pending {
        Some(preferences) => Shown {
            preferences,
            version,
            waiting: true,
            refused,
        },
        None => Shown {
            preferences: synced,
            version,
            waiting: false,
            refused,
        },
    }))
}

fn time_input(time: Option<NaiveTime>) -> String {
    time.map(|t| t.format("%H:%M").to_string())
        .unwrap_or_default()
}

/// How, when and how often the customer wants to be contacted.
#[component]
pub fn ContactPreferencesPage() -> impl IntoView {
    let status = expect_context::<SyncStatus>();
    let live = LocalResource::new(move || {
        status.revision.track();
        load()
    });
    // The form starts from the first values read and keeps what the customer types;
    // later changes to the store only update the notices and the version.
    let first = RwSignal::new(None::<Shown>);
    Effect::new(move |_| {
        if let Some(Ok(Some(shown))) = live.get() {
            if first.read_untracked().is_none() {
                first.set(Some(shown));
            }
        }
    });
    let latest = Signal::derive(move || live.get().and_then(Result::ok).flatten());

    view! {
        <h1>"Contact preferences"</h1>
        // Once the form shows, only `first` is tracked here: a store change must not
        // rebuild the form and lose what the customer typed.
        {move || match first.get() {
            Some(shown) => view! { <PreferencesForm shown latest status /> }.into_any(),
            None => match live.get() {
                None => view! { <p>"Loading…"</p> }.into_any(),
                Some(Err(problem)) => view! { <p class="error">{problem}</p> }.into_any(),
                Some(Ok(_)) => {
                    view! { <p>"Your preferences will show here once they have been synced."</p> }
                        .into_any()
                }
            },
        }}
    }
}

#[component]
fn PreferencesForm(
    shown: Shown,
    latest: Signal<Option<Shown>>,
    status: SyncStatus,
) -> impl IntoView {
    let opted_out = RwSignal::new(shown.preferences.opted_out.clone());
    let quiet = shown.preferences.quiet_hours;
    let quiet_start = RwSignal::new(time_input(quiet.map(|q| q.start)));
    let quiet_end = RwSignal::new(time_input(quiet.map(|q| q.end)));
    let error = RwSignal::new(None::<String>);
    let saved = RwSignal::new(false);
    let waiting = move || latest.get().is_some_and(|shown| shown.waiting);

    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        error.set(None);
        saved.set(false);
        let (base, version) = match latest.get_untracked() {
            Some(now) => (now.preferences, now.version),
            None => (shown.preferences.clone(), shown.version),
        };
        let mut changed = base.clone();
        changed.opted_out = opted_out.get_untracked();
        let times = (quiet_start.get_untracked(), quiet_end.get_untracked());
        changed.quiet_hours = match (times.0.as_str(), times.1.as_str()) {
            ("", "") => None,
            (start, end) => match (
                NaiveTime::parse_from_str(start, "%H:%M"),
                NaiveTime::parse_from_str(end, "%H:%M"),
            ) {
                (Ok(start), Ok(end)) => Some(QuietHours { start, end }),
                _ => {
                    return error.set(Some(
                        "Give both a start and an end for quiet hours, or neither.".into(),
                    ))
                }
            },
        };
        if let Err(invalid) = changed.validate() {
            return error.set(Some(invalid.to_string()));
        }
        changed.record_change(&base, chrono::Utc::now());
        spawn_local(async move {
            let intent = Intent::PutPreferences(changed);
            match outbox::queue(status, intent, Some(format!("\"{version}\"")), &[]).await {
                Ok(_) => saved.set(true),
                Err(problem) => error.set(Some(problem.to_string())),
            }
        });
    };

    view! {
        <form class="card" on:submit=save>
            {move || latest.get().and_then(|shown| shown.refused).map(|why| view! {
                <p class="error" role="alert">
                    "Your last change was not accepted: " {why}
                    ". The form shows your preferences as we have them; change them and save again."
                </p>
            })}
            <Show when=waiting>
                <p class="pending" data-testid="preferences-waiting">
                    "Your latest change is saved on this device and waiting to be sent."
                </p>
            </Show>
            <fieldset>
                <legend>"Never contact me by"</legend>
                {Channel::ALL
                    .into_iter()
                    .map(|channel| {
                        let id = format!("opt-out-{channel:?}").to_lowercase();
                        view! {
                            <div class="check">
                                <input type="checkbox" id=id.clone()
                                    prop:checked=move || opted_out.get().contains(&channel)
                                    on:change=move |ev| {
                                        let on = event_target_checked(&ev);
                                        opted_out.update(|set| {
                                            if on { set.insert(channel); } else { set.remove(&channel); }
                                        });
                                    } />
                                <label for=id>{channel_name(channel)}</label>
                            </div>
                        }
                    })
                    .collect_view()}
            </fieldset>
            <fieldset>
                <legend>"Quiet hours (no calls or messages)"</legend>
                <label for="quiet-start">"From"</label>
                <input id="quiet-start" type="time" bind:value=quiet_start />
                <label for="quiet-end">"Until"</label>
                <input id="quiet-end" type="time" bind:value=quiet_end />
            </fieldset>
            <p class="error" role="alert">{move || error.get()}</p>
            <button type="submit">"Save preferences"</button>
            <p role="status">
                {move || saved.get().then_some("Saved. We will send it as soon as we can.")}
            </p>
        </form>
    }
}

fn channel_name(channel: Channel) -> &'static str {
    match channel {
        Channel::Email => "Email",
        Channel::Sms => "Text message (SMS)",
        Channel::Phone => "Phone call",
        Channel::Post => "Post",
        Channel::InApp => "Messages in this app",
    }
}
