//! Invoices: the `invoice` sync record with its lines and taxes, and the status an invoice
//! shows in the list (open, overdue, paid, disputed, in plan, credit).

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::currency::Currency;
use crate::validation::{self, InvalidField};

/// An invoice (or, with a negative total, a credit note) as the customer sees it.
///
/// Amounts are in `currency`, tax included unless the field says `net`. The amount still
/// to pay is [`Invoice::open`]: `total - amount_paid`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(examples(json!({"id": "inv_inv-2200", "account_id": "acc_alex_gbp", "number": "INV-2200", "currency": "GBP", "issue_date": "2025-03-01", "due_date": "2025-03-31", "lines": [{"id": "l1", "description": "Goods", "quantity": "2", "unit_price": "50.00", "net": "100.00", "tax": "20.00"}], "subtotal": "100.00", "tax_total": "20.00", "total": "120.00", "amount_paid": "0.00"}))))]
pub struct Invoice {
    /// Backend id.
    pub id: String,
    /// The account it belongs to.
    pub account_id: String,
    /// The number printed on the invoice.
    pub number: String,
    /// ISO 4217 currency of every amount below.
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::openapi::currency))]
    pub currency: Currency,
    /// Date of issue.
    pub issue_date: NaiveDate,
    /// Date by which it should be paid; it is overdue from the day after.
    pub due_date: NaiveDate,
    /// Customer's own reference (purchase order number), if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reference: Option<String>,
    /// The lines; may be empty when the backend sends only totals.
    #[serde(default)]
    pub lines: Vec<InvoiceLine>,
    /// Tax summary by rate; may be empty.
    #[serde(default)]
    pub taxes: Vec<TaxSummary>,
    /// Total before tax.
    #[serde(with = "crate::decimal::wire")]
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::openapi::amount))]
    pub subtotal: Decimal,
    /// Total tax.
    #[serde(with = "crate::decimal::wire")]
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::openapi::amount))]
    pub tax_total: Decimal,
    /// Total to pay: `subtotal + tax_total`.
    #[serde(with = "crate::decimal::wire")]
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::openapi::amount))]
    pub total: Decimal,
    /// Paid so far (payments and credits allocated to it).
    #[serde(with = "crate::decimal::wire")]
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::openapi::amount))]
    pub amount_paid: Decimal,
    /// The plan this invoice is being paid through, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub plan_id: Option<String>,
    /// A PDF copy the backend provides, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pdf_url: Option<String>,
}

/// One line of an invoice.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct InvoiceLine {
    /// Line id, unique within the invoice (disputes name lines by it).
    pub id: String,
    /// What was sold.
    pub description: String,
    /// How many.
    #[serde(with = "crate::decimal::wire")]
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::openapi::amount))]
    pub quantity: Decimal,
    /// Price of one, before tax. May have more decimal places than the currency.
    #[serde(with = "crate::decimal::wire")]
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::openapi::amount))]
    pub unit_price: Decimal,
    /// Line amount before tax, in the currency's minor units.
    #[serde(with = "crate::decimal::wire")]
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::openapi::amount))]
    pub net: Decimal,
    /// Tax on the line; zero when tax is only summarised per rate.
    #[serde(default, with = "crate::decimal::wire")]
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::openapi::amount))]
    pub tax: Decimal,
}

impl InvoiceLine {
    /// The line amount including its tax: `net + tax`.
    pub fn gross(&self) -> Decimal {
        self.net + self.tax
    }
}

/// Tax at one rate across an invoice.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TaxSummary {
    /// How the invoice names the tax ("VAT 20%").
    pub label: String,
    /// The rate in percent (`"20"` for 20 %).
    #[serde(with = "crate::decimal::wire")]
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::openapi::amount))]
    pub rate_percent: Decimal,
    /// The amount the rate applies to.
    #[serde(with = "crate::decimal::wire")]
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::openapi::amount))]
    pub net: Decimal,
    /// The tax.
    #[serde(with = "crate::decimal::wire")]
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::openapi::amount))]
    pub tax: Decimal,
}

/// The status an invoice shows in the list, in order of precedence.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum InvoiceStatus {
    /// Nothing left to pay.
    Paid,
    /// A credit note or an overpaid invoice: money in the customer's favour.
    Credit,
    /// An open dispute covers it (never shown as overdue).
    Disputed,
    /// Being paid through a plan.
    InPlan,
    /// Past its due date with something left to pay.
    Overdue,
    /// Something left to pay, not yet due.
    Open,
}

