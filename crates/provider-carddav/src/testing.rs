//! Real CardDAV servers for tests (feature `testing`): Radicale and Xandikos from the Python
//! venv that `bash .ci/dav-servers` makes, each started on 127.0.0.1 with a free port and a
//! temporary storage directory, and killed when dropped. This crate's tests and the CLI's use
//! it; an application can too, to test its own use of a CardDAV book.
//!
//! Functions here panic with a message saying what is missing (the venv, a free port): they
//! are for tests.

use crate::{AddressBooks, CardDavProvider, CardDavProviderBuilder};
use contacts_http::{ClientOptions, RetryPolicy};
use std::net::{TcpListener, TcpStream};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// The two servers the tests run against.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Radicale 3.9, with Basic authentication (htpasswd, plain).
    Radicale,
    /// Xandikos 0.4, without authentication.
    Xandikos,
}

/// The user and password Radicale is started with.
pub const USER: &str = "alice";
/// The password of [`USER`].
pub const PASSWORD: &str = "s3cret-pw";

/// A running server, killed on drop.
pub struct Server {
    /// Which server this is.
    pub kind: Kind,
    child: Child,
    _dir: tempfile::TempDir,
    /// The loopback port it listens on.
    pub port: u16,
}

/// Where the venv with both servers is: `CONTACTS_DAV_VENV`, else `<workspace>/.dav-venv`.
pub fn venv() -> PathBuf {
    match std::env::var_os("CONTACTS_DAV_VENV") {
        Some(dir) => PathBuf::from(dir),
        None => PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../.dav-venv"),
    }
}

fn binary(name: &str) -> PathBuf {
    let bin = venv().join("bin").join(name);
    assert!(
        bin.exists(),
        "{} is missing: the CardDAV tests need real servers; run `bash .ci/dav-servers` \
         (or set CONTACTS_DAV_VENV to a venv with radicale==3.9.0 and xandikos==0.4.10)",
        bin.display()
    );
    bin
}

fn free_port() -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").expect("a free port");
    listener.local_addr().expect("an address").port()
}

impl Server {
    /// Starts a server of `kind` and waits until it accepts connections.
    pub fn start(kind: Kind) -> Self {
        Self::start_with(kind, &[])
    }

