//! The metadata the store computes when a contact is written: what its phone number is.

use contacts_core::{Properties, keys};

/// `(property.field, value)` pairs for `properties`: for `phoneNumber`, whether it is valid, its
/// type (`MOBILE`, `FIXED_LINE`, …), its E.164 form and MSISDN (digits without `+`). A
/// digits-only number is read as international, as iP1 reads MSISDNs; a number that does not
/// parse is not valid, of type `UNKNOWN`, with no E.164 form. Stored with the contact, so
/// metadata filters are index lookups.
pub fn compute(properties: &Properties) -> Vec<(String, String)> {
    let Some(raw) = properties.phone_number() else {
        return Vec::new();
    };
    let field =
        |name: &str, value: &str| (format!("{}.{name}", keys::PHONE_NUMBER), value.to_owned());
    let digits_only = !raw.is_empty() && raw.chars().all(|c| c.is_ascii_digit());
    let text = if digits_only && !raw.starts_with('0') {
        format!("+{raw}")
    } else {
        raw.to_owned()
    };
    match phonenumber::parse(None, &text) {
        Ok(number) => {
            let e164 = number.format().mode(phonenumber::Mode::E164).to_string();
            let kind = number.number_type(&phonenumber::metadata::DATABASE);
            vec![
                field(
                    "isValidPhoneNumber",
                    bool_text(phonenumber::is_valid(&number)),
                ),
                field("phoneNumberType", type_name(kind)),
                field("parsedMSISDN", e164.trim_start_matches('+')),
                field("e164", &e164),
            ]
        }
        Err(_) => vec![
            field("isValidPhoneNumber", "false"),
            field("phoneNumberType", "UNKNOWN"),
        ],
    }
}

fn bool_text(b: bool) -> &'static str {
    if b { "true" } else { "false" }
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
    fn a_digits_only_msisdn_is_read_as_international() {
        let props: Properties = [("phoneNumber", "46701234567")].into_iter().collect();
        let meta = compute(&props);
        assert!(
            meta.contains(&("phoneNumber.isValidPhoneNumber".into(), "true".into())),
            "{meta:?}"
        );
        assert!(
            meta.contains(&("phoneNumber.phoneNumberType".into(), "MOBILE".into())),
            "{meta:?}"
        );
        assert!(
            meta.contains(&("phoneNumber.e164".into(), "+46701234567".into())),
            "{meta:?}"
        );
        let garbage: Properties = [("phoneNumber", "call me")].into_iter().collect();
        assert!(
            compute(&garbage).contains(&("phoneNumber.isValidPhoneNumber".into(), "false".into()))
        );
        assert!(compute(&Properties::new()).is_empty());
    }
}
