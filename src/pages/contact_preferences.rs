//! Contact preferences: how, when and how often the customer wants to be contacted, with
//! the history of changes; unsaved changes are kept as a draft and flagged.

use leptos::prelude::*;
use settle_core::contact::form::PreferencesText;
use settle_core::contact::{
    self, AccessibilityNeed, Channel, ContactPreferences, Purpose, Setting,
};
use settle_core::validation::InvalidField;

use crate::components::{DraftNotice, FieldError};
use crate::data::drafts;
use crate::data::{self, Outbox, PreferencesView, Submission};
use crate::format;
use crate::i18n::{t, tf, translate};

/// How, when and how often the customer wants to be contacted.
#[component]
pub fn ContactPreferencesPage() -> impl IntoView {
    let live = data::read_live(data::preferences);
    // The form starts from the first values read and keeps what the customer types;
    // later changes to the store update the notices and the version, and show in the
    // fields the customer has not changed (see `PreferencesForm`).
    let first = RwSignal::new(None::<PreferencesView>);
    Effect::new(move |_| {
        if let Some(Ok(Some(shown))) = live.get() {
            if first.read_untracked().is_none() {
                first.set(Some(shown));
            }
        }
    });
    let latest = Signal::derive(move || live.get().and_then(Result::ok).flatten());

    view! {
        <h1>{t("Contact preferences")}</h1>
        // Once the form shows, only `first` is tracked here: a store change must not
        // rebuild the form and lose what the customer typed.
        {move || match first.get() {
            Some(shown) => view! { <PreferencesForm shown latest /> }.into_any(),
            None => match live.get() {
                None => view! { <p>{t("Loading…")}</p> }.into_any(),
                Some(Err(problem)) => view! { <p class="error">{problem.to_string()}</p> }.into_any(),
                Some(Ok(_)) => {
                    view! { <p>{t("Your preferences will show here once they have been synced.")}</p> }
                        .into_any()
                }
            },
        }}
    }
}

/// One mistake, shown next to the fields whose pointer starts with `prefix`.
fn error_at(error: RwSignal<Option<InvalidField>>, prefix: &'static str) -> Signal<Option<String>> {
    Signal::derive(move || {
        error.with(|e| {
            e.as_ref()
                .filter(|e| e.field.starts_with(prefix))
                .map(|e| crate::messages::reason(&e.reason))
        })
    })
}

/// A text box bound to `value`, described by its hint and by the element `error` where
/// a mistake in it is shown.
#[component]
fn Field(
    id: &'static str,
    label: &'static str,
    value: RwSignal<String>,
    error: &'static str,
    #[prop(optional)] kind: Option<&'static str>,
    #[prop(optional)] hint: Option<&'static str>,
) -> impl IntoView {
    let described = match hint {
        Some(_) => format!("{id}-hint {error}"),
        None => error.to_string(),
    };
    view! {
        <label for=id>{t(label)}</label>
        {hint.map(|hint| view! { <p class="muted" id=format!("{id}-hint")>{t(hint)}</p> })}
        <input id=id type=kind.unwrap_or("text") bind:value=value aria-describedby=described />
    }
}