impl InvoiceStatus {
    /// The status of an invoice with `open` left to pay, `days_past_due` days after its
    /// due date (zero or less before), covered by an open dispute or not, in a plan or not.
    pub fn of(open: Decimal, disputed: bool, in_plan: bool, days_past_due: i64) -> InvoiceStatus {
        if open.is_zero() {
            InvoiceStatus::Paid
        } else if open < Decimal::ZERO {
            InvoiceStatus::Credit
        } else if disputed {
            InvoiceStatus::Disputed
        } else if in_plan {
            InvoiceStatus::InPlan
        } else if days_past_due > 0 {
            InvoiceStatus::Overdue
        } else {
            InvoiceStatus::Open
        }
    }

    /// Whether the customer can raise a dispute on an invoice with this status: something
    /// is left to pay and no open dispute covers it yet.
    pub fn can_be_disputed(self) -> bool {
        matches!(
            self,
            InvoiceStatus::Open | InvoiceStatus::Overdue | InvoiceStatus::InPlan
        )
    }
}

impl Invoice {
    /// Amount still to pay: `total - amount_paid`. Negative for a credit note.
    pub fn open(&self) -> Decimal {
        self.total - self.amount_paid
    }

    /// Whole days past the due date on `as_of`; zero or less when not yet overdue.
    pub fn days_past_due(&self, as_of: NaiveDate) -> i64 {
        (as_of - self.due_date).num_days()
    }

    /// The list status on `as_of`. `disputed` says whether an open dispute covers the
    /// invoice (see [`crate::dispute::Dispute::is_open`]); being in a plan comes from
    /// `plan_id`.
    pub fn status(&self, as_of: NaiveDate, disputed: bool) -> InvoiceStatus {
        InvoiceStatus::of(
            self.open(),
            disputed,
            self.plan_id.is_some(),
            self.days_past_due(as_of),
        )
    }

