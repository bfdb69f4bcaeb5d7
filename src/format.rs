//! Formatting money and times for the customer's locale, through the browser's Intl, in
//! the language the app speaks (see [`crate::i18n`]).

use js_sys::{Array, Intl, Object, Reflect};
use rust_decimal::Decimal;
use wasm_bindgen::JsValue;

fn locales() -> Array {
    crate::i18n::locales()
        .iter()
        .map(|tag| JsValue::from_str(tag))
        .collect()
}

/// The customer's preferred locale in the app's language, as Date's locale methods take it.
fn first_locale() -> String {
    crate::i18n::locales().swap_remove(0)
}

/// Intl options from name/value pairs.
fn options(pairs: &[(&str, &str)]) -> Object {
    let options = Object::new();
    for (name, value) in pairs {
        let _ = Reflect::set(&options, &(*name).into(), &(*value).into());
    }
    options
}

thread_local! {
    /// One Intl formatter per currency: making one is slow, and a page formats dozens of
    /// amounts.
    static MONEY_FORMATS: std::cell::RefCell<std::collections::HashMap<String, js_sys::Function>> =
        std::cell::RefCell::new(std::collections::HashMap::new());
}

/// Formats an amount in its currency. The amount goes to Intl as a decimal string,
/// which Intl formats exactly: no float ever holds the money.
pub fn money(amount: Decimal, currency: &str) -> String {
    let format = MONEY_FORMATS.with_borrow_mut(|formats| {
        formats
            .entry(currency.to_string())
            .or_insert_with(|| {
                let options = options(&[("style", "currency"), ("currency", currency)]);
                Intl::NumberFormat::new(&locales(), &options).format()
            })
            .clone()
    });
    format
        .call1(&JsValue::NULL, &JsValue::from_str(&amount.to_string()))
        .ok()
        .and_then(|text| text.as_string())
        .unwrap_or_else(|| format!("{currency} {amount}"))
}

/// Formats an RFC 3339 timestamp as a short local date and time.
pub fn date_time(rfc3339: &str) -> String {
    let date = js_sys::Date::new(&JsValue::from_str(rfc3339));
    let options = options(&[("dateStyle", "medium"), ("timeStyle", "short")]);
    date.to_locale_string(&first_locale(), &options)
        .as_string()
        .unwrap_or_else(|| rfc3339.to_string())
}

thread_local! {
    /// The Intl formatter for calendar dates, made once: a list shows dozens of dates.
    static DATE_FORMAT: js_sys::Function =
        Intl::DateTimeFormat::new(&locales(), &options(&[("dateStyle", "medium")])).format();
}

/// Formats a calendar date for the customer's locale (day, month in words, year).
pub fn date(date: chrono::NaiveDate) -> String {
    use chrono::Datelike;
    // Midnight of that day in local time, made from its numbers: chrono's own formatting
    // would bring its whole format-string machinery into the first load.
    let local = js_sys::Date::new_with_year_month_day(
        date.year().max(0) as u32,
        date.month0() as i32,
        date.day() as i32,
    );
    DATE_FORMAT
        .with(|format| format.call1(&JsValue::NULL, &local))
        .ok()
        .and_then(|text| text.as_string())
        .unwrap_or_else(|| date.to_string())
}
