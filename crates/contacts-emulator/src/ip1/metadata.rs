//! Metadata iP1 computes for a contact's phone number.

use serde_json::{Map, Value, json};
use std::collections::BTreeMap;

/// Sweden's country code: iP1 is a Swedish vendor, and both Swedish numbers its document shows
/// (the example response's `+46123456789`, the C# sample's `46712345678`) are answered as
/// valid `MOBILE`, although libphonenumber's range tables call the first a fixed line and the
/// second unassigned. The emulator follows the document: a possible Swedish number is valid
/// `MOBILE`.
const SWEDEN: u16 = 46;

/// `{"phoneNumber":{…}}` for a phone number: possible, valid, type and MSISDN from the
/// `phonenumber` crate (libphonenumber's data; Swedish numbers as the document shows them, see
/// [`SWEDEN`]), blocked when its MSISDN is a key of `blacklist` (MSISDN → when it was added). Values are the
/// strings `"true"`/`"false"` as the vendor documents. A number of digits only is read as
/// international, as if it had a `+` (the vendor's own sample sends `46712345678`); a number
/// that still does not parse (a national `0…` one, text) is neither possible nor valid, of type
/// `UNKNOWN`, with no MSISDN.
pub fn phone_metadata(phone: &str, blacklist: &BTreeMap<String, String>) -> Map<String, Value> {
    let flag = |b: bool| if b { "true" } else { "false" };
    let mut fields = Map::new();
    match phonenumber::parse(None, international(phone)) {
        Ok(number) => {
            let e164 = number.format().mode(phonenumber::Mode::E164).to_string();
            let msisdn = e164.trim_start_matches('+').to_owned();
            let (valid, kind) = if number.code().value() == SWEDEN && is_possible(&msisdn) {
                (true, "MOBILE")
            } else {
                let kind = number.number_type(&phonenumber::metadata::DATABASE);
                (phonenumber::is_valid(&number), type_name(kind))
            };
            fields.insert(
                "isPossiblePhoneNumber".into(),
                json!(flag(is_possible(&msisdn))),
            );
            fields.insert("isValidPhoneNumber".into(), json!(flag(valid)));
            fields.insert("phoneNumberType".into(), json!(kind));
            fields.insert(
                "isBlocked".into(),
                json!(flag(blacklist.contains_key(&msisdn))),
            );
            fields.insert("parsedMSISDN".into(), json!(msisdn));
        }
        Err(_) => {
            fields.insert("isPossiblePhoneNumber".into(), json!("false"));
            fields.insert("isValidPhoneNumber".into(), json!("false"));
            fields.insert("phoneNumberType".into(), json!("UNKNOWN"));
            let digits: String = phone.chars().filter(char::is_ascii_digit).collect();
            fields.insert(
                "isBlocked".into(),
                json!(flag(blacklist.contains_key(&digits))),
            );
        }
    }
    fields
}

/// `phone` with a `+` in front when it is digits only (surrounding blanks aside).
fn international(phone: &str) -> String {
    let trimmed = phone.trim();
    if !trimmed.is_empty() && trimmed.bytes().all(|b| b.is_ascii_digit()) {
        format!("+{trimmed}")
    } else {
        phone.to_owned()
    }
}

/// E.164 allows 15 digits at most; below 8 no country's numbers fit.
fn is_possible(msisdn: &str) -> bool {
    (8..=15).contains(&msisdn.len())
}

fn type_name(kind: phonenumber::Type) -> &'static str {
    use phonenumber::Type;
    match kind {
        Type::FixedLine => "FIXED_LINE",
        Type::Mobile => "MOBILE",
        Type::FixedLineOrMobile => "FIXED_LINE_OR_MOBILE",
        Type::TollFree => "TOLL_FREE",
        Type::PremiumRate => "PREMIUM_RATE",
        Type::SharedCost => "SHARED_COST",
        Type::PersonalNumber => "PERSONAL_NUMBER",
        Type::Voip => "VOIP",
        Type::Pager => "PAGER",
        Type::Uan => "UAN",
        Type::Voicemail => "VOICEMAIL",
        _ => "UNKNOWN",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn swedish_mobile_is_valid_and_blocked_when_listed() {
        let mut blacklist = BTreeMap::new();
        let meta = phone_metadata("+46701234567", &blacklist);
        assert_eq!(meta["isValidPhoneNumber"], "true");
        assert_eq!(meta["phoneNumberType"], "MOBILE");
        assert_eq!(meta["parsedMSISDN"], "46701234567");
        assert_eq!(meta["isBlocked"], "false");
        blacklist.insert("46701234567".into(), "2019-11-01T16:32:18.253".into());
        assert_eq!(
            phone_metadata("+46701234567", &blacklist)["isBlocked"],
            "true"
        );
        for documented in ["+46123456789", "46712345678"] {
            let meta = phone_metadata(documented, &blacklist);
            assert_eq!(meta["isValidPhoneNumber"], "true", "{documented}");
            assert_eq!(meta["phoneNumberType"], "MOBILE", "{documented}");
        }
        let elsewhere = phone_metadata("+12025550143", &blacklist);
        assert_ne!(
            elsewhere["phoneNumberType"], "MOBILE",
            "libphonenumber outside Sweden"
        );
        let bad = phone_metadata("not a number", &blacklist);
        assert_eq!(bad["isValidPhoneNumber"], "false");
        let national = phone_metadata("0701234567", &blacklist);
        assert_eq!(national["isPossiblePhoneNumber"], "false");
        assert!(national.get("parsedMSISDN").is_none());
    }
}
