//! The hub against real databases: every scenario runs on SQLite (a file in a temp dir) and on
//! a private PostgreSQL cluster, through the `ansinh-hub` binary over HTTP.

mod support;

use ansinh_core::sync::bundle::{LocalState, RecordKind};
use serde_json::{json, Value};
use support::*;
use uuid::Uuid;

/// The scenarios, each on a fresh database.
type Scenario = (&'static str, fn(&Database));

const SCENARIOS: &[Scenario] = &[
    ("tablets_of_a_commune_and_the_district_converge", tablets_of_a_commune_and_the_district_converge),
    (
        "a_repeated_bundle_is_acknowledged_once_and_a_reused_id_refused",
        a_repeated_bundle_is_acknowledged_once_and_a_reused_id_refused,
    ),
    ("a_device_writes_and_reads_only_its_unit", a_device_writes_and_reads_only_its_unit),
    ("no_or_revoked_token_is_401_in_vietnamese", no_or_revoked_token_is_401_in_vietnamese),
    ("hostile_bundles_are_refused_and_nothing_is_stored", hostile_bundles_are_refused_and_nothing_is_stored),
    ("pulls_come_in_pages_from_a_cursor", pulls_come_in_pages_from_a_cursor),
    ("a_tablet_does_not_get_back_what_it_sent", a_tablet_does_not_get_back_what_it_sent),
    ("a_step_1_database_is_migrated", a_step_1_database_is_migrated),
];

#[test]
fn on_sqlite() {
    for (name, scenario) in SCENARIOS {
        eprintln!("sqlite: {name}");
        scenario(&Database::sqlite());
    }
}

#[test]
fn on_postgres() {
    let pg = Postgres::start();
    for (i, (name, scenario)) in SCENARIOS.iter().enumerate() {
        eprintln!("postgres: {name}");
        scenario(&Database::postgres(&pg, &format!("hub{i}")));
    }
}

fn records(hub: &Hub, district_token: &str) -> Value {
    let a = get(hub, Some(district_token), "/api/district");
    assert_eq!(a.status, 200, "{}", a.body);
    a.json()["records"].clone()
}

fn stored(hub: &Hub, district_token: &str) -> i64 {
    records(hub, district_token).as_object().unwrap().values().map(|v| v.as_i64().unwrap()).sum()
}

fn tablets_of_a_commune_and_the_district_converge(db: &Database) {
    let hub = Hub::start(db);
    let (ta, _) = enrol(&hub, db, "dak-koi", "Máy tính bảng 1");
    let (tb, _) = enrol(&hub, db, "dak-koi", "Máy tính bảng 2");
    let (td, _) = enrol(&hub, db, "kon-ray", "Phòng LĐ-TB&XH");
    let (tr, _) = enrol(&hub, db, "dak-rve", "Thị trấn Đắk Rve");
    let (h1, h2, h3) = (Uuid::new_v4(), Uuid::new_v4(), Uuid::new_v4());

    let (mut a, mut b, mut d, mut r) = (LocalState::new(), LocalState::new(), LocalState::new(), LocalState::new());
    a.save_household(dak_koi(h1, 1, 100));
    a.save_household(dak_koi(h2, 1, 100));
    b.save_household(dak_koi(h3, 2, 300));
    let pa = push(&hub, &ta, &export(&mut a, "a", 3));
    assert_eq!((pa.status, pa.json()["status"].as_str()), (200, Some("stored")), "{}", pa.body);
    assert_eq!(pa.json()["added"], json!(2));
    assert_eq!(push(&hub, &tb, &export(&mut b, "b", 3)).status, 200);

    let (ca, cb) = (pull_all(&hub, &ta, &mut a, 0, 500), pull_all(&hub, &tb, &mut b, 0, 500));
    pull_all(&hub, &td, &mut d, 0, 500);
    pull_all(&hub, &tr, &mut r, 0, 500);
    let mut all = vec![h1, h2, h3];
    all.sort();
    assert_eq!(households(&a), all);
    assert_eq!(households(&b), all);
    assert_eq!(households(&d), all, "the district reads every commune");
    assert!(households(&r).is_empty(), "another commune's device gets none of Đắk Kôi's records");

    // Both tablets edit h1 before syncing: a conflict that reaches both and the district.
    a.save_household(dak_koi(h1, 10, 111));
    b.save_household(dak_koi(h1, 11, 222));
    assert_eq!(push(&hub, &ta, &export(&mut a, "a", 12)).status, 200);
    let pb = push(&hub, &tb, &export(&mut b, "b", 12));
    assert_eq!(pb.json()["conflicts"], json!(1), "{}", pb.body);
    pull_all(&hub, &ta, &mut a, ca, 500);
    pull_all(&hub, &tb, &mut b, cb, 500);
    pull_all(&hub, &td, &mut d, 0, 500);
    for (who, s) in [("a", &a), ("b", &b), ("district", &d)] {
        let c = s.conflicts().values().next().unwrap_or_else(|| panic!("{who} sees the conflict"));
        let incomes: Vec<Option<i64>> = c
            .versions
            .iter()
            .map(|v| match v {
                ansinh_core::sync::bundle::RecordVersion::Household(h) => h.income_per_person_vnd,
                _ => None,
            })
            .collect();
        assert_eq!(incomes, vec![Some(111), Some(222)], "{who}");
    }
    // A deletion travels too.
    a.delete(RecordKind::Household, h2, t(20));
    assert_eq!(push(&hub, &ta, &export(&mut a, "a", 21)).status, 200);
    pull_all(&hub, &td, &mut d, 0, 500);
    assert!(!d.households().contains_key(&h2));
    assert_eq!(stored(&hub, &td), 3);
}

fn a_repeated_bundle_is_acknowledged_once_and_a_reused_id_refused(db: &Database) {
    let hub = Hub::start(db);
    let (ta, _) = enrol(&hub, db, "dak-koi", "A");
    let (td, _) = enrol(&hub, db, "kon-ray", "D");
    let mut a = LocalState::new();
    a.save_household(dak_koi(Uuid::new_v4(), 1, 100));
    let bundle = export(&mut a, "a", 2);
    let first = push(&hub, &ta, &bundle);
    assert_eq!(first.json()["status"], json!("stored"));
    let again = push(&hub, &ta, &bundle);
    assert_eq!(again.status, 200);
    assert_eq!(again.json(), json!({"bundle_id": bundle.bundle_id, "status": "duplicate"}));
    // Without the header the body is parsed, and the id still found.
    let no_header = try_push(&hub, Some(&ta), Uuid::nil(), &bundle.to_json(false));
    assert_eq!(no_header.unwrap().status, 400, "a header naming another id is refused");

    // The same id with another body: 409 with a message, nothing stored.
    let mut other = bundle.clone();
    other.households.push(dak_koi(Uuid::new_v4(), 1, 5));
    let refused = push(&hub, &ta, &other);
    assert_eq!(refused.status, 409, "{}", refused.body);
    assert!(refused.json()["message"].as_str().unwrap().contains("với nội dung khác"));
    assert_eq!(stored(&hub, &td), 1);
    // The refusal is listed in the district view with its reason.
    let view = get(&hub, Some(&td), "/api/district").json();
    assert_eq!(view["refusals"][0]["status"], json!(409));
    assert!(view["days"][0]["bundles"].as_i64() == Some(1));
    // Per unit: Đắk Kôi's device, its pushed bundle on today's row, its refusal with why.
    let units = view["units"].as_array().unwrap();
    assert_eq!(units[0]["unit"], json!("kon-ray"), "the district first");
    let dak_koi = units.iter().find(|u| u["unit"] == json!("dak-koi")).unwrap();
    assert_eq!(dak_koi["devices"][0]["label"], json!("A"));
    assert!(dak_koi["devices"][0]["last_push_at"].is_string());
    assert_eq!(dak_koi["days"][0]["bundles"], json!(1));
    assert_eq!(dak_koi["days"][0]["records"], json!(1));
    assert_eq!(dak_koi["refusals"][0]["status"], json!(409));
    assert!(dak_koi["refusals"][0]["reason"].as_str().unwrap().contains("với nội dung khác"));
    // A commune without devices is listed, empty.
    let other = units.iter().find(|u| u["unit"] != json!("dak-koi") && u["unit"] != json!("kon-ray")).unwrap();
    assert_eq!(other["devices"], json!([]));
    assert_eq!(other["days"], json!([]));
}

fn a_device_writes_and_reads_only_its_unit(db: &Database) {
    let hub = Hub::start(db);
    let (ta, _) = enrol(&hub, db, "dak-koi", "A");
    let (tr, _) = enrol(&hub, db, "dak-rve", "R");
    let (td, _) = enrol(&hub, db, "kon-ray", "D");
    let (mine, theirs) = (Uuid::new_v4(), Uuid::new_v4());
    let mut a = LocalState::new();
    a.save_household(dak_koi(mine, 1, 100));
    a.save_household(household(theirs, "dak-rve", "dak-rve-tdp-1", 1, 100));
    let refused = push(&hub, &ta, &export(&mut a, "a", 2));
    assert_eq!(refused.status, 403, "{}", refused.body);
    let message = refused.json()["message"].as_str().unwrap().to_string();
    assert!(message.contains(&theirs.to_string()) && message.contains("Đắk Rve"), "{message}");
    assert!(message.contains("không ghi gì"), "{message}");
    assert_eq!(stored(&hub, &td), 0, "nothing of the bundle is stored, not even the commune's own record");

    // Đắk Rve's record stored by its own device; Đắk Kôi's device cannot delete it with a
    // tombstone that names no unit.
    let mut r = LocalState::new();
    r.save_household(household(theirs, "dak-rve", "dak-rve-tdp-1", 1, 100));
    assert_eq!(push(&hub, &tr, &export(&mut r, "r", 2)).status, 200);
    let mut sneaky = LocalState::new();
    sneaky.save_household(dak_koi(mine, 1, 100));
    let mut b = export(&mut sneaky, "a", 3);
    b.tombstones.push(ansinh_core::sync::bundle::Tombstone {
        kind: RecordKind::Household,
        id: theirs,
        deleted_at: t(4),
        org_unit_id: None,
    });
    assert_eq!(push(&hub, &ta, &b).status, 403);
    // The district device reads all; the commune device only its own; the district view is the
    // district's.
    let mut d = LocalState::new();
    pull_all(&hub, &td, &mut d, 0, 500);
    assert_eq!(households(&d), vec![theirs]);
    let mut mine_view = LocalState::new();
    pull_all(&hub, &ta, &mut mine_view, 0, 500);
    assert!(households(&mine_view).is_empty());
    assert_eq!(get(&hub, Some(&ta), "/api/district").status, 403);
}

fn no_or_revoked_token_is_401_in_vietnamese(db: &Database) {
    let hub = Hub::start(db);
    let (ta, id) = enrol(&hub, db, "dak-koi", "A");
    let mut a = LocalState::new();
    a.save_household(dak_koi(Uuid::new_v4(), 1, 100));
    let bundle = export(&mut a, "a", 2);
    let none = try_push(&hub, None, bundle.bundle_id, &bundle.to_json(false)).unwrap();
    assert_eq!(none.status, 401);
    assert!(none.json()["message"].as_str().unwrap().contains("chưa được đăng ký"), "{}", none.body);
    assert_eq!(get(&hub, Some("not-a-token"), "/api/pull").status, 401);
    assert_eq!(get(&hub, Some(&ta), "/api/me").json()["unit"], json!("dak-koi"));

    let listed = token_cmd(db, &["list"]);
    assert!(listed.contains(&id) && listed.contains("enrolled"), "{listed}");
    assert!(!listed.contains(&ta), "the token itself is never shown again");
    token_cmd(db, &["revoke", &id[..8]]);
    assert_eq!(push(&hub, &ta, &bundle).status, 401);
    assert_eq!(get(&hub, Some(&ta), "/api/pull").status, 401);
    assert!(token_cmd(db, &["list"]).contains("revoked"));
    // An enrolment code works once.
    let code = token_cmd(db, &["create", "--unit", "dak-koi", "--label", "B", "--plain"]).trim().to_string();
    let enrol = |c: &str| match ureq::post(&hub.url("/api/enrol")).send_json(json!({"code": c.to_lowercase()})) {
        Ok(r) => r.status(),
        Err(ureq::Error::Status(s, _)) => s,
        Err(e) => panic!("{e}"),
    };
    assert_eq!(enrol(&code), 200, "a code typed in lower case works");
    assert_eq!(enrol(&code), 401, "a code works once");
}

fn hostile_bundles_are_refused_and_nothing_is_stored(db: &Database) {
    let hub = Hub::start_with(db, &["--max-body-mb", "1"]);
    let (ta, _) = enrol(&hub, db, "dak-koi", "A");
    let (td, _) = enrol(&hub, db, "kon-ray", "D");
    let mut a = LocalState::new();
    a.save_household(dak_koi(Uuid::new_v4(), 1, 100));
    let good = export(&mut a, "a", 2);
    let text = good.to_json(false);
    let v: Value = serde_json::from_str(&text).unwrap();
    let with = |f: &dyn Fn(&mut Value)| {
        let mut c = v.clone();
        f(&mut c);
        c.to_string()
    };
    let hostile: Vec<(&str, Vec<u8>)> = vec![
        ("cut short", text.as_bytes()[..text.len() - 3].to_vec()),
        ("empty object", b"{}".to_vec()),
        ("another version", br#"{"format": "ansinh-bundle", "format_version": 7}"#.to_vec()),
        ("another plan", with(&|c| c["plan"]["id"] = json!("x")).into_bytes()),
        ("nil id", with(&|c| c["households"][0]["meta"]["id"] = json!(Uuid::nil())).into_bytes()),
        ("unknown key", text.replace("\"households\"", "\"households\": 5, \"x\"").into_bytes()),
        ("unknown unit", with(&|c| c["households"][0]["commune_id"] = json!("atlantis")).into_bytes()),
        ("not utf-8", vec![0xff, 0xfe, b'{', b'}']),
        ("deep nesting", format!("{}{}", "[".repeat(100_000), "]".repeat(100_000)).into_bytes()),
        ("not json at all", vec![0u8; 100]),
        (
            "a report of another shape",
            with(&|c| {
                c["reports"] = json!([{"meta": {"id": Uuid::new_v4(), "created_at": "2025-10-01T00:00:00Z",
                                    "updated_at": "2025-10-01T00:00:00Z"}, "title": "x"}])
            })
            .into_bytes(),
        ),
    ];
    for (name, body) in hostile {
        let bundle_id = Uuid::new_v4();
        let a = try_push(&hub, Some(&ta), bundle_id, &String::from_utf8_lossy(&body)).unwrap();
        assert!((400..500).contains(&a.status), "{name}: {} {}", a.status, a.body);
        let m = a.json();
        assert!(m["message"].as_str().is_some_and(|s| !s.is_empty()), "{name}: {}", a.body);
        assert!(m["message_en"].as_str().is_some_and(|s| !s.is_empty()), "{name}");
    }
    // Too large: refused before parsing.
    let big = format!("{{\"x\": \"{}\"}}", "a".repeat(2 * 1024 * 1024));
    // The hub answers 413 from the declared length and closes the connection without reading
    // the rest: a client still writing may see that close (broken pipe, reset) before the
    // answer. Either is the refusal; anything else (an answer other than 413) is not.
    match try_push(&hub, Some(&ta), Uuid::new_v4(), &big) {
        Ok(a) => assert_eq!(a.status, 413, "{}", a.body),
        Err(e) => assert!(e.contains("Broken pipe") || e.contains("reset"), "{e}"),
    }
    assert_eq!(stored(&hub, &td), 0);
    // Still serving, and the good bundle goes in.
    assert_eq!(get(&hub, None, "/api/health").status, 200);
    assert_eq!(push(&hub, &ta, &good).status, 200);
    assert_eq!(stored(&hub, &td), 1);
}

fn pulls_come_in_pages_from_a_cursor(db: &Database) {
    let hub = Hub::start(db);
    let (ta, _) = enrol(&hub, db, "dak-koi", "A");
    let (td, _) = enrol(&hub, db, "kon-ray", "D");
    let mut a = LocalState::new();
    for i in 0..25 {
        a.save_household(dak_koi(Uuid::new_v4(), 1, i));
    }
    assert_eq!(push(&hub, &ta, &export(&mut a, "a", 2)).status, 200);
    let first = get(&hub, Some(&td), "/api/pull?cursor=0&limit=10");
    assert_eq!((first.more, first.cursor), (Some(true), Some(10)));
    let mut d = LocalState::new();
    let cursor = pull_all(&hub, &td, &mut d, 0, 10);
    assert_eq!(d.households().len(), 25);
    // Nothing new: an empty page at the same cursor.
    let none = get(&hub, Some(&td), &format!("/api/pull?cursor={cursor}"));
    assert_eq!((none.more, none.cursor), (Some(false), Some(cursor)));
    assert_eq!(none.json()["households"], json!([]));
    // One edit: only that record after the cursor.
    let id = *a.households().keys().next().unwrap();
    a.save_household(dak_koi(id, 5, 999));
    assert_eq!(push(&hub, &ta, &export(&mut a, "a", 6)).status, 200);
    let next = get(&hub, Some(&td), &format!("/api/pull?cursor={cursor}"));
    assert_eq!(next.json()["households"].as_array().unwrap().len(), 1);
    assert_eq!(next.cursor, Some(cursor + 1));
}

fn income(s: &LocalState, id: Uuid) -> Option<i64> {
    s.households().get(&id).and_then(|h| h.income_per_person_vnd)
}

fn a_tablet_does_not_get_back_what_it_sent(db: &Database) {
    let hub = Hub::start(db);
    let (ta, _) = enrol(&hub, db, "dak-koi", "A");
    let (tb, _) = enrol(&hub, db, "dak-koi", "B");
    let (td, _) = enrol(&hub, db, "kon-ray", "D");
    let (h1, h2, h3) = (Uuid::new_v4(), Uuid::new_v4(), Uuid::new_v4());
    let (mut a, mut b, mut d) = (LocalState::new(), LocalState::new(), LocalState::new());
    a.save_household(dak_koi(h1, 1, 100));
    a.save_household(dak_koi(h2, 1, 200));
    assert_eq!(push(&hub, &ta, &export(&mut a, "a", 2)).status, 200);

    // A's next pull brings none of them back, and its cursor moves past them.
    let own = get(&hub, Some(&ta), "/api/pull?cursor=0");
    assert_eq!(own.json()["households"], json!([]), "{}", own.body);
    assert_eq!((own.cursor, own.more), (Some(2), Some(false)));
    // In pages: an empty page that says more follows, the cursor still moving.
    let paged = get(&hub, Some(&ta), "/api/pull?cursor=0&limit=1");
    assert_eq!(paged.json()["households"], json!([]));
    assert_eq!((paged.cursor, paged.more), (Some(1), Some(true)));
    let mut ca = pull_all(&hub, &ta, &mut a, 0, 1);
    assert_eq!(ca, 2);
    // Another tablet of the commune, and the district, get them.
    let mut cb = pull_all(&hub, &tb, &mut b, 0, 500);
    assert_eq!(households(&b), {
        let mut v = vec![h1, h2];
        v.sort();
        v
    });
    pull_all(&hub, &td, &mut d, 0, 500);
    assert_eq!(d.households().len(), 2);

    // B changes h1 (after A's version): it comes back to A, not to B.
    b.save_household(dak_koi(h1, 5, 150));
    assert_eq!(push(&hub, &tb, &export(&mut b, "b", 6)).status, 200);
    let back = get(&hub, Some(&ta), &format!("/api/pull?cursor={ca}"));
    let got: Vec<String> = back.json()["households"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["meta"]["id"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(got, vec![h1.to_string()], "{}", back.body);
    ca = pull_all(&hub, &ta, &mut a, ca, 500);
    assert_eq!(income(&a, h1), Some(150));
    let none = get(&hub, Some(&tb), &format!("/api/pull?cursor={cb}"));
    assert_eq!(none.json()["households"], json!([]), "B's own change is not sent back to B");
    cb = none.cursor.unwrap();

    // A new record of B's, and a conflict on h2 made by A and B: the conflict reaches both.
    b.save_household(dak_koi(h3, 7, 300));
    a.save_household(dak_koi(h2, 8, 201));
    b.save_household(dak_koi(h2, 9, 202));
    assert_eq!(push(&hub, &ta, &export(&mut a, "a", 10)).status, 200);
    let pb = push(&hub, &tb, &export(&mut b, "b", 10));
    assert_eq!(pb.json()["conflicts"], json!(1), "{}", pb.body);
    let to_a = get(&hub, Some(&ta), &format!("/api/pull?cursor={ca}"));
    assert_eq!(to_a.json()["households"].as_array().unwrap().len(), 2, "h3 and h2 in conflict: {}", to_a.body);
    pull_all(&hub, &ta, &mut a, ca, 500);
    let to_b = get(&hub, Some(&tb), &format!("/api/pull?cursor={cb}"));
    assert_eq!(to_b.json()["households"].as_array().unwrap().len(), 1, "h2 in conflict only: {}", to_b.body);
    pull_all(&hub, &tb, &mut b, cb, 500);
    pull_all(&hub, &td, &mut d, 0, 500);
    let key = ansinh_core::sync::bundle::RecordKey::new(RecordKind::Household, h2);
    for (who, s) in [("a", &a), ("b", &b), ("district", &d)] {
        let c = s.conflicts().get(&key).unwrap_or_else(|| panic!("{who} sees the conflict"));
        assert_eq!(c.versions.len(), 2, "{who}");
        assert_eq!(households(s).len(), 3, "{who}");
    }
}

/// A database made by a build of schema step 1, with a record in it: the hub brings it to the
/// current schema at start, and the old record goes to every device (no one is named as its
/// sender).
fn a_step_1_database_is_migrated(db: &Database) {
    use ansinh_core::sync::bundle::RecordVersion;
    use ansinh_hub::db::{schema_version, Db};
    let old = Uuid::new_v4();
    let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    rt.block_on(async {
        let hub_db = Db::connect(&db.url).await.unwrap();
        hub_db.migrate_to(1).await.unwrap();
        assert_eq!(hub_db.version().await.unwrap(), 1);
        let heads = serde_json::to_string(&vec![RecordVersion::Household(dak_koi(old, 1, 100))]).unwrap();
        sqlx::query("INSERT INTO records (kind, id, unit, seq, heads, supersedes) VALUES ($1, $2, $3, 1, $4, '[]')")
            .bind(RecordKind::Household.as_str())
            .bind(old.to_string())
            .bind("dak-koi")
            .bind(heads)
            .execute(&hub_db.pool)
            .await
            .unwrap();
        sqlx::query("UPDATE hub_counter SET seq = 1").execute(&hub_db.pool).await.unwrap();
        assert!(sqlx::query("SELECT sent_by FROM records").fetch_all(&hub_db.pool).await.is_err());
        hub_db.pool.close().await;
    });
    let hub = Hub::start(db);
    rt.block_on(async {
        let hub_db = Db::connect(&db.url).await.unwrap();
        assert_eq!(hub_db.version().await.unwrap(), schema_version());
        assert!(schema_version() >= 2);
        hub_db.pool.close().await;
    });
    let (ta, _) = enrol(&hub, db, "dak-koi", "A");
    let mut a = LocalState::new();
    let cursor = pull_all(&hub, &ta, &mut a, 0, 500);
    assert_eq!(households(&a), vec![old]);
    // Pushed after the migration: not sent back.
    a.save_household(dak_koi(Uuid::new_v4(), 2, 100));
    assert_eq!(push(&hub, &ta, &export(&mut a, "a", 3)).status, 200);
    let own = get(&hub, Some(&ta), &format!("/api/pull?cursor={cursor}"));
    assert_eq!(own.json()["households"], json!([]), "{}", own.body);
    assert_eq!(own.cursor, Some(2));
}

#[test]
fn plain_http_on_a_non_loopback_address_is_refused_unless_asked_for() {
    let db = Database::sqlite();
    let out = std::process::Command::new(BIN)
        .args(["--database", &db.url, "--listen", "0.0.0.0:0", "--dist", "/nonexistent"])
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("refusing to serve plain HTTP") && err.contains("--tls-cert"), "{err}");
    // With --insecure-http (a reverse proxy does TLS) it serves.
    let hub = Hub::start_with(&db, &["--listen", "0.0.0.0:0", "--insecure-http"]);
    assert!(hub.base.starts_with("http://0.0.0.0:"), "{}", hub.base);
}

#[test]
fn tls_from_a_certificate_file() {
    let db = Database::sqlite();
    let dir = tempfile::tempdir().unwrap();
    let (cert, key) = (dir.path().join("hub.crt"), dir.path().join("hub.key"));
    let ok = std::process::Command::new("openssl")
        .args(["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-days", "1"])
        .args(["-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1", "-keyout"])
        .arg(&key)
        .arg("-out")
        .arg(&cert)
        .output()
        .unwrap();
    assert!(ok.status.success(), "{}", String::from_utf8_lossy(&ok.stderr));
    let hub = Hub::start_with(
        &db,
        &["--tls-cert", cert.to_str().unwrap(), "--tls-key", key.to_str().unwrap(), "--listen", "0.0.0.0:0"],
    );
    let port = hub.base.rsplit(':').next().unwrap().to_string();
    assert!(hub.base.starts_with("https://"), "{}", hub.base);
    // A real TLS client trusting the certificate.
    let out = std::process::Command::new("curl")
        .args(["-sS", "--cacert"])
        .arg(&cert)
        .arg(format!("https://127.0.0.1:{port}/api/health"))
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(String::from_utf8_lossy(&out.stdout).contains("\"status\":\"ok\""));
}

#[test]
fn the_district_key_reaches_tablets_and_a_bad_one_stops_the_hub() {
    use ansinh_core::security::crypt::SecretKey;
    let db = Database::sqlite();
    // A key that is not an age public key (here: the secret one) stops `serve` before it listens.
    let secret = SecretKey::generate();
    let text = secret.identity_file("2026-12-03T00:00:00Z");
    let secret_line = text.lines().find(|l| l.starts_with("AGE-SECRET-KEY-")).unwrap();
    let out = std::process::Command::new(BIN)
        .args(["--database", &db.url, "--listen", "127.0.0.1:0", "--dist", "/nonexistent"])
        .args(["--district-key", secret_line])
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("--district-key") && !err.contains(secret_line), "{err}");

    // Without a key, nothing is announced.
    let plain = Hub::start(&db);
    let (t0, _) = enrol(&plain, &db, "dak-koi", "A");
    assert_eq!(get(&plain, Some(&t0), "/api/me").json()["district_key"], Value::Null);
    drop(plain);

    // With one: in the enrolment answer, in /api/me, and on every pull page.
    let public = secret.public().to_string();
    let hub = Hub::start_with(&db, &["--district-key", &format!(" {public} ")]);
    let code = token_cmd(&db, &["create", "--unit", "dak-koi", "--label", "B", "--plain"]).trim().to_string();
    let enrolled: Value =
        ureq::post(&hub.url("/api/enrol")).send_json(json!({"code": code})).unwrap().into_json().unwrap();
    assert_eq!(enrolled["district_key"], json!(public));
    let token = enrolled["token"].as_str().unwrap();
    assert_eq!(get(&hub, Some(token), "/api/me").json()["district_key"], json!(public));
    let page = ureq::get(&hub.url("/api/pull")).set("Authorization", &format!("Bearer {token}")).call().unwrap();
    assert_eq!(page.header("x-ansinh-district-key"), Some(public.as_str()));
    // A browser may read the header across origins (the tablet's app may come from elsewhere).
    let cross = ureq::get(&hub.url("/api/pull"))
        .set("Authorization", &format!("Bearer {token}"))
        .set("Origin", "https://example.org")
        .call()
        .unwrap();
    let exposed = cross.header("access-control-expose-headers").unwrap_or_default().to_lowercase();
    assert!(exposed.contains("x-ansinh-district-key"), "{exposed}");
}
