//! iP1's account summary (`GET /contacts/meta`) behind the neutral [`Summarize`].

use crate::mapping::SYSTEM_LABEL;
use crate::provider::Ip1Provider;
use contacts_core::optional::{AccountSummary, LabelCount, PropertyCount, Summarize};
use contacts_core::{Result, async_trait};

#[async_trait]
impl Summarize for Ip1Provider {
    /// `GET /contacts/meta`, with the system label `all` left out.
    async fn summarize(&self) -> Result<AccountSummary> {
        let summary = self.summary().await?;
        let mut labels: Vec<LabelCount> = summary
            .labels
            .into_iter()
            .filter(|l| l.label_name != SYSTEM_LABEL)
            .map(|l| LabelCount {
                label: l.label_name,
                count: l.usage_count,
            })
            .collect();
        labels.sort_by(|a, b| a.label.cmp(&b.label));
        let mut properties: Vec<PropertyCount> = summary
            .properties
            .into_iter()
            .map(|p| PropertyCount {
                key: p.property_name,
                count: p.usage_count,
            })
            .collect();
        properties.sort_by(|a, b| a.key.cmp(&b.key));
        Ok(AccountSummary {
            total_count: summary.total_count,
            labels,
            properties,
        })
    }
}
