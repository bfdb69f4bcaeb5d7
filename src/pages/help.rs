//! Help and policies (`/help`): static text, readable before sign-in and offline.

use leptos::prelude::*;
use leptos_router::components::A;

use crate::i18n::t;

/// Help and policies (`/help`): how the portal works, offline included, what it keeps on
/// the device, and where to turn when paying is hard.
#[component]
pub fn Help() -> impl IntoView {
    view! {
        <h1>{t("Help and policies")}</h1>
        <section class="card">
            <h2>{t("Using Settle without a connection")}</h2>
            <p>{t("Settle keeps a copy of your account on this device, so you can check what you owe and read your invoices, statements and plan agreements offline. The top of the page says when the copy was last brought up to date.")}</p>
            <p>{t("What you do offline (a dispute, a message, a plan, a preference) is saved at once and sent when you are back online. It shows as “waiting to be sent” until we have it; nothing is lost if you close the app. Paying needs a connection.")}</p>
        </section>
        <section class="card">
            <h2>{t("Your information on this device")}</h2>
            <p>{t("We keep only what the screens need: your accounts, invoices, statements, payments, disputes, plans and preferences, and anything you have not sent yet. Your sign-in stays in a secure cookie, never in the app's storage.")}</p>
            <p>{t("Signing out deletes all of it from this device. If you have actions waiting to be sent, we tell you first.")}</p>
        </section>
        <section class="card">
            <h2>{t("Disputes")}</h2>
            <p>{t("If something on an invoice is wrong, raise a dispute from the invoice. The amount you dispute is never counted as overdue while we look into it. Each dispute shows when we aim to answer, every step so far, and our messages; you can write to us or withdraw it at any time.")}</p>
        </section>
        <section class="card">
            <h2>{t("Payment plans and promises")}</h2>
            <p>{t("Each account's rules for plans (smallest instalment, longest plan, any costs, and what happens if a payment is missed) are shown on ")}
               <A href="/plans">{t("Payment plans")}</A>
               {t(" before you choose anything. You can agree a plan we offer or build your own, and you keep a receipt of what you agreed.")}</p>
        </section>
        <section class="card">
            <h2>{t("If paying is hard")}</h2>
            <p><A href="/ask-for-help">{t("Tell us")}</A>
               {t(". We will look at what you can afford, and we will not chase you while we do. Free, independent debt advice is also available in most countries; you can name an adviser in your ")}
               <A href="/contact-preferences">{t("contact preferences")}</A>
               {t(" so we can talk to them.")}</p>
        </section>
        <section class="card">
            <h2>{t("How we contact you")}</h2>
            <p>{t("You choose how we contact you for each purpose, when not to, and how often, in ")}
               <A href="/contact-preferences">{t("contact preferences")}</A>
               {t(". You can stop any channel at any time.")}</p>
        </section>
    }
}
