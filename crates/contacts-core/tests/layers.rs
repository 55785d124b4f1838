//! Each layer proven on a mock: Checked refuses every class of input before the provider sees
//! it, Tracing opens one span per operation with no personal data, ReadOnly refuses every
//! write, and layers compose. A vendor's extras keep the layers (through an optional
//! capability, or `Traced::in_span`), and reaching inside a layer is explicit (`get_ref`,
//! `get_mut`, `into_inner`; no `Deref`).

use contacts_core::layer::{
    self, Checked, CheckedLayer, ReadOnly, ReadOnlyLayer, Traced, TracingLayer,
};
use contacts_core::optional::{LabelAdmin, LabelCount};
use contacts_core::{
    Capabilities, Contact, ContactFilter, ContactId, ContactPatch, ContactProvider,
    ContactProviderExt, ContactQuery, DeleteTarget, Error, GetOptions, InMemoryProvider,
    KeySupport, MockContactProvider, NewContact, Page, ProviderConfig, Registry,
};
use std::sync::{Arc, Mutex};

fn rt() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .build()
        .unwrap()
}

/// A mock declaring `caps` that fails the test if any operation reaches it.
fn untouchable(caps: Capabilities) -> MockContactProvider {
    let mut mock = MockContactProvider::new();
    mock.expect_name().return_const("mock".to_owned());
    mock.expect_capabilities().return_const(caps);
    mock.expect_get().never();
    mock.expect_list_page().never();
    mock.expect_create().never();
    mock.expect_update().never();
    mock.expect_replace().never();
    mock.expect_delete().never();
    mock.expect_delete_matching().never();
    mock
}

fn contact(id: &str) -> Contact {
    Contact {
        id: ContactId::new(id),
        owner_id: None,
        properties: Default::default(),
        labels: Default::default(),
        metadata: None,
        address_book: None,
        card: None,
    }
}

fn is_invalid(field: &str) -> impl Fn(&Error) -> bool + '_ {
    move |e| matches!(e, Error::InvalidInput { field: f, .. } if f.starts_with(field))
}

#[tokio::test]
async fn checked_refuses_undeclared_operations_before_the_provider() {
    let p = untouchable(Capabilities::default()).layer(CheckedLayer);
    let id = ContactId::new("1");
    let refusals = [
        p.get(&id, &GetOptions::with_metadata()).await.unwrap_err(),
        p.create(&[NewContact::new().label("VIP")])
            .await
            .unwrap_err(),
        p.update(&id, &ContactPatch::new().set("a", "b"))
            .await
            .unwrap_err(),
        p.replace(&id, &NewContact::new()).await.unwrap_err(),
        p.delete_matching(&DeleteTarget::EveryContact)
            .await
            .unwrap_err(),
        p.list_page(
            &ContactQuery::new().filter(ContactFilter::new().label("x")),
            None,
        )
        .await
        .unwrap_err(),
        p.list_page(
            &ContactQuery::new().filter(ContactFilter::new().property("k", "v")),
            None,
        )
        .await
        .unwrap_err(),
        p.list_page(&ContactQuery::new().with_metadata(), None)
            .await
            .unwrap_err(),
        p.list_page(
            &ContactQuery::new().order(contacts_core::Order::Descending),
            None,
        )
        .await
        .unwrap_err(),
        p.create(&[NewContact::new().address_book("7")])
            .await
            .unwrap_err(),
    ];
    for err in refusals {
        assert!(err.is_unsupported(), "{err:?}");
        assert!(
            err.to_string().starts_with("mock does not support"),
            "{err}"
        );
    }
}

