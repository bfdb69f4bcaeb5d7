//! # settle-core
//!
//! Everything Settle decides about money and rules, with no browser and no I/O, so the app
//! (WebAssembly) and the reference server agree to the last minor unit and every rule is
//! tested natively.
//!
//! | module | what it decides |
//! | --- | --- |
//! | [`currency`] | the ISO 4217 table: codes and minor units |
//! | [`message`] | what a broken rule says to the customer, with its values apart for translation |
//! | [`money`] | [`money::Money`]: exact amounts that never mix currencies; named [`money::Rounding`]; even splits |
//! | [`decimal`] | the strict decimal strings amounts travel as (`"1234.50"`) |
//! | [`dates`] | calendar days and instants as they travel, read strictly |
//! | [`invoice`] | the invoice record with its lines and taxes, and the status it shows |
//! | [`invoice_list`] | what the invoice list shows of each invoice, and its search, filter and sort |
//! | [`payment`] | the payment record, with its allocations to invoices |
//! | [`statement`] | the statement record, one per period |
//! | [`standing`] | how an account stands on the overview, and the bars of its ageing chart |
//! | [`figures`] | balance, overdue, not yet due, disputed, credit, available credit, ageing, next due |
//! | [`plan`] | plans, offers, instalment status, and the intents that agree a plan |
//! | [`plan::policy`] | the creditor's [`plan::PlanPolicy`] and the [`plan::Frequency`] of instalments |
//! | [`plan::schedule`] | [`plan::build_schedule`]: dated instalments that add up exactly |
//! | [`plan::error`] | [`plan::PlanError`]: each broken plan rule, with its name, field and message |
//! | [`plan::builder`] | the plan builder's fields turned into a live schedule preview, errors by field |
//! | [`dispute`] | reasons, the status machine, the disputable amount |
//! | [`dispute_form`] | the raise-dispute form read into a dispute, the most for the lines ticked |
//! | [`draft`] | drafts of forms not yet sent, and how they meet newer data |
//! | [`promise`] | promises to pay: the window, the one change |
//! | [`feedback`] | CSAT 1-5 and CES 1-7 |
//! | [`help`] | the hardship form |
//! | [`checkout`] | starting a hosted checkout |
//! | [`contact`] | contact preferences: channels per purpose, opt-outs, a weekly cap, language, a third party, the history of changes |
//! | [`contact::channels`] | the channels, the purposes of contact and accessibility needs |
//! | [`contact::times`] | quiet hours and preferred times, in the customer's local time |
//! | [`contact::form`] | the contact-preferences form's text fields read into preferences, mistakes by field |
//! | [`attachment`] | limits on photos and documents |
//! | [`intents`] | every customer action, with its method and path |
//! | [`outbox`] | the order queued actions go in, and what the backend's answer means for each |
//! | [`api`] | the wire vocabulary: sync items, records, session, problem details |
//! | [`profile`] | backend profiles: how to read and write any REST backend's API |
//! | [`validation`] | field errors and the [`validation::RuleBreach`] trait |
//! | [`waiting`] | what waits on the device laid over the synced records: a waiting change wins |
//!
//! # Money
//!
//! Amounts are [`rust_decimal::Decimal`], never floats. A [`money::Money`] always has
//! exactly its currency's minor units (2 for GBP, 0 for JPY, 3 for KWD); reading an amount
//! finer than that is an error, not a rounding. Where a calculation makes fractions of a
//! minor unit (interest), the caller names the [`money::Rounding`]. On the wire, amounts
//! are decimal strings and records carry one `currency`; JSON numbers are refused.
//!
//! # Account figures
//!
//! Worked out by [`figures::Ledger::figures`] from invoices, payments, disputes and plans
//! on a date. With *open* = invoice total - amount paid:
//!
//! - **disputed**: open amounts under open disputes, capped at what is open; never overdue;
//! - **overdue**: undisputed open amounts past their due date, unless in an active plan;
//! - **not yet due**: all other undisputed open amounts;
//! - **credit**: credit notes, overpayments and unallocated payments, as a positive sum;
//! - **balance = overdue + not yet due + disputed - credit** (negative when in credit);
//! - **available credit = max(0, credit limit - balance)**;
//! - **ageing**: overdue + not yet due by days past due (current, 1-30, 31-60, 61-90,
//!   over 90); the buckets add up to overdue + not yet due.
//!
//! # Plans
//!
//! [`plan::build_schedule`] takes an amount, a frequency, a first date and either a
//! number of instalments or a ceiling per instalment, and returns dated instalments that
//! add up exactly to the total payable (amount + set-up fee + simple interest), with the
//! leftover minor units one each on the first (or last) instalments, named in the result.
//! Monthly dates keep the first date's day, falling back to the end of shorter months.
//! Every breach of the [`plan::PlanPolicy`] is a [`plan::PlanError`] naming the rule
//! and the limit.
//!
//! # Errors
//!
//! Rule errors implement [`validation::RuleBreach`]: a stable rule name and the field at
//! fault, which [`api::Problem::from_breach`] turns into problem+json. Record checks
//! return [`validation::InvalidField`] with a JSON pointer.
//!
//! # Features
//!
//! - `tz`: named IANA time zones (chrono-tz), so a contact preference's time zone must be
//!   a known one, not only one shaped like a zone name. The server enables it; the app
//!   does not, to keep the time-zone database out of its first load.
//! - `openapi`: OpenAPI schemas of the wire types (utoipa), from which the server
//!   generates its API document; the module [`openapi`] describes the values serde writes
//!   by hand. The app leaves it off.

#![warn(missing_docs)]

pub mod api;
pub mod attachment;
pub mod brand;
pub mod calendar;
pub mod checkout;
pub mod contact;
pub mod copies;
pub mod currency;
pub mod dates;
pub mod decimal;
pub mod dispute;
pub mod dispute_form;
pub mod draft;
pub mod feedback;
pub mod figures;
pub mod help;
pub mod intents;
pub mod invoice;
pub mod invoice_list;
pub mod last_visit;
pub mod message;
pub mod money;
#[cfg(feature = "openapi")]
pub mod openapi;
pub mod outbox;
pub mod payment;
pub mod plan;
pub mod profile;
pub mod promise;
pub mod standing;
pub mod statement;
pub mod validation;
pub mod waiting;
