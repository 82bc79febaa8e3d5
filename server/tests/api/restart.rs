use crate::helpers::{start, title_of};

#[tokio::test]
async fn a_restart_on_the_same_sqlite_file_keeps_its_data_and_does_not_reload_the_sample() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let url = format!(
        "sqlite://{}?mode=rwc",
        dir.path().join("nested/portal.db").display()
    );

    let mut first = start(&url, &[]).await;
    assert_eq!(
        title_of(&first.page("/", &[]).await),
        "臺中市霧峰區戶政事務所"
    );
    // An office edits its own data (the editing screens come later; SQL stands in for them).
    sqlx::query("UPDATE office SET name_zh = '臺中市測試區戶政事務所'")
        .execute(&first.pool)
        .await
        .expect("update");
    first.stop().await;
    assert!(dir.path().join("nested/portal.db").exists());

    let second = start(&url, &[]).await;
    let html = second.page("/", &[]).await;
    assert_eq!(title_of(&html), "臺中市測試區戶政事務所");
    let (locations,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM locations")
        .fetch_one(&second.pool)
        .await
        .expect("count");
    assert_eq!(locations, 2, "the sample was not loaded a second time");
}

#[tokio::test]
async fn an_invalid_office_file_stops_the_start_with_a_clear_message() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let office = dir.path().join("office.toml");
    std::fs::write(&office, "[office]\nname_zh = \"\"\n").expect("write");
    let url = format!(
        "sqlite://{}?mode=rwc",
        dir.path().join("portal.db").display()
    );
    let settings = crate::helpers::settings(
        &url,
        &[("PORTAL_OFFICE_FILE", office.to_str().expect("UTF-8"))],
    );
    let error = server::startup::Application::build(settings)
        .await
        .err()
        .expect("refused");
    assert!(format!("{error:#}").contains("office file"), "{error:#}");
}