#[tokio::test]
async fn checked_refuses_bad_input_before_the_provider() {
    let mut caps = Capabilities::full();
    caps.keys = KeySupport::Fixed {
        keys: vec!["phoneNumber".into(), "firstName".into()],
    };
    caps.required_keys = vec!["phoneNumber".into()];
    caps.max_batch_size = 2;
    caps.max_page_size = 10;
    caps.max_value_chars = Some(5);
    let p = untouchable(caps).layer(CheckedLayer);
    let id = ContactId::new("1");
    let ok = || NewContact::new().property("phoneNumber", "+461");
    // Out of the declared page sizes (1 to 10), a filter that names nothing, a metadata key
    // that is not `property.field`.
    let (size_0, size_11) = (
        ContactQuery::new().page_size(0),
        ContactQuery::new().page_size(11),
    );
    let no_filter = DeleteTarget::Matching(ContactFilter::new());
    let bad_metadata_key = DeleteTarget::Matching(ContactFilter::new().metadata("nodot", "x"));
    let cases: Vec<(&str, Error)> = vec![
        ("contacts", p.create(&[]).await.unwrap_err()),
        ("contacts", p.create(&[ok(), ok(), ok()]).await.unwrap_err()),
        (
            "contacts[1].properties.email",
            p.create(&[ok(), ok().property("email", "x")])
                .await
                .unwrap_err(),
        ),
        (
            "contacts[0].properties",
            p.create(&[ok().property("", "x")]).await.unwrap_err(),
        ),
        (
            "contacts[0].properties.firstName",
            p.create(&[ok().property("firstName", "toolong")])
                .await
                .unwrap_err(),
        ),
        (
            "contacts[0].properties.phoneNumber",
            p.create(&[NewContact::new().property("firstName", "A")])
                .await
                .unwrap_err(),
        ),
        (
            "contacts[0].labels",
            p.create(&[ok().label("")]).await.unwrap_err(),
        ),
        (
            "properties.phoneNumber",
            p.update(&id, &ContactPatch::new().remove("phoneNumber"))
                .await
                .unwrap_err(),
        ),
        (
            "properties.email",
            p.replace(&id, &ok().property("email", "x"))
                .await
                .unwrap_err(),
        ),
        ("page_size", p.list_page(&size_0, None).await.unwrap_err()),
        ("page_size", p.list_page(&size_11, None).await.unwrap_err()),
        (
            "page_size",
            p.list_page_deferred(&size_0, None).await.unwrap_err(),
        ),
        ("filter", p.delete_matching(&no_filter).await.unwrap_err()),
        (
            "filter.metadata",
            p.delete_matching(&bad_metadata_key).await.unwrap_err(),
        ),
    ];
    for (field, err) in cases {
        assert!(
            is_invalid(field)(&err),
            "expected InvalidInput on {field}, got {err:?}"
        );
    }
}

#[tokio::test]
async fn checked_passes_valid_calls_through_unchanged() {
    let mut mock = MockContactProvider::new();
    mock.expect_name().return_const("mock".to_owned());
    mock.expect_capabilities()
        .return_const(Capabilities::full());
    mock.expect_create()
        .times(1)
        .returning(|batch| Ok(batch.iter().map(|_| contact("9")).collect()));
    mock.expect_delete()
        .times(1)
        .returning(|_| Err(Error::not_found("contact 5")));
    let p = mock.layer(CheckedLayer);
    let made = p
        .create(&[NewContact::new().property("a", "b")])
        .await
        .unwrap();
    assert_eq!(made[0].id.as_str(), "9");
    assert!(
        p.delete(&ContactId::new("5"))
            .await
            .unwrap_err()
            .is_not_found()
    );
}

#[tokio::test]
async fn read_only_refuses_every_write_and_passes_reads() {
    let mut mock = untouchable(Capabilities::full());
    mock.checkpoint();
    mock.expect_name().return_const("mock".to_owned());
    mock.expect_capabilities()
        .return_const(Capabilities::full());
    mock.expect_get()
        .times(1)
        .returning(|id, _| Ok(contact(id.as_str())));
    mock.expect_list_page().times(1).returning(|_, _| {
        Ok(Page {
            items: vec![contact("1")],
            next: None,
        })
    });
    mock.expect_create().never();
    mock.expect_update().never();
    mock.expect_replace().never();
    mock.expect_delete().never();
    mock.expect_delete_matching().never();
    let p = mock.layer(ReadOnlyLayer);
    let id = ContactId::new("1");
    assert_eq!(p.get(&id, &GetOptions::default()).await.unwrap().id, id);
    assert_eq!(
        p.list_page(&ContactQuery::new(), None)
            .await
            .unwrap()
            .items
            .len(),
        1
    );
    let writes = [
        ("create", p.create(&[NewContact::new()]).await.unwrap_err()),
        (
            "update",
            p.update(&id, &ContactPatch::new()).await.unwrap_err(),
        ),
        (
            "replace",
            p.replace(&id, &NewContact::new()).await.unwrap_err(),
        ),
        ("delete", p.delete(&id).await.unwrap_err()),
        (
            "delete_matching",
            p.delete_matching(&DeleteTarget::EveryContact)
                .await
                .unwrap_err(),
        ),
    ];
    for (op, err) in writes {
        assert!(
            matches!(err, Error::PermissionDenied { .. }),
            "{op}: {err:?}"
        );
        assert!(
            err.to_string().contains(&format!("{op} is refused")),
            "{err}"
        );
    }
}

