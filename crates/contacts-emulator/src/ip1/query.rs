//! The query string of iP1 collection calls: filters, pagination, flags.

use std::collections::BTreeMap;

/// Sort direction.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Order {
    /// Creation order.
    Asc,
    /// Reverse creation order.
    Desc,
}

/// Everything a collection call can say in its query.
#[derive(Debug, Clone)]
pub struct Params {
    /// `labels=L`, repeatable.
    pub labels: Vec<String>,
    /// `properties[key]=value`.
    pub properties: BTreeMap<String, String>,
    /// `metadata[property.field]=value`.
    pub metadata: BTreeMap<String, String>,
    /// `start` (default 0).
    pub start: usize,
    /// `limit` (default 50).
    pub limit: usize,
    /// `order` (default ASC).
    pub order: Order,
    /// `meta` present (any value).
    pub meta: bool,
    /// `sync` present (any value).
    pub sync: bool,
    /// The pairs that are not pagination, to rebuild links.
    pub kept: Vec<(String, String)>,
}

/// Default page size: 50, as the vendor notes report for iP1's v2 collections (the contacts
/// document itself does not mention paging; see docs/emulators.md).
pub const DEFAULT_LIMIT: usize = 50;
/// Largest page size (the vendor does not say; see docs/emulators.md).
pub const MAX_LIMIT: usize = 1000;

impl Params {
    /// Parses a raw query; `Err` says which parameter is invalid.
    pub fn parse(raw: Option<&str>) -> Result<Self, String> {
        let mut params = Params {
            labels: Vec::new(),
            properties: BTreeMap::new(),
            metadata: BTreeMap::new(),
            start: 0,
            limit: DEFAULT_LIMIT,
            order: Order::Asc,
            meta: false,
            sync: false,
            kept: Vec::new(),
        };
        for (key, value) in url::form_urlencoded::parse(raw.unwrap_or("").as_bytes()) {
            let (key, value) = (key.into_owned(), value.into_owned());
            match key.as_str() {
                "start" => {
                    params.start = value
                        .parse()
                        .map_err(|_| format!("start={value:?} is not a non-negative integer"))?;
                    continue;
                }
                "limit" => {
                    let limit: usize = value
                        .parse()
                        .map_err(|_| format!("limit={value:?} is not an integer"))?;
                    if !(1..=MAX_LIMIT).contains(&limit) {
                        return Err(format!("limit must be between 1 and {MAX_LIMIT}"));
                    }
                    params.limit = limit;
                    continue;
                }
                "order" => {
                    params.order = match value.to_ascii_uppercase().as_str() {
                        "ASC" => Order::Asc,
                        "DESC" => Order::Desc,
                        _ => return Err(format!("order={value:?} is not ASC or DESC")),
                    };
                    continue;
                }
                "labels" => params.labels.push(value.clone()),
                "meta" => params.meta = true,
                "sync" => params.sync = true,
                other => {
                    if let Some(name) = other
                        .strip_prefix("properties[")
                        .and_then(|k| k.strip_suffix(']'))
                    {
                        params.properties.insert(name.to_owned(), value.clone());
                    } else if let Some(path) = other
                        .strip_prefix("metadata[")
                        .and_then(|k| k.strip_suffix(']'))
                    {
                        params.metadata.insert(path.to_owned(), value.clone());
                    }
                }
            }
            params.kept.push((key, value));
        }
        Ok(params)
    }
}
