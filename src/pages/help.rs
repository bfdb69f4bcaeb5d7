//! Help and policies (`/help`): static text and the creditor's contacts and policies
//! from its brand, readable before sign-in and offline.

use leptos::prelude::*;
use leptos_router::components::A;
use settle_core::brand::{phone_link, BrandFile};

use crate::i18n::t;

/// Help and policies (`/help`): how the portal works, offline included, what it keeps on
/// the device, and where to turn when paying is hard.
#[component]
pub fn Help() -> impl IntoView {
    let brand = crate::brand::current();
    let brand_too = brand.clone();
    view! {
        <h1>{t("Help and policies")}</h1>
        {move || brand.get().map(|brand| contact(&brand))}
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
        {move || brand_too.get().map(|brand| policies(&brand))}
    }
}

/// How to reach the creditor, as far as its brand says; nothing when it says nothing.
fn contact(brand: &BrandFile) -> Option<impl IntoView> {
    let support = brand.support.clone();
    if support.phone.is_none() && support.email.is_none() && support.hours.is_none() {
        return None;
    }
    Some(view! {
        <section class="card" aria-labelledby="contact-us">
            <h2 id="contact-us">{t("Contact us")}</h2>
            <dl class="contact">
                {support.phone.map(|phone| {
                    let link = phone_link(&phone);
                    view! {
                        <dt>{t("Phone")}</dt>
                        <dd><a href=link>{phone}</a></dd>
                    }
                })}
                {support.email.map(|email| {
                    let link = format!("mailto:{email}");
                    view! {
                        <dt>{t("Email")}</dt>
                        <dd><a href=link>{email}</a></dd>
                    }
                })}
                {support.hours.map(|hours| view! {
                    <dt>{t("Opening hours")}</dt>
                    <dd>{hours}</dd>
                })}
            </dl>
        </section>
    })
}

/// Links to the creditor's policies; nothing when its brand lists none.
fn policies(brand: &BrandFile) -> Option<impl IntoView> {
    if brand.policies.is_empty() {
        return None;
    }
    let links = brand
        .policies
        .iter()
        .map(|policy| view! { <li><a href=policy.url.clone()>{policy.title.clone()}</a></li> })
        .collect_view();
    Some(view! {
        <section class="card" aria-labelledby="our-policies">
            <h2 id="our-policies">{t("Our policies")}</h2>
            <ul class="plain links">{links}</ul>
        </section>
    })
}