/// Spans seen by the test subscriber: name and every recorded field as text.
#[derive(Clone, Default)]
struct Spans(Arc<Mutex<Vec<Fields>>>);

type Fields = Vec<(String, String)>;

impl<S> tracing_subscriber::Layer<S> for Spans
where
    S: tracing::Subscriber + for<'a> tracing_subscriber::registry::LookupSpan<'a>,
{
    fn on_new_span(
        &self,
        attrs: &tracing::span::Attributes<'_>,
        id: &tracing::span::Id,
        ctx: tracing_subscriber::layer::Context<'_, S>,
    ) {
        let mut fields = vec![("name".to_owned(), attrs.metadata().name().to_owned())];
        attrs.record(&mut Visitor(&mut fields));
        let mut spans = self.0.lock().unwrap();
        spans.push(fields);
        let index = spans.len() - 1;
        ctx.span(id).unwrap().extensions_mut().insert(index);
    }

    fn on_record(
        &self,
        id: &tracing::span::Id,
        values: &tracing::span::Record<'_>,
        ctx: tracing_subscriber::layer::Context<'_, S>,
    ) {
        let index = *ctx.span(id).unwrap().extensions().get::<usize>().unwrap();
        values.record(&mut Visitor(&mut self.0.lock().unwrap()[index]));
    }
}

struct Visitor<'a>(&'a mut Vec<(String, String)>);

impl tracing::field::Visit for Visitor<'_> {
    fn record_debug(&mut self, field: &tracing::field::Field, value: &dyn std::fmt::Debug) {
        self.0.push((
            field.name().to_owned(),
            format!("{value:?}").trim_matches('"').to_owned(),
        ));
    }
}

#[test]
fn tracing_opens_one_span_per_operation_without_personal_data() {
    use tracing_subscriber::layer::SubscriberExt;
    let spans = Spans::default();
    let subscriber = tracing_subscriber::registry().with(spans.clone());
    let _guard = tracing::subscriber::set_default(subscriber);
    rt().block_on(async {
        // The registry wraps its providers in the standard layers, Tracing among them.
        let p = Registry::new()
            .build("memory", &ProviderConfig::new())
            .unwrap();
        let new = NewContact::new()
            .property("phoneNumber", "+46700000001")
            .label("VIP");
        let id = p.create_one(new).await.unwrap().id;
        p.get(&id, &GetOptions::default()).await.unwrap();
        p.list_page(&ContactQuery::new(), None).await.unwrap();
        p.update(&id, &ContactPatch::new().set("email", "ada@example.com"))
            .await
            .unwrap();
        p.replace(
            &id,
            &NewContact::new().property("phoneNumber", "+46700000002"),
        )
        .await
        .unwrap();
        p.delete_matching(&DeleteTarget::Matching(
            ContactFilter::new().label("nobody"),
        ))
        .await
        .unwrap();
        p.delete(&id).await.unwrap();
        let err = p.delete(&id).await.unwrap_err();
        assert!(err.is_not_found());
    });
    let spans = spans.0.lock().unwrap().clone();
    let ops: Vec<&str> = spans
        .iter()
        .filter(|s| s.contains(&("name".into(), "contact_provider".into())))
        .filter_map(|s| {
            s.iter()
                .find(|(k, _)| k == "operation")
                .map(|(_, v)| v.as_str())
        })
        .collect();
    assert_eq!(
        ops,
        [
            "create",
            "get",
            "list_page",
            "update",
            "replace",
            "delete_matching",
            "delete",
            "delete"
        ],
        "one span per operation: {spans:?}"
    );
    let field = |i: usize, key: &str| {
        spans[i]
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.clone())
    };
    assert_eq!(field(0, "provider").as_deref(), Some("memory"));
    assert_eq!(field(0, "count").as_deref(), Some("1"));
    assert_eq!(field(1, "id").as_deref(), Some("1"));
    assert_eq!(field(2, "count").as_deref(), Some("1"), "contacts listed");
    assert_eq!(field(7, "error").as_deref(), Some("not_found"));
    let everything = format!("{spans:?}");
    for private in ["+4670", "VIP", "ada@example.com", "nobody"] {
        assert!(
            !everything.contains(private),
            "{private} leaked into a span: {everything}"
        );
    }
}