    /// Checks what a backend sent: amounts exact in the currency, `total = subtotal +
    /// tax_total`, lines adding up to `subtotal` and the tax summary to `tax_total` (when
    /// present), line ids unique, due date not before the issue date, and paid no more than
    /// the total (for an invoice) or no less (for a credit note).
    pub fn validate(&self) -> Result<(), InvalidField> {
        validation::id("/id", &self.id)?;
        validation::id("/account_id", &self.account_id)?;
        let currency = self.currency;
        for (field, amount) in [
            ("/subtotal", self.subtotal),
            ("/tax_total", self.tax_total),
            ("/total", self.total),
            ("/amount_paid", self.amount_paid),
        ] {
            validation::money(field, amount, currency)?;
        }
        if self.due_date < self.issue_date {
            return Err(InvalidField::new(
                "/due_date",
                format!(
                    "{} is before the issue date {}",
                    self.due_date, self.issue_date
                ),
            ));
        }
        if self.subtotal + self.tax_total != self.total {
            return Err(InvalidField::new(
                "/total",
                format!(
                    "{} is not subtotal {} plus tax {}",
                    self.total, self.subtotal, self.tax_total
                ),
            ));
        }
        let paid_too_much = if self.total >= Decimal::ZERO {
            self.amount_paid > self.total || self.amount_paid < Decimal::ZERO
        } else {
            self.amount_paid < self.total || self.amount_paid > Decimal::ZERO
        };
        if paid_too_much {
            return Err(InvalidField::new(
                "/amount_paid",
                format!(
                    "{} is outside 0 to the total {}",
                    self.amount_paid, self.total
                ),
            ));
        }
        let mut line_net = Decimal::ZERO;
        for (index, line) in self.lines.iter().enumerate() {
            validation::id(&format!("/lines/{index}/id"), &line.id)?;
            if self.lines[..index].iter().any(|other| other.id == line.id) {
                return Err(InvalidField::new(
                    format!("/lines/{index}/id"),
                    format!("line id '{}' appears twice", line.id),
                ));
            }
            validation::money(&format!("/lines/{index}/net"), line.net, currency)?;
            validation::money(&format!("/lines/{index}/tax"), line.tax, currency)?;
            line_net += line.net;
        }
        if !self.lines.is_empty() && line_net != self.subtotal {
            return Err(InvalidField::new(
                "/subtotal",
                format!("{} is not the sum of the lines {}", self.subtotal, line_net),
            ));
        }
        let mut tax = Decimal::ZERO;
        for (index, summary) in self.taxes.iter().enumerate() {
            validation::money(&format!("/taxes/{index}/net"), summary.net, currency)?;
            validation::money(&format!("/taxes/{index}/tax"), summary.tax, currency)?;
            tax += summary.tax;
        }
        if !self.taxes.is_empty() && tax != self.tax_total {
            return Err(InvalidField::new(
                "/tax_total",
                format!("{} is not the sum of the taxes {}", self.tax_total, tax),
            ));
        }
        Ok(())
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    pub(crate) fn date(text: &str) -> NaiveDate {
        text.parse().unwrap()
    }

    pub(crate) fn dec(text: &str) -> Decimal {
        text.parse().unwrap()
    }

    /// An invoice of `total` (no tax), `paid` so far, due on `due`.
    pub(crate) fn invoice(id: &str, total: &str, paid: &str, due: &str) -> Invoice {
        Invoice {
            id: id.into(),
            account_id: "acc-1".into(),
            number: format!("INV-{id}"),
            currency: Currency::GBP,
            issue_date: date("2024-01-01"),
            due_date: date(due),
            reference: None,
            lines: Vec::new(),
            taxes: Vec::new(),
            subtotal: dec(total),
            tax_total: Decimal::ZERO,
            total: dec(total),
            amount_paid: dec(paid),
            plan_id: None,
            pdf_url: None,
        }
    }

    fn with_lines() -> Invoice {
        let mut invoice = invoice("1", "120.00", "0", "2024-02-01");
        invoice.subtotal = dec("100.00");
        invoice.tax_total = dec("20.00");
        invoice.lines = vec![
            InvoiceLine {
                id: "a".into(),
                description: "Widgets".into(),
                quantity: dec("3"),
                unit_price: dec("20.005"),
                net: dec("60.00"),
                tax: dec("12.00"),
            },
            InvoiceLine {
                id: "b".into(),
                description: "Delivery".into(),
                quantity: dec("1"),
                unit_price: dec("40"),
                net: dec("40.00"),
                tax: dec("8.00"),
            },
        ];
        invoice.taxes = vec![TaxSummary {
            label: "VAT 20%".into(),
            rate_percent: dec("20"),
            net: dec("100.00"),
            tax: dec("20.00"),
        }];
        invoice
    }

    #[test]
    fn open_and_status() {
        let as_of = date("2024-03-01");
        let mut inv = invoice("1", "100.00", "40.00", "2024-03-01");
        assert_eq!(inv.open(), dec("60.00"));
        assert_eq!(inv.status(as_of, false), InvoiceStatus::Open);
        inv.due_date = date("2024-02-29");
        assert_eq!(inv.days_past_due(as_of), 1);
        assert_eq!(inv.status(as_of, false), InvoiceStatus::Overdue);
        assert_eq!(inv.status(as_of, true), InvoiceStatus::Disputed);
        inv.plan_id = Some("plan-1".into());
        assert_eq!(inv.status(as_of, false), InvoiceStatus::InPlan);
        inv.amount_paid = dec("100.00");
        assert_eq!(inv.status(as_of, true), InvoiceStatus::Paid);
        let credit = invoice("2", "-10.00", "0", "2024-03-01");
        assert_eq!(credit.status(as_of, false), InvoiceStatus::Credit);
    }

    #[test]
    fn a_consistent_invoice_validates() {
        assert_eq!(with_lines().validate(), Ok(()));
        assert_eq!(with_lines().lines[0].gross(), dec("72.00"));
        assert_eq!(
            invoice("2", "-10.00", "-4.00", "2024-03-01").validate(),
            Ok(())
        );
    }

    #[test]
    fn inconsistent_invoices_name_the_field() {
        let field = |invoice: Invoice| invoice.validate().unwrap_err().field;
        let mut bad = with_lines();
        bad.total = dec("121.00");
        assert_eq!(field(bad), "/total");
        let mut bad = with_lines();
        bad.lines[1].net = dec("40.001");
        assert_eq!(field(bad), "/lines/1/net");
        let mut bad = with_lines();
        bad.lines[1].id = "a".into();
        assert_eq!(field(bad), "/lines/1/id");
        let mut bad = with_lines();
        bad.lines[1].net = dec("41.00");
        assert_eq!(field(bad), "/subtotal");
        let mut bad = with_lines();
        bad.taxes[0].tax = dec("19.00");
        assert_eq!(field(bad), "/tax_total");
        let mut bad = with_lines();
        bad.amount_paid = dec("120.01");
        assert_eq!(field(bad), "/amount_paid");
        let mut bad = with_lines();
        bad.due_date = date("2023-12-31");
        assert_eq!(field(bad), "/due_date");
    }

    #[test]
    fn serde_shape() {
        let json = serde_json::to_value(with_lines()).unwrap();
        assert_eq!(json["total"], "120.00");
        assert_eq!(json["lines"][0]["unit_price"], "20.005");
        assert_eq!(json["currency"], "GBP");
        let back: Invoice = serde_json::from_value(json).unwrap();
        assert_eq!(back, with_lines());
    }
}