    /// Starts a server of `kind` with `extra` command-line settings (Radicale:
    /// `["--server-max-resource-size", "4000"]`), and waits until it accepts connections.
    pub fn start_with(kind: Kind, extra: &[&str]) -> Self {
        let dir = tempfile::tempdir().expect("a temporary directory");
        let port = free_port();
        let storage = dir.path().join("storage");
        let mut command = match kind {
            Kind::Radicale => {
                let htpasswd = dir.path().join("htpasswd");
                std::fs::write(&htpasswd, format!("{USER}:{PASSWORD}\n")).expect("htpasswd");
                let mut c = Command::new(binary("radicale"));
                c.arg("--storage-filesystem-folder")
                    .arg(&storage)
                    .arg("--server-hosts")
                    .arg(format!("127.0.0.1:{port}"))
                    .args([
                        "--auth-type",
                        "htpasswd",
                        "--auth-htpasswd-encryption",
                        "plain",
                    ])
                    .arg("--auth-htpasswd-filename")
                    .arg(&htpasswd)
                    .args(["--logging-level", "warning"]);
                c
            }
            Kind::Xandikos => {
                let mut c = Command::new(binary("xandikos"));
                c.arg("serve")
                    .arg("--defaults")
                    .arg("-d")
                    .arg(&storage)
                    .args(["-l", "127.0.0.1", "-p"])
                    .arg(port.to_string())
                    .arg("--state-dir")
                    .arg(dir.path().join("state"));
                c
            }
        };
        let child = command
            .args(extra)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("the server starts");
        let server = Self {
            kind,
            child,
            _dir: dir,
            port,
        };
        let deadline = Instant::now() + Duration::from_secs(30);
        while TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(Instant::now() < deadline, "{kind:?} did not start in 30 s");
            std::thread::sleep(Duration::from_millis(50));
        }
        server
    }

    /// Where the server keeps its data (Radicale: `collection-root/<user>/<book>/*.vcf`).
    pub fn storage(&self) -> PathBuf {
        self._dir.path().join("storage")
    }

    /// Writes `count` vCards straight into a Radicale book's directory (much faster than a
    /// PUT each), named `card-00000.vcf`…, each with a `NOTE` of `note_chars` characters.
    pub fn seed_radicale(&self, book_path: &str, count: usize, note_chars: usize) {
        assert_eq!(self.kind, Kind::Radicale, "only Radicale keeps plain files");
        let dir = self
            .storage()
            .join("collection-root")
            .join(book_path.trim_matches('/'));
        let note = "n".repeat(note_chars);
        for i in 0..count {
            std::fs::write(dir.join(seed_name(i)), seed_card(i, &note)).expect("a card file");
        }
    }

    /// Writes `count` vCards (the names and text [`seed_radicale`](Self::seed_radicale)
    /// writes) into a Xandikos book's git repository and commits them in one commit: a `PUT`
    /// each is a commit each, and 10,000 of those did not finish in 8 minutes. Xandikos keeps
    /// each book as a git work tree and re-reads its index when the index file changes, so
    /// the running server serves the cards at once, as if they had been `PUT`, and the book's
    /// sync token (the index's tree) moves. `book_path` is the book's path on the server, as
    /// [`AddressBooks::create`] gives it. Needs a `git` binary on `PATH`.
    pub fn seed_xandikos(&self, book_path: &str, count: usize, note_chars: usize) {
        assert_eq!(self.kind, Kind::Xandikos, "only Xandikos keeps git stores");
        let dir = self.storage().join(book_path.trim_matches('/'));
        assert!(
            dir.join(".git").is_dir(),
            "{} is not a Xandikos book's git work tree: pass the book's path as \
             `AddressBooks::create` gives it (e.g. /user/contacts/<id>/)",
            dir.display()
        );
        if count == 0 {
            return;
        }
        let note = "n".repeat(note_chars);
        for i in 0..count {
            std::fs::write(dir.join(seed_name(i)), seed_card(i, &note)).expect("a card file");
        }
        git(&dir, &["add", "--", "card-*.vcf"]);
        let message = format!("Seed {count} cards");
        git(&dir, &["commit", "--quiet", "--no-verify", "-m", &message]);
    }

    /// The server's root URL.
    pub fn base_url(&self) -> String {
        format!("http://127.0.0.1:{}/", self.port)
    }

    /// A builder with the server's URL and credentials and quick retries.
    pub fn builder(&self) -> CardDavProviderBuilder {
        let options = ClientOptions::default().retry(
            RetryPolicy::default().backoff(Duration::from_millis(5), Duration::from_millis(50)),
        );
        let builder = CardDavProvider::builder()
            .base_url(self.base_url())
            .client_options(options);
        match self.kind {
            Kind::Radicale => builder.username(USER).password(PASSWORD),
            Kind::Xandikos => builder,
        }
    }

    /// The account's books.
    pub fn books(&self) -> AddressBooks {
        self.builder().build_books().expect("a client")
    }

    /// The URL of a path on the server, for hand-written requests.
    pub fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{}", self.port, path)
    }

    /// A raw reqwest client with the server's credentials, as "another client".
    pub fn raw(&self, method: &str, url: &str) -> reqwest::RequestBuilder {
        let client = reqwest::Client::new();
        let m = reqwest::Method::from_bytes(method.as_bytes()).expect("a method");
        let request = client.request(m, url);
        match self.kind {
            Kind::Radicale => request.basic_auth(USER, Some(PASSWORD)),
            Kind::Xandikos => request,
        }
    }
}

/// The file name of seeded card `i`.
fn seed_name(i: usize) -> String {
    format!("card-{i:05}.vcf")
}

/// The text of seeded card `i`, with a `NOTE` of `note`: one text for both servers, so that
/// what is measured on one is comparable with the other.
fn seed_card(i: usize, note: &str) -> String {
    format!(
        "BEGIN:VCARD\r\nVERSION:4.0\r\nUID:seed-{i}\r\nFN:Person {i}\r\nN:Person;{i};;;\r\n\
         TEL;VALUE=uri:tel:+4670{i:07}\r\nEMAIL:p{i}@example.com\r\nORG:ACME;Sales\r\n\
         CATEGORIES:Seeded\r\nNOTE:{note}\r\nEND:VCARD\r\n"
    )
}

/// Runs `git args` in the work tree `dir`, alone: no `GIT_*` variable of the caller's (a
/// hook's `GIT_DIR` would point it at another repository) and no global or system
/// configuration (a signing key, hooks, another index version, automatic `gc` packing the
/// cards while Xandikos reads them), only an identity for the commit.
fn git(dir: &std::path::Path, args: &[&str]) {
    let mut command = Command::new("git");
    for (name, _) in std::env::vars_os() {
        if name.to_string_lossy().starts_with("GIT_") {
            command.env_remove(name);
        }
    }
    let output = command
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .arg("-C")
        .arg(dir)
        .args(["-c", "user.name=contacts testing"])
        .args(["-c", "user.email=testing@contacts.invalid"])
        .args(["-c", "commit.gpgsign=false", "-c", "gc.auto=0"])
        .args(args)
        .stdin(Stdio::null())
        .output()
        .expect("a `git` binary on PATH: seed_xandikos commits the cards with it");
    assert!(
        output.status.success(),
        "`git {}` in {} failed ({}): {}",
        args.join(" "),
        dir.display(),
        output.status,
        String::from_utf8_lossy(&output.stderr).trim()
    );
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
