use crate::helpers::settings;
use crate::on_both_engines;
use app::calendar::{Calendar, SpecialDay};
use app::i18n::L10n;

on_both_engines! {
    async fn the_hours_page_lists_the_coming_holidays(app) {
        let html = app.page("/about/hours", &[]).await;
        assert!(html.contains("近期休假與補班日"));
        assert!(html.contains("行憲紀念日（範例）"), "the sample calendar is loaded on first start");
    }
}

on_both_engines! {
    async fn today_shows_closed_with_the_holidays_name_on_a_holiday(app) {
        let today = app::dates::today_in_taipei();
        let mut calendar = Calendar::default();
        calendar.days.insert(today, SpecialDay::Holiday(L10n::new("測試假日", "Test holiday")));
        app::calendar::ssr::store(&app.pool, &calendar).await.expect("stored");
        let html = app.page("/", &[]).await;
        assert!(html.contains("休息（測試假日）"), "{html}");
    }
}

#[tokio::test]
async fn the_import_command_stores_a_calendar_and_refuses_a_broken_file_whole() {
    let dir = tempfile::tempdir().expect("a folder");
    let url = format!(
        "sqlite://{}?mode=rwc",
        dir.path().join("portal.db").display()
    );
    let s = settings(&url, &[]);

    let good = dir.path().join("official.csv");
    std::fs::write(&good, "西元日期,星期,是否放假,備註\n20270101,五,2,開國紀念日\n20270102,六,2,\n20270220,六,0,補行上班\n").expect("write");
    server::commands::import_calendar(&s, good.to_str().expect("UTF-8"))
        .await
        .expect("imported");

    let bad = dir.path().join("bad.csv");
    std::fs::write(
        &bad,
        "date,kind,name_zh,name_en\n2027-01-05,holiday,甲,A\n2027-13-01,holiday,乙,B\n",
    )
    .expect("write");
    let error = server::commands::import_calendar(&s, bad.to_str().expect("UTF-8"))
        .await
        .expect_err("refused");
    assert!(error.to_string().contains("nothing was imported"));

    let (pool, _) = server::db::connect(&url, 1).await.expect("connect");
    let days: Vec<(String, String)> =
        sqlx::query_as("SELECT day, kind FROM calendar_days ORDER BY day")
            .fetch_all(&pool)
            .await
            .expect("rows");
    assert_eq!(
        days,
        [
            ("2027-01-01".to_string(), "holiday".to_string()),
            ("2027-02-20".to_string(), "workday".to_string())
        ]
    );
}
