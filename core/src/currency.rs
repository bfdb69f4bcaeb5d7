//! Currencies: the ISO 4217 table of active codes and their minor units.
//!
//! The minor units say how many decimal places an amount may have: 2 for most currencies,
//! 0 for JPY, KRW and the like, 3 for BHD, IQD, JOD, KWD, LYD, OMR and TND, 4 for the
//! accounting units CLF and UYW. Precious metals and testing codes (XAU, XXX, ...) have no
//! minor units and are not currencies a customer can owe, so they are not in the table.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::message::{display_by_message, Explain, Message, Value};

/// An ISO 4217 currency with its minor units. Two values are equal when their codes are.
///
/// On the wire it is the three-letter code, `"GBP"`. Reading accepts any letter case
/// (some payment APIs send `"gbp"`) and always writes upper case.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Currency {
    code: &'static str,
    minor_units: u32,
}

/// Why a currency code was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct UnknownCurrency(pub String);

impl Explain for UnknownCurrency {
    fn message(&self) -> Message {
        Message::new(
            "'{}' is not an ISO 4217 currency code with minor units (for example GBP, EUR, USD, JPY)",
            vec![Value::verbatim(&self.0)],
        )
    }
}

display_by_message!(UnknownCurrency);

const fn c(code: &'static str, minor_units: u32) -> Currency {
    Currency { code, minor_units }
}

impl Currency {
    /// Pound sterling (2 minor units).
    pub const GBP: Currency = c("GBP", 2);
    /// Euro (2 minor units).
    pub const EUR: Currency = c("EUR", 2);
    /// US dollar (2 minor units).
    pub const USD: Currency = c("USD", 2);
    /// Japanese yen (no minor units).
    pub const JPY: Currency = c("JPY", 0);
    /// Kuwaiti dinar (3 minor units).
    pub const KWD: Currency = c("KWD", 3);

    /// Every active ISO 4217 currency that has minor units, sorted by code.
    pub const ALL: &'static [Currency] = &[
        c("AED", 2),
        c("AFN", 2),
        c("ALL", 2),
        c("AMD", 2),
        c("ANG", 2),
        c("AOA", 2),
        c("ARS", 2),
        c("AUD", 2),
        c("AWG", 2),
        c("AZN", 2),
        c("BAM", 2),
        c("BBD", 2),
        c("BDT", 2),
        c("BGN", 2),
        c("BHD", 3),
        c("BIF", 0),
        c("BMD", 2),
        c("BND", 2),
        c("BOB", 2),
        c("BOV", 2),
        c("BRL", 2),
        c("BSD", 2),
        c("BTN", 2),
        c("BWP", 2),
        c("BYN", 2),
        c("BZD", 2),
        c("CAD", 2),
        c("CDF", 2),
        c("CHE", 2),
        c("CHF", 2),
        c("CHW", 2),
        c("CLF", 4),
        c("CLP", 0),
        c("CNY", 2),
        c("COP", 2),
        c("COU", 2),
        c("CRC", 2),
        c("CUP", 2),
        c("CVE", 2),
        c("CZK", 2),
        c("DJF", 0),
        c("DKK", 2),
        c("DOP", 2),
        c("DZD", 2),
        c("EGP", 2),
        c("ERN", 2),
        c("ETB", 2),
        c("EUR", 2),
        c("FJD", 2),
        c("FKP", 2),
        c("GBP", 2),
        c("GEL", 2),
        c("GHS", 2),
        c("GIP", 2),
        c("GMD", 2),
        c("GNF", 0),
        c("GTQ", 2),
        c("GYD", 2),
        c("HKD", 2),
        c("HNL", 2),
        c("HTG", 2),
        c("HUF", 2),
        c("IDR", 2),
        c("ILS", 2),
        c("INR", 2),
        c("IQD", 3),
        c("IRR", 2),
        c("ISK", 0),
        c("JMD", 2),
        c("JOD", 3),
        c("JPY", 0),
        c("KES", 2),
        c("KGS", 2),
        c("KHR", 2),
        c("KMF", 0),
        c("KPW", 2),
        c("KRW", 0),
        c("KWD", 3),
        c("KYD", 2),
        c("KZT", 2),
        c("LAK", 2),
        c("LBP", 2),
        c("LKR", 2),
        c("LRD", 2),
        c("LSL", 2),
        c("LYD", 3),
        c("MAD", 2),
        c("MDL", 2),
        c("MGA", 2),
        c("MKD", 2),
        c("MMK", 2),
        c("MNT", 2),
        c("MOP", 2),
        c("MRU", 2),
        c("MUR", 2),
        c("MVR", 2),
        c("MWK", 2),
        c("MXN", 2),
        c("MXV", 2),
        c("MYR", 2),
        c("MZN", 2),
        c("NAD", 2),
        c("NGN", 2),
        c("NIO", 2),
        c("NOK", 2),
        c("NPR", 2),
        c("NZD", 2),
        c("OMR", 3),
        c("PAB", 2),
        c("PEN", 2),
        c("PGK", 2),
        c("PHP", 2),
        c("PKR", 2),
        c("PLN", 2),
        c("PYG", 0),
        c("QAR", 2),
        c("RON", 2),
        c("RSD", 2),
        c("RUB", 2),
        c("RWF", 0),
        c("SAR", 2),
        c("SBD", 2),
        c("SCR", 2),
        c("SDG", 2),
        c("SEK", 2),
        c("SGD", 2),
        c("SHP", 2),
        c("SLE", 2),
        c("SOS", 2),
        c("SRD", 2),
        c("SSP", 2),
        c("STN", 2),
        c("SVC", 2),
        c("SYP", 2),
        c("SZL", 2),
        c("THB", 2),
        c("TJS", 2),
        c("TMT", 2),
        c("TND", 3),
        c("TOP", 2),
        c("TRY", 2),
        c("TTD", 2),
        c("TWD", 2),
        c("TZS", 2),
        c("UAH", 2),
        c("UGX", 0),
        c("USD", 2),
        c("USN", 2),
        c("UYI", 0),
        c("UYU", 2),
        c("UYW", 4),
        c("UZS", 2),
        c("VED", 2),
        c("VES", 2),
        c("VND", 0),
        c("VUV", 0),
        c("WST", 2),
        c("XAF", 0),
        c("XCD", 2),
        c("XCG", 2),
        c("XOF", 0),
        c("XPF", 0),
        c("YER", 2),
        c("ZAR", 2),
        c("ZMW", 2),
        c("ZWG", 2),
    ];

    /// Looks a code up in the table, in any letter case.
    pub fn from_code(code: &str) -> Result<Currency, UnknownCurrency> {
        let upper = code.to_ascii_uppercase();
        Self::ALL
            .binary_search_by(|currency| currency.code.cmp(upper.as_str()))
            .map(|index| Self::ALL[index])
            .map_err(|_| UnknownCurrency(code.to_owned()))
    }

    /// The three-letter upper-case code, e.g. `"GBP"`.
    pub fn code(self) -> &'static str {
        self.code
    }

    /// How many decimal places an amount in this currency may have.
    pub fn minor_units(self) -> u32 {
        self.minor_units
    }
}

