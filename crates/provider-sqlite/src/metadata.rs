//! The metadata the store computes when a contact is written: what its phone number is.

use contacts_core::{Properties, keys};

/// `(property.field, value)` pairs for `properties`: for `phoneNumber`, read by contacts-phone
/// without a default region (a digits-only number is read as international, as iP1 reads
/// MSISDNs), whether it is valid, its type (`MOBILE`, `FIXED_LINE`, …), its E.164 form and its
/// MSISDN (digits without `+`). A number that cannot be read is not valid, of type `UNKNOWN`,
/// with no E.164 form. Stored with the contact, so metadata filters are index lookups.
pub fn compute(properties: &Properties) -> Vec<(String, String)> {
    let Some(raw) = properties.phone_number() else {
        return Vec::new();
    };
    let field =
        |name: &str, value: &str| (format!("{}.{name}", keys::PHONE_NUMBER), value.to_owned());
    match contacts_phone::normalize(raw, None) {
        Ok(number) => vec![
            field(
                "isValidPhoneNumber",
                if number.is_valid() { "true" } else { "false" },
            ),
            field("phoneNumberType", number.number_type().as_str()),
            field("parsedMSISDN", number.e164().trim_start_matches('+')),
            field("e164", number.e164()),
        ],
        Err(_) => vec![
            field("isValidPhoneNumber", "false"),
            field("phoneNumberType", "UNKNOWN"),
        ],
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
