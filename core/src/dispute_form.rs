//! The raise-dispute form: the reason, the lines ticked (none: the whole invoice), the
//! amount as typed and the description, read into a checked [`RaiseDispute`]. It also
//! gives the most the customer may dispute on the lines ticked, which the app shows live;
//! each broken rule names its field ([`RuleBreach::field`]) so the app shows it there.
//!
//! [`RuleBreach::field`]: crate::validation::RuleBreach::field

use crate::dispute::{disputable_amount, Dispute, DisputeError, DisputeReason, RaiseDispute};
use crate::invoice::Invoice;
use crate::money::Money;

/// The form's fields, as the customer left them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DisputeChoice {
    /// Why.
    pub reason: DisputeReason,
    /// The lines ticked; empty for the whole invoice.
    pub line_ids: Vec<String>,
    /// The amount as typed; empty for [`DisputeChoice::most`].
    pub amount: String,
    /// What happened.
    pub description: String,
}

impl DisputeChoice {
    /// The most that may be disputed on the lines ticked, or on the whole invoice when
    /// none are; when nothing can be, why not.
    pub fn most(&self, invoice: &Invoice, disputes: &[Dispute]) -> Result<Money, DisputeError> {
        disputable_amount(invoice, &self.line_ids, disputes)
    }

    /// The dispute to send, checked against the invoice and the disputes already on it.
    /// An empty amount disputes [`DisputeChoice::most`]; the lines go in the invoice's
    /// order, whatever order they were ticked in.
    pub fn request(
        &self,
        invoice: &Invoice,
        disputes: &[Dispute],
        attachment_ids: Vec<String>,
    ) -> Result<RaiseDispute, DisputeError> {
        let amount = match self.amount.trim() {
            "" => self.most(invoice, disputes)?,
            typed => Money::parse(typed, invoice.currency)?,
        };
        let mut line_ids: Vec<String> = invoice
            .lines
            .iter()
            .filter(|line| self.line_ids.contains(&line.id))
            .map(|line| line.id.clone())
            .collect();
        // Ids the invoice does not have stay, so the check names them.
        line_ids.extend(
            self.line_ids
                .iter()
                .filter(|id| !invoice.lines.iter().any(|line| &line.id == *id))
                .cloned(),
        );
        let request = RaiseDispute {
            invoice_id: invoice.id.clone(),
            line_ids,
            reason: self.reason,
            currency: invoice.currency,
            amount: amount.amount(),
            description: self.description.clone(),
            attachment_ids,
        };
        request.check(invoice, disputes)?;
        Ok(request)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dispute::tests::dispute;
    use crate::dispute::DisputeStatus;
    use crate::invoice::tests::{dec, invoice};
    use crate::invoice::InvoiceLine;
    use crate::validation::RuleBreach;

    /// Open 120.00: a 60.00 line, a 36.00 line and a 24.00 line, tax included.
    fn lined() -> Invoice {
        let mut inv = invoice("inv-1", "120.00", "0.00", "2024-02-01");
        inv.lines = [
            ("a", "50.00", "10.00"),
            ("b", "30.00", "6.00"),
            ("c", "20.00", "4.00"),
        ]
        .into_iter()
        .map(|(id, net, tax)| InvoiceLine {
            id: id.into(),
            description: "Item".into(),
            quantity: dec("1"),
            unit_price: dec(net),
            net: dec(net),
            tax: dec(tax),
        })
        .collect();
        inv.subtotal = dec("100.00");
        inv.tax_total = dec("20.00");
        inv
    }

    fn choice(lines: &[&str], amount: &str) -> DisputeChoice {
        DisputeChoice {
            reason: DisputeReason::WrongPriceOrQuantity,
            line_ids: lines.iter().map(|l| (*l).to_owned()).collect(),
            amount: amount.into(),
            description: String::new(),
        }
    }

    #[test]
    fn the_most_follows_the_lines_ticked() {
        let inv = lined();
        let most = |lines: &[&str]| choice(lines, "").most(&inv, &[]).unwrap().amount();
        assert_eq!(most(&[]), dec("120.00"));
        assert_eq!(most(&["b"]), dec("36.00"));
        assert_eq!(most(&["c", "b"]), dec("60.00"));
        // Another open dispute leaves less of the invoice than the lines come to.
        let earlier = [dispute("d1", "inv-1", "100.00", DisputeStatus::Submitted)];
        let left = choice(&["a"], "").most(&inv, &earlier).unwrap();
        assert_eq!(left.amount(), dec("20.00"));
    }

    #[test]
    fn an_empty_amount_disputes_the_most_for_the_lines() {
        let sent = choice(&["c", "a"], " ")
            .request(&lined(), &[], Vec::new())
            .unwrap();
        assert_eq!(sent.amount, dec("84.00"));
        assert_eq!(sent.line_ids, ["a", "c"]);
        let typed = choice(&["b"], "12.50")
            .request(&lined(), &[], Vec::new())
            .unwrap();
        assert_eq!(typed.amount, dec("12.50"));
        assert_eq!(typed.line_ids, ["b"]);
    }

    #[test]
    fn each_refusal_names_the_field_to_change() {
        let field = |c: DisputeChoice| c.request(&lined(), &[], Vec::new()).unwrap_err().field();
        assert_eq!(field(choice(&["b"], "36.01")).as_deref(), Some("/amount"));
        assert_eq!(field(choice(&[], "twelve")).as_deref(), Some("/amount"));
        assert_eq!(field(choice(&[], "0")).as_deref(), Some("/amount"));
        assert_eq!(field(choice(&["z"], "")).as_deref(), Some("/line_ids"));
        let mut other = choice(&[], "5");
        other.reason = DisputeReason::Other;
        assert_eq!(field(other).as_deref(), Some("/description"));
        let over = choice(&["b"], "36.01").request(&lined(), &[], Vec::new());
        assert!(
            matches!(over, Err(DisputeError::AboveLines { ref limit, .. }) if limit.amount() == dec("36.00"))
        );
    }
}
