//! A user's config and `--setting`s are read strictly: a typo is an error that names the file,
//! the line and the key meant, never a silent default (such as the vendor's production URL).

mod common;

use common::{Profiles, stderr};
use std::process::Output;

/// A usage error (exit code 2) whose message says each of `wanted`.
#[track_caller]
fn refused(o: &Output, wanted: &[&str]) {
    common::refused(o, 2, wanted);
}

#[test]
fn a_typo_in_a_profile_key_names_the_line_and_the_key_meant() {
    let profiles = Profiles::new(
        "[profiles.sms]\nprovider = \"ip1\"\nbase_ur = \"http://127.0.0.1:1\"\napi_key = \"sk-live-5\"\n",
    );
    let o = profiles.run("sms", &["list"]);
    refused(&o, &["config.toml:3", "base_ur", "did you mean base_url?"]);
    assert!(!stderr(&o).contains("sk-live-5"));

    profiles.rewrite("[profiles.sms]\nprovider = \"ip1\"\nregoin = \"SE\"\n");
    let o = profiles.run("sms", &["list"]);
    refused(&o, &["config.toml:3", "regoin", "did you mean region?"]);
}

#[test]
fn a_setting_no_provider_reads_is_refused_with_the_nearest_one() {
    let profiles = Profiles::new(
        "[profiles.sms]\nprovider = \"ip1\"\nbase_url = \"http://127.0.0.1:9\"\napi_key = \"k\"\n\
         create_concurency = 4\n",
    );
    let o = profiles.run("sms", &["list"]);
    refused(
        &o,
        &[
            "config.toml:5",
            "create_concurency",
            "did you mean create_concurrency?",
        ],
    );
    let db = profiles.path("c.db");
    let args = common::ip1_args(
        "http://127.0.0.1:9",
        "k",
        &["--setting", "rate_limt=5", "list"],
    );
    let o = common::on_db(profiles.dir.path(), &db, &args);
    refused(&o, &["--setting rate_limt", "did you mean rate_limit?"]);
}

#[test]
fn a_syntax_error_in_the_config_is_an_error_for_every_command() {
    let profiles = Profiles::new("[profiles.sms\nprovider = \"ip1\"\n");
    let db = profiles.path("c.db");
    for args in [
        vec!["list"],
        vec!["sync", "local", "other"],
        vec!["capabilities"],
    ] {
        let o = profiles.on(&[&["--db", db.to_str().unwrap()][..], &args].concat());
        refused(&o, &["config.toml:1:"]);
    }
}

#[test]
fn a_config_error_never_shows_a_value_it_quotes() {
    let profiles = Profiles::new("[profiles]\nsms = \"sk-live-77\"\n");
    let o = profiles.run("sms", &["list"]);
    refused(&o, &["config.toml:2"]);
    let err = stderr(&o);
    assert!(
        !err.contains("sk-live-77") && !err.contains("RawProfile"),
        "{err}"
    );
}

#[cfg(unix)]
#[test]
fn a_config_that_runs_a_command_is_refused_when_others_can_write_it() {
    use std::os::unix::fs::PermissionsExt;
    let profiles = Profiles::with(|dir| {
        format!(
            "[profiles.sms]\nprovider = \"ip1\"\nbase_url = \"http://127.0.0.1:9\"\n\
             api_key_command = \"touch {} && echo k\"\n",
            dir.join("ran").display()
        )
    });
    let mode = std::fs::Permissions::from_mode(0o622);
    std::fs::set_permissions(&profiles.file, mode).unwrap();
    let o = profiles.run("sms", &["list"]);
    refused(&o, &["api_key_command", "chmod go-w"]);
    assert!(!profiles.path("ran").exists(), "the command ran");
}

#[test]
fn profiles_show_says_which_url_is_used_and_hides_the_command_and_secret_settings() {
    let profiles = Profiles::new(
        "[profiles.sms]\nprovider = \"ip1\"\napi_key_command = \"pass show sms/key-99\"\n\
         [profiles.dav]\nprovider = \"carddav\"\nbase_url = \"http://127.0.0.1:5232\"\n\
         password = \"hunter-22\"\n",
    );
    let out = common::ok(profiles.on(&["profiles", "show", "sms"]));
    assert!(
        out.contains("https://api.ip1sms.com (the provider's default)"),
        "{out}"
    );
    assert!(out.contains("pass …") && !out.contains("key-99"), "{out}");
    let out = common::ok(profiles.on(&["profiles", "show", "dav"]));
    assert!(!out.contains("hunter-22"), "{out}");
}

#[test]
fn a_typo_in_the_local_stores_path_key_never_falls_back_to_the_default_store() {
    let profiles = Profiles::with(|dir| {
        format!(
            "[profiles.mine]\nprovider = \"sqlite\"\npth = \"{}\"\n",
            dir.join("wanted.db").display()
        )
    });
    let o = profiles.run("mine", &["create", "--set", "firstName=A"]);
    refused(&o, &["config.toml:3", "pth", "did you mean path?"]);
    assert!(
        !profiles.path("contacts").exists(),
        "the default store was not created"
    );
}