impl fmt::Display for Currency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code)
    }
}

impl FromStr for Currency {
    type Err = UnknownCurrency;

    fn from_str(code: &str) -> Result<Self, Self::Err> {
        Currency::from_code(code)
    }
}

impl PartialEq<str> for Currency {
    fn eq(&self, other: &str) -> bool {
        self.code == other
    }
}

impl PartialEq<&str> for Currency {
    fn eq(&self, other: &&str) -> bool {
        self.code == *other
    }
}

impl Serialize for Currency {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.code)
    }
}

impl<'de> Deserialize<'de> for Currency {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let code = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
        Currency::from_code(&code).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_is_sorted_unique_and_well_formed() {
        for pair in Currency::ALL.windows(2) {
            assert!(pair[0].code < pair[1].code, "{} then {}", pair[0], pair[1]);
        }
        for currency in Currency::ALL {
            assert_eq!(currency.code.len(), 3);
            assert!(currency.code.bytes().all(|b| b.is_ascii_uppercase()));
            assert!(currency.minor_units <= 4);
        }
    }

    #[test]
    fn minor_units_follow_iso_4217() {
        let units = |code: &str| Currency::from_code(code).unwrap().minor_units();
        for code in [
            "JPY", "KRW", "ISK", "CLP", "VND", "XAF", "XOF", "XPF", "UGX", "PYG",
        ] {
            assert_eq!(units(code), 0, "{code}");
        }
        for code in ["BHD", "KWD", "OMR", "JOD", "TND", "IQD", "LYD"] {
            assert_eq!(units(code), 3, "{code}");
        }
        for code in ["GBP", "EUR", "USD", "CHF", "HUF", "INR", "ZAR"] {
            assert_eq!(units(code), 2, "{code}");
        }
        assert_eq!(units("CLF"), 4);
        assert_eq!(Currency::GBP, Currency::from_code("GBP").unwrap());
        assert_eq!(Currency::JPY.minor_units(), 0);
        assert_eq!(Currency::KWD.minor_units(), 3);
    }

    #[test]
    fn lookup_ignores_case_and_refuses_unknown_codes() {
        assert_eq!(Currency::from_code("gbp"), Ok(Currency::GBP));
        assert_eq!("eur".parse::<Currency>(), Ok(Currency::EUR));
        for code in ["", "XAU", "XXX", "GB", "GBPX", "ABC"] {
            assert_eq!(
                Currency::from_code(code),
                Err(UnknownCurrency(code.to_owned()))
            );
        }
    }

    #[test]
    fn serde_is_the_code() {
        assert_eq!(serde_json::to_string(&Currency::GBP).unwrap(), r#""GBP""#);
        let read: Currency = serde_json::from_str(r#""usd""#).unwrap();
        assert_eq!(read, Currency::USD);
        let error = serde_json::from_str::<Currency>(r#""XYZ""#).unwrap_err();
        assert!(error.to_string().contains("'XYZ' is not an ISO 4217"));
        assert!(Currency::GBP == "GBP");
    }
}