#[tokio::test]
async fn layers_compose_and_the_registry_applies_the_standard_ones() {
    let p = untouchable(Capabilities::default())
        .layer(ReadOnlyLayer)
        .layer(CheckedLayer)
        .layer(TracingLayer);
    // Checked (outer) answers first: labels are undeclared, so Unsupported, not denied.
    let err = p.create(&[NewContact::new().label("x")]).await.unwrap_err();
    assert!(err.is_unsupported(), "{err:?}");
    let err = p
        .create(&[NewContact::new().property("a", "b")])
        .await
        .unwrap_err();
    assert!(matches!(err, Error::PermissionDenied { .. }), "{err:?}");
    assert_eq!(p.get_ref().get_ref().get_ref().name(), "mock");

    let mut registry = Registry::empty();
    registry.register("careless", |_| {
        Ok(Box::new(untouchable(Capabilities::default())))
    });
    let built = registry.build("careless", &ProviderConfig::new()).unwrap();
    let err = built
        .delete_matching(&DeleteTarget::EveryContact)
        .await
        .unwrap_err();
    assert!(
        err.is_unsupported(),
        "the registry's Checked layer refused it: {err:?}"
    );
}

/// A vendor's provider: label administration as an optional capability (backed by a vendor
/// call, as iP1's is), and one call of its own that no trait names (`quota`).
#[derive(Debug)]
struct Vendor {
    name: String,
    capabilities: Capabilities,
    /// Every call that reached the vendor.
    seen: Mutex<Vec<String>>,
}

impl Vendor {
    fn new() -> Self {
        let mut capabilities = Capabilities::default();
        capabilities.label_admin = true;
        Vendor {
            name: "vendor".to_owned(),
            capabilities,
            seen: Mutex::default(),
        }
    }

    fn saw(&self, call: String) {
        self.seen.lock().unwrap().push(call);
    }

    /// The vendor's own call: messages left this month in `region` (not empty).
    async fn quota(&self, region: &str) -> contacts_core::Result<u64> {
        self.saw(format!("quota {region}"));
        if region.is_empty() {
            return Err(Error::invalid("region", "a region is needed"));
        }
        Ok(42)
    }
}

#[contacts_core::async_trait]
impl ContactProvider for Vendor {
    fn name(&self) -> &str {
        &self.name
    }

    fn capabilities(&self) -> &Capabilities {
        &self.capabilities
    }

    async fn get(&self, id: &ContactId, _: &GetOptions) -> contacts_core::Result<Contact> {
        Err(Error::contact_not_found(id))
    }

    async fn list_page(
        &self,
        _: &ContactQuery,
        _: Option<contacts_core::PageToken>,
    ) -> contacts_core::Result<Page> {
        Ok(Page::default())
    }

    async fn create(&self, _: &[NewContact]) -> contacts_core::Result<Vec<Contact>> {
        Err(Error::unsupported(self.name(), "create"))
    }

    async fn update(&self, id: &ContactId, _: &ContactPatch) -> contacts_core::Result<Contact> {
        Err(Error::contact_not_found(id))
    }

    async fn replace(&self, id: &ContactId, _: &NewContact) -> contacts_core::Result<Contact> {
        Err(Error::contact_not_found(id))
    }