#[component]
fn PreferencesForm(
    shown: PreferencesView,
    latest: Signal<Option<PreferencesView>>,
) -> impl IntoView {
    let outbox = Outbox::here();
    let opted_out = RwSignal::default();
    let channels = RwSignal::default();
    let accessibility = RwSignal::default();
    let quiet_start = RwSignal::default();
    let quiet_end = RwSignal::default();
    let best_start = RwSignal::default();
    let best_end = RwSignal::default();
    let weekly_cap = RwSignal::default();
    let time_zone = RwSignal::default();
    let language = RwSignal::default();
    let third_name = RwSignal::default();
    let third_role = RwSignal::default();
    let third_email = RwSignal::default();
    let third_phone = RwSignal::default();
    let fill = move |preferences: &ContactPreferences| {
        let text = PreferencesText::of(preferences);
        opted_out.set(preferences.opted_out.clone());
        channels.set(preferences.channels.clone());
        accessibility.set(preferences.accessibility.clone());
        quiet_start.set(text.quiet_start);
        quiet_end.set(text.quiet_end);
        best_start.set(text.best_start);
        best_end.set(text.best_end);
        weekly_cap.set(text.weekly_cap);
        time_zone.set(text.time_zone);
        language.set(text.language);
        third_name.set(text.third_name);
        third_role.set(text.third_role);
        third_email.set(text.third_email);
        third_phone.set(text.third_phone);
    };
    fill(&shown.preferences);
    // Started from the preferences as synced (or waiting to be sent): a draft brings back
    // only the fields the customer changed and did not save, and says so.
    let draft = drafts::keep(
        "contact-preferences".into(),
        vec![
            drafts::value(opted_out),
            drafts::value(channels),
            drafts::value(accessibility),
            drafts::text(quiet_start),
            drafts::text(quiet_end),
            drafts::text(best_start),
            drafts::text(best_end),
            drafts::text(weekly_cap),
            drafts::text(time_zone),
            drafts::text(language),
            drafts::text(third_name),
            drafts::text(third_role),
            drafts::text(third_email),
            drafts::text(third_phone),
        ],
    );
    // Preferences synced since the form started show in the fields the customer has not
    // changed. Only a change of the synced record counts: once the customer's change is
    // delivered, the store holds the record before it until the next pull, and following
    // that would undo the change on screen.
    let followed = StoredValue::new(shown.synced.clone());
    Effect::new(move |_| {
        let Some(now) = latest.get() else {
            return;
        };
        if followed.with_value(|synced| *synced != now.synced) {
            followed.set_value(now.synced.clone());
            draft.follow(|| fill(&now.preferences));
        }
    });
    let error = RwSignal::new(None::<InvalidField>);
    let saved = RwSignal::new(false);
    let waiting = move || latest.get().is_some_and(|shown| shown.waiting);

    let send = Submission::new(
        move |(changed, version): (ContactPreferences, i64)| async move {
            match outbox.save_preferences(changed, version).await {
                Ok(_) => {
                    draft.forget().await;
                    saved.set(true);
                }
                Err(problem) => error.set(Some(InvalidField::new("", problem))),
            }
        },
    );
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        error.set(None);
        saved.set(false);
        let (base, version) = match latest.get_untracked() {
            Some(now) => (now.preferences, now.version),
            None => (shown.preferences.clone(), shown.version),
        };
        let mut chosen = base.clone();
        chosen.opted_out = opted_out.get_untracked();
        chosen.channels = channels.get_untracked();
        chosen.accessibility = accessibility.get_untracked();
        let typed = PreferencesText {
            quiet_start: quiet_start.get_untracked(),
            quiet_end: quiet_end.get_untracked(),
            best_start: best_start.get_untracked(),
            best_end: best_end.get_untracked(),
            weekly_cap: weekly_cap.get_untracked(),
            time_zone: time_zone.get_untracked(),
            language: language.get_untracked(),
            third_name: third_name.get_untracked(),
            third_role: third_role.get_untracked(),
            third_email: third_email.get_untracked(),
            third_phone: third_phone.get_untracked(),
        };
        let mut changed = match typed.apply(&chosen) {
            Ok(changed) => changed,
            Err(invalid) => return error.set(Some(invalid)),
        };
        changed.record_change(&base, chrono::Utc::now());
        send.submit((changed, version));
    };
    let check = |id: String, label: &'static str, on: Signal<bool>, set: Callback<bool>| {
        view! {
            <div class="check">
                <input type="checkbox" id=id.clone() prop:checked=on
                    on:change=move |ev| set.run(event_target_checked(&ev)) />
                <label for=id>{label}</label>
            </div>
        }
    };
    let history = move || {
        let mut changes = latest
            .get()
            .map(|shown| shown.preferences.history)
            .unwrap_or_default();
        changes.reverse();
        changes
            .into_iter()
            .map(|change| {
                let what: Vec<&str> = change.settings.iter().map(|s| setting_name(*s)).collect();
                view! {
                    <li>
                        <span class="muted">{format::date_time(&change.at.to_rfc3339())}</span>
                        " · " {what.join(", ")}
                    </li>
                }
            })
            .collect_view()
    };

    view! {
        <form class="card" on:submit=save novalidate>
            <DraftNotice draft />
            {move || latest.get().and_then(|shown| shown.refused).map(|problem| view! {
                <p class="error" role="alert">
                    {tf(
                        "Your last change was not accepted: {}. The form shows your preferences as we have them; change them and save again.",
                        &[&translate(problem.detail.as_deref().unwrap_or(&problem.title))],
                    )}
                </p>
            })}
            <Show when=waiting>
                <p class="pending" data-testid="preferences-waiting">
                    {t("Your latest change is saved on this device and waiting to be sent.")}
                </p>
            </Show>
            <fieldset>
                <legend>{t("Never contact me by")}</legend>
                {Channel::ALL.into_iter().map(|channel| check(
                    format!("opt-out-{channel:?}").to_lowercase(),
                    channel_name(channel),
                    Signal::derive(move || opted_out.with(|set| set.contains(&channel))),
                    Callback::new(move |on| opted_out.update(|set| {
                        if on { set.insert(channel); } else { set.remove(&channel); }
                    })),
                )).collect_view()}
            </fieldset>
            <fieldset>
                <legend>{t("Quiet hours (no calls or messages)")}</legend>
                <Field id="quiet-start" error="quiet-error" label="From" value=quiet_start kind="time" />
                <Field id="quiet-end" error="quiet-error" label="Until" value=quiet_end kind="time" />
                <FieldError id="quiet-error" message=error_at(error, "/quiet_hours") />
            </fieldset>
            <h2>{t("How to reach you about each thing")}</h2>
            {Purpose::ALL.into_iter().map(|purpose| view! {
                <fieldset>
                    <legend>{purpose_name(purpose)}</legend>
                    {Channel::ALL.into_iter().map(|channel| check(
                        format!("channel-{purpose:?}-{channel:?}").to_lowercase(),
                        channel_name(channel),
                        Signal::derive(move || channels.with(|map| {
                            map.get(&purpose).is_some_and(|set| set.contains(&channel))
                        })),
                        Callback::new(move |on| channels.update(|map| {
                            let set = map.entry(purpose).or_default();
                            if on { set.insert(channel); } else { set.remove(&channel); }
                            // Unticking the last one leaves no empty entry: nothing changed.
                            if set.is_empty() { map.remove(&purpose); }
                        })),
                    )).collect_view()}
                </fieldset>
            }).collect_view()}
            <p class="muted">{t("A channel you never want is never used, whatever is ticked here.")}</p>
            <fieldset>
                <legend>{t("Best time to call")}</legend>
                <Field id="best-start" error="best-error" label="From" value=best_start kind="time" />
                <Field id="best-end" error="best-error" label="Until" value=best_end kind="time" />
                <FieldError id="best-error" message=error_at(error, "/preferred_times") />
            </fieldset>
            <Field id="weekly-cap" error="weekly-cap-error" label="Most contacts a week" value=weekly_cap
                hint="Leave it empty for no limit." />
            <FieldError id="weekly-cap-error" message=error_at(error, "/max_contacts_per_week") />
            <Field id="time-zone" error="time-zone-error" label="Your time zone" value=time_zone
                hint="Quiet hours and the best time are in this time zone, for example Europe/London." />
            <FieldError id="time-zone-error" message=error_at(error, "/time_zone") />
            <label for="language">{t("Language for letters and messages")}</label>
            <select id="language" aria-describedby="language-error" on:change=move |ev| language.set(event_target_value(&ev))>
                {LANGUAGES.into_iter().map(|(tag, name)| view! {
                    <option value=tag prop:selected=move || contact::is_language(&language.get(), tag)>{name}</option>
                }).collect_view()}
            </select>
            <FieldError id="language-error" message=error_at(error, "/language") />
            <fieldset>
                <legend>{t("Help with reading and hearing")}</legend>
                {AccessibilityNeed::ALL.into_iter().map(|need| check(
                    format!("need-{need:?}").to_lowercase(),
                    need_name(need),
                    Signal::derive(move || accessibility.with(|set| set.contains(&need))),
                    Callback::new(move |on| accessibility.update(|set| {
                        if on { set.insert(need); } else { set.remove(&need); }
                    })),
                )).collect_view()}
            </fieldset>
            <fieldset>
                <legend>{t("Someone we may contact for you, such as a debt adviser")}</legend>
                <Field id="third-name" error="third-error" label="Their name" value=third_name
                    hint="Leave it empty if there is nobody." />
                <Field id="third-role" error="third-error" label="Who they are to you" value=third_role />
                <Field id="third-email" error="third-error" label="Their email" value=third_email kind="email" />
                <Field id="third-phone" error="third-error" label="Their phone number" value=third_phone kind="tel" />
                <FieldError id="third-error" message=error_at(error, "/third_party") />
            </fieldset>
            <p class="error" role="alert">{move || error.with(|e| e.as_ref().filter(|e| e.field.is_empty()).map(|e| e.reason.clone()))}</p>
            <button type="submit">{t("Save preferences")}</button>
            <p role="status">
                {move || saved.get().then_some(t("Saved. We will send it as soon as we can."))}
            </p>
        </form>
        <section class="card">
            <h2>{t("Changes you have made")}</h2>
            <ul class="plain history" data-testid="preference-history">{history}</ul>
        </section>
    }
}

