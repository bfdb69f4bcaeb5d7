//! The ageing chart: bars beside the amounts in words, so it reads without the picture.

use leptos::prelude::*;
use settle_core::figures::Ageing;
use settle_core::standing::{ageing_bars, AgeingBucket};

use crate::format;
use crate::i18n::t;

/// The ageing chart: what is owed by how long past due, as bars drawn in SVG beside the
/// amounts in words, so the figures read the same without the picture.
#[component]
pub fn AgeingChart(ageing: Ageing, currency: String) -> impl IntoView {
    let rows = ageing_bars(&ageing)
        .into_iter()
        .map(|bar| {
            let class = format!("bar {}", bucket_class(bar.bucket));
            view! {
                <li>
                    <span class="label">{bucket_name(bar.bucket)}</span>
                    <svg viewBox="0 0 1000 24" preserveAspectRatio="none" aria-hidden="true"
                        focusable="false">
                        <rect class="track" width="1000" height="24" rx="6" />
                        <rect class=class width=bar.permille height="24" rx="6" />
                    </svg>
                    <span class="amount">{format::money(bar.amount, &currency)}</span>
                </li>
            }
        })
        .collect_view();
    view! {
        <figure class="ageing" data-testid="ageing">
            <figcaption>{t("How long amounts have been due")}</figcaption>
            <ul>{rows}</ul>
        </figure>
    }
}

fn bucket_name(bucket: AgeingBucket) -> &'static str {
    t(match bucket {
        AgeingBucket::Current => "Not yet due",
        AgeingBucket::Days1To30 => "1 to 30 days late",
        AgeingBucket::Days31To60 => "31 to 60 days late",
        AgeingBucket::Days61To90 => "61 to 90 days late",
        AgeingBucket::Over90 => "Over 90 days late",
    })
}

fn bucket_class(bucket: AgeingBucket) -> &'static str {
    match bucket {
        AgeingBucket::Current => "current",
        AgeingBucket::Days1To30 => "late-1",
        AgeingBucket::Days31To60 => "late-2",
        AgeingBucket::Days61To90 => "late-3",
        AgeingBucket::Over90 => "late-4",
    }
}