    async fn delete(&self, id: &ContactId) -> contacts_core::Result<()> {
        Err(Error::contact_not_found(id))
    }

    async fn delete_matching(&self, _: &DeleteTarget) -> contacts_core::Result<Vec<Contact>> {
        Err(Error::unsupported(self.name(), "delete_matching"))
    }

    fn label_admin(&self) -> Option<&dyn LabelAdmin> {
        Some(self)
    }
}

#[contacts_core::async_trait]
impl LabelAdmin for Vendor {
    async fn label_counts(&self) -> contacts_core::Result<Vec<LabelCount>> {
        self.saw("label_counts".to_owned());
        Ok(Vec::new())
    }

    async fn add_label(&self, label: &str, ids: &[ContactId]) -> contacts_core::Result<()> {
        self.saw(format!("add_label {label} {}", ids.len()));
        Ok(())
    }

    async fn remove_label(&self, label: &str, ids: &[ContactId]) -> contacts_core::Result<()> {
        self.saw(format!("remove_label {label} {}", ids.len()));
        Ok(())
    }

    async fn delete_label(&self, label: &str) -> contacts_core::Result<()> {
        self.saw(format!("delete_label {label}"));
        Ok(())
    }
}

/// Runs `work` with a subscriber capturing spans; returns the `contact_provider` spans.
fn provider_spans(work: impl FnOnce()) -> Vec<Fields> {
    use tracing_subscriber::layer::SubscriberExt;
    let spans = Spans::default();
    let subscriber = tracing_subscriber::registry().with(spans.clone());
    tracing::subscriber::with_default(subscriber, work);
    let all = spans.0.lock().unwrap().clone();
    all.into_iter()
        .filter(|s| s.contains(&("name".into(), "contact_provider".into())))
        .collect()
}

/// The value recorded for `key` in `span`, if any.
fn field<'a>(span: &'a Fields, key: &str) -> Option<&'a str> {
    span.iter().find(|(k, _)| k == key).map(|(_, v)| v.as_str())
}

#[test]
fn a_vendor_extra_behind_an_optional_capability_is_checked_and_traced() {
    let vendor = layer::standard(Vendor::new());
    let ids = [ContactId::new("7"), ContactId::new("8")];
    let spans = provider_spans(|| {
        rt().block_on(async {
            let labels = vendor.label_admin().expect("declared");
            // Checked: an empty label never reaches the vendor.
            let err = labels.add_label("", &ids).await.unwrap_err();
            assert!(is_invalid("label")(&err), "{err:?}");
            labels.add_label("VIP", &ids).await.unwrap();
        })
    });
    assert_eq!(
        *vendor.get_ref().get_ref().seen.lock().unwrap(),
        ["add_label VIP 2"],
        "only the valid call reached the vendor"
    );
    let ops: Vec<_> = spans.iter().map(|s| field(s, "operation")).collect();
    assert_eq!(ops, [Some("add_label"), Some("add_label")], "{spans:?}");
    assert_eq!(field(&spans[0], "provider"), Some("vendor"));
    assert_eq!(field(&spans[0], "error"), Some("invalid_input"));
    assert_eq!(field(&spans[1], "count"), Some("2"), "contacts sent");
    assert_eq!(field(&spans[1], "error"), None);
    assert!(!format!("{spans:?}").contains("VIP"), "no label in a span");
}

#[test]
fn every_optional_capability_call_gets_a_span_the_change_feed_too() {
    // The reference model: its store in the standard layers, every optional capability on.
    let p = InMemoryProvider::new();
    let spans = provider_spans(|| {
        rt().block_on(async {
            let feed = p.change_feed().expect("memory has a change feed");
            let token = feed.current_token().await.unwrap();
            p.create(&[NewContact::new().property("firstName", "Ada")])
                .await
                .unwrap();
            assert_eq!(feed.changes_since(&token).await.unwrap().changed.len(), 1);
            let empty = contacts_core::optional::ChangeToken::new(" ");
            assert!(is_invalid("change_token")(
                &feed.changes_since(&empty).await.unwrap_err()
            ));
            p.account_summary().unwrap().summarize().await.unwrap();
            p.blocklist().unwrap().list_blocked().await.unwrap();
            let job = p
                .background_import()
                .unwrap()
                .submit_import(&[NewContact::new().property("firstName", "Bob")])
                .await
                .unwrap();
            p.background_import()
                .unwrap()
                .import_progress(&job)
                .await
                .unwrap();
        })
    });
    let ops: Vec<_> = spans.iter().filter_map(|s| field(s, "operation")).collect();
    assert_eq!(
        ops,
        [
            "current_token",
            "create",
            "changes_since",
            "changes_since",
            "summarize",
            "list_blocked",
            "submit_import",
            "import_progress"
        ],
        "{spans:?}"
    );
    assert_eq!(field(&spans[2], "count"), Some("1"), "contacts changed");
    assert_eq!(field(&spans[3], "error"), Some("invalid_input"));
    assert_eq!(field(&spans[6], "count"), Some("1"), "contacts submitted");
}