/// The languages letters and messages can be in.
const LANGUAGES: [(&str, &str); 3] = [("en", "English"), ("es", "Español"), ("fr", "Français")];

fn purpose_name(purpose: Purpose) -> &'static str {
    t(match purpose {
        Purpose::PaymentReminders => "Payment reminders",
        Purpose::Statements => "Statements",
        Purpose::DisputeUpdates => "Updates on disputes",
        Purpose::PlanUpdates => "Updates on payment plans",
    })
}

fn need_name(need: AccessibilityNeed) -> &'static str {
    t(match need {
        AccessibilityNeed::LargePrint => "Large print",
        AccessibilityNeed::EasyRead => "Easy read",
        AccessibilityNeed::TextRelay => "Text relay for phone calls",
    })
}

fn setting_name(setting: Setting) -> &'static str {
    t(match setting {
        Setting::Channels => "how to reach you",
        Setting::OptedOut => "channels never to use",
        Setting::QuietHours => "quiet hours",
        Setting::PreferredTimes => "best time to call",
        Setting::TimeZone => "time zone",
        Setting::WeeklyCap => "contacts a week",
        Setting::Language => "language",
        Setting::Accessibility => "help with reading and hearing",
        Setting::ThirdParty => "someone we may contact for you",
    })
}

fn channel_name(channel: Channel) -> &'static str {
    t(match channel {
        Channel::Email => "Email",
        Channel::Sms => "Text message (SMS)",
        Channel::Phone => "Phone call",
        Channel::Post => "Post",
        Channel::InApp => "Messages in this app",
    })
}
