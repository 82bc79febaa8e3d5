use crate::helpers::settings;
use app::db::Engine;

#[test]
fn a_sqlite_portal_makes_a_private_key_file_once_and_reuses_it() {
    let dir = tempfile::tempdir().expect("a folder");
    let file = dir.path().join("keys/portal.key");
    let s = settings(
        "sqlite::memory:",
        &[
            ("PORTAL_DATA_KEY", ""),
            ("PORTAL_DATA_KEY_FILE", file.to_str().expect("UTF-8")),
        ],
    );
    let first = server::db::data_key(&s, Engine::Sqlite).expect("made");
    let sealed = first.seal(b"A123456789");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&file)
            .expect("exists")
            .permissions()
            .mode()
            & 0o777;
        assert_eq!(mode, 0o600);
    }
    let again = server::db::data_key(&s, Engine::Sqlite).expect("read back");
    assert_eq!(again.open(&sealed).expect("same key"), b"A123456789");
}

#[test]
fn postgres_instances_must_be_given_their_shared_key() {
    let dir = tempfile::tempdir().expect("a folder");
    let file = dir.path().join("portal.key");
    let s = settings(
        "postgres://x/y",
        &[
            ("PORTAL_DATA_KEY", ""),
            ("PORTAL_DATA_KEY_FILE", file.to_str().expect("UTF-8")),
        ],
    );
    let error = server::db::data_key(&s, Engine::Postgres).expect_err("refused");
    assert!(error.to_string().contains("PORTAL_DATA_KEY"));
    assert!(!file.exists());
    let bad = settings("postgres://x/y", &[("PORTAL_DATA_KEY", "not a key")]);
    assert!(server::db::data_key(&bad, Engine::Postgres).is_err());
}