fn is_send<T: Send>(_: &T) {}

#[test]
fn in_span_runs_a_providers_own_call_in_the_layers_span() {
    let vendor = layer::standard(Vendor::new());
    let spans = provider_spans(|| {
        rt().block_on(async {
            let call = vendor.in_span("quota", async |checked| checked.get_ref().quota("eu").await);
            is_send(&call); // so it can run on a multi-threaded runtime's task
            assert_eq!(call.await.unwrap(), 42);
            let err = vendor
                .in_span("quota", async |checked| checked.get_ref().quota("").await)
                .await
                .unwrap_err();
            assert!(is_invalid("region")(&err), "{err:?}");
        })
    });
    assert_eq!(spans.len(), 2, "{spans:?}");
    for span in &spans {
        assert_eq!(field(span, "provider"), Some("vendor"));
        assert_eq!(field(span, "operation"), Some("quota"));
    }
    assert_eq!(field(&spans[0], "error"), None);
    assert_eq!(field(&spans[1], "error"), Some("invalid_input"));
}

#[tokio::test]
async fn into_inner_get_ref_and_get_mut_reach_the_same_provider() {
    let memory = InMemoryProvider::new();
    let identity = memory.store_identity();
    let layered = memory
        .clone()
        .layer(ReadOnlyLayer)
        .layer(CheckedLayer)
        .layer(TracingLayer);
    assert_eq!(
        layered.get_ref().get_ref().get_ref().store_identity(),
        identity
    );
    let back: InMemoryProvider = layered.into_inner().into_inner().into_inner();
    assert_eq!(back.store_identity(), identity, "the same store");
    back.create(&[NewContact::new().property("firstName", "Ada")])
        .await
        .unwrap();
    assert_eq!(
        memory.snapshot().len(),
        1,
        "written through the unwrapped one"
    );

    let mut vendor = layer::standard(Vendor::new());
    vendor.get_mut().get_mut().name = "renamed".to_owned();
    assert_eq!(
        vendor.name(),
        "renamed",
        "the layers report the changed provider"
    );
}

/// Says whether `T` implements `Deref`, by autoref specialisation (no trait bound needed).
struct Probe<T>(std::marker::PhantomData<T>);

trait Derefs {
    fn derefs(&self) -> bool {
        true
    }
}

impl<T: std::ops::Deref> Derefs for &Probe<T> {}

trait DoesNotDeref {
    fn derefs(&self) -> bool {
        false
    }
}

impl<T> DoesNotDeref for Probe<T> {}

#[test]
#[allow(
    clippy::needless_borrow,
    reason = "autoref specialisation: both references choose the impl"
)]
fn no_layer_derefs_so_no_call_skips_a_layer_unseen() {
    let probe = |derefs: bool, what: &str| assert!(!derefs, "{what} must not Deref");
    probe(
        (&&Probe::<Checked<Vendor>>(Default::default())).derefs(),
        "Checked",
    );
    probe(
        (&&Probe::<Traced<Vendor>>(Default::default())).derefs(),
        "Traced",
    );
    probe(
        (&&Probe::<ReadOnly<Vendor>>(Default::default())).derefs(),
        "ReadOnly",
    );
    // The probe itself tells a Deref type from another.
    assert!((&&Probe::<Box<Vendor>>(Default::default())).derefs());
}
