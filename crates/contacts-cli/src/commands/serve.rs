//! `contacts serve`: the configured provider (the local store by default) over the provider
//! protocol (docs/protocol.md), and `contacts serve token …`, the tokens it accepts.
//!
//! Why the defaults: the protocol is plain HTTP, so the server listens on loopback unless
//! `--allow-plain-http-remote` says otherwise, and it accepts no request but `GET /v1` until a
//! token exists (`contacts serve token add`) or `--anonymous` is given, which is refused
//! beyond loopback. The first line of stdout is the base URL, so a script that starts the
//! server on port 0 learns where it is.

use crate::args::{GlobalArgs, ServeArgs, TokenArgs, TokenCommand, TokenCommands};
use crate::error::{CliError, CliResult};
use crate::provider;
use contacts_core::RateLimit;
use contacts_server::{ListenPolicy, Scope, ServeConfig, ServerError, TokenStore};
use std::path::PathBuf;
use std::sync::Arc;

/// Serves until Ctrl-C (or SIGTERM), then finishes the requests in flight.
pub async fn run(global: &GlobalArgs, args: &ServeArgs) -> CliResult {
    if let Some(TokenCommands::Token(token_args)) = &args.command {
        return tokens(token_args);
    }
    let policy = if args.allow_plain_http_remote {
        ListenPolicy::AnyAddress
    } else {
        ListenPolicy::LoopbackOnly
    };
    if args.anonymous && !args.listen.ip().is_loopback() {
        return Err(CliError::Usage(format!(
            "--anonymous serves every caller with read-write access, so it is refused on {} \
             (not a loopback address); add a token with `contacts serve token add` instead",
            args.listen
        )));
    }
    let store = TokenStore::open(token_file(args.tokens.as_ref())?).map_err(server_error)?;
    if store.list().is_empty() && !args.anonymous && !global.quiet {
        eprintln!(
            "note: no token in {}: every request but GET /v1 will be refused; add one with \
             `contacts serve token add --scope read-write` (or pass --anonymous on loopback)",
            store.path().display()
        );
    }
    let config = ServeConfig {
        tokens: store.tokens(),
        allow_anonymous: args.anonymous,
        max_body_bytes: args.max_body_bytes,
        rate: RateLimit {
            requests_per_second: args.rate_limit,
            burst: args.rate_burst,
        },
        max_concurrent_requests: args.max_concurrent_requests,
        listen: policy,
    };
    let served: Arc<dyn contacts_core::ContactProvider> =
        Arc::from(provider::build_bare_writable(global)?);
    let listener = contacts_server::bind(args.listen, policy)
        .await
        .map_err(server_error)?;
    let addr = listener
        .local_addr()
        .map_err(|e| CliError::Failed(format!("cannot read the listening address: {e}")))?;
    println!("http://{addr}");
    if !global.quiet {
        eprintln!(
            "serving {} on http://{addr} (protocol 1.0, docs/protocol.md); Ctrl-C stops",
            served.name()
        );
    }
    contacts_server::run(served, config, listener, stop_signal())
        .await
        .map_err(server_error)
}

/// Resolves at the first Ctrl-C or SIGTERM: the server then stops accepting and finishes
/// what is in flight.
async fn stop_signal() {
    #[cfg(unix)]
    {
        let mut term =
            match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
                Ok(term) => term,
                Err(_) => {
                    let _ = tokio::signal::ctrl_c().await;
                    return;
                }
            };
        tokio::select! {
            _ = tokio::signal::ctrl_c() => {}
            _ = term.recv() => {}
        }
    }
    #[cfg(not(unix))]
    {
        let _ = tokio::signal::ctrl_c().await;
    }
    eprintln!("stopping: finishing the requests in flight");
}

/// `contacts serve token add|list|remove`.
fn tokens(args: &TokenArgs) -> CliResult {
    let mut store = TokenStore::open(token_file(args.tokens.as_ref())?).map_err(server_error)?;
    match &args.command {
        TokenCommand::Add { scope, name } => {
            let scope: Scope = scope
                .parse()
                .map_err(|e: ServerError| CliError::Usage(e.to_string()))?;
            let (record, secret) = store
                .add(scope, name.as_deref().unwrap_or(""))
                .map_err(server_error)?;
            // The secret is printed once, alone on stdout, so it can be captured; only its
            // hash is kept.
            println!("{}", secret.expose());
            eprintln!(
                "token {} ({scope}) added to {}; the secret above is shown only now",
                record.id,
                store.path().display()
            );
        }
        TokenCommand::List => {
            for record in store.list() {
                println!(
                    "{}\t{}\t{}\t{}",
                    record.id, record.scope, record.created_at, record.name
                );
            }
        }
        TokenCommand::Remove { id } => {
            let removed = store.remove(id).map_err(server_error)?;
            eprintln!("removed token {} ({})", removed.id, removed.scope);
        }
    }
    Ok(())
}

/// `--tokens`, or `tokens.json` in the tool's configuration directory.
fn token_file(given: Option<&PathBuf>) -> CliResult<PathBuf> {
    if let Some(path) = given {
        return Ok(path.clone());
    }
    dirs::config_dir()
        .map(|dir| dir.join("contacts").join("tokens.json"))
        .ok_or_else(|| {
            CliError::Usage(
                "no configuration directory is known for this user (HOME is not set?); pass \
                 --tokens FILE or set CONTACTS_SERVE_TOKENS"
                    .into(),
            )
        })
}

fn server_error(err: ServerError) -> CliError {
    match err {
        ServerError::Listen(_) | ServerError::Config(_) => CliError::Usage(err.to_string()),
        other => CliError::Failed(other.to_string()),
    }
}
