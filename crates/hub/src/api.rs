//! The sync API and the built app, as an axum router.
//!
//! Contract (`README.md`, "The district hub"; `docs/bundle-format.md`, "Upload"):
//! - `POST /api/enrol {"code"}` → `{"token", "device_id", "unit", "label"}`: a one-time code for
//!   a device token.
//! - `POST /api/bundles` (bundle JSON, `X-Ansinh-Bundle-Id`) → `{"bundle_id", "status":
//!   "stored" | "duplicate", …}`. Refusals are 4xx with `{"error", "message" (Vietnamese),
//!   "message_en"}` and store nothing: 400 not a bundle for this plan, 403 another unit's
//!   record (named), 409 the same id with another body, 413 too large.
//! - `GET /api/pull?cursor=n&limit=m` → a bundle of the device's records changed after `n`,
//!   but those whose stored state is exactly what this device sent (it holds them already);
//!   headers `X-Ansinh-Cursor` (ask from there next) and `X-Ansinh-More` (`1`: another page; a
//!   page may then be empty, the cursor still moved).
//! - `GET /api/me` → the device; `GET /api/district` (district devices) → the district view.
//! - With a district public key set (`ansinh serve --district-key age1…`), the enrolment and
//!   `/api/me` answers carry it as `"district_key"` and every pull page as the header
//!   `X-Ansinh-District-Key`: that is how tablets get the key their exports are encrypted to.
//! - Every `/api` request but enrolment needs `Authorization: Bearer <token>` (401 otherwise).
//!   Per-token rate limit (429 + Retry-After); database unavailable → 503 + Retry-After.
//! - Everything else is the built app (`dist/`), `index.html` for the app's own routes.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use ansinh_core::domain::plan::Plan;
use ansinh_core::i18n::{Lang, Text};
use ansinh_core::sync::bundle::{parse_bundle, Limits};
use axum::body::{Body, Bytes};
use axum::extract::{DefaultBodyLimit, Query, State};
use axum::http::{header, HeaderMap, HeaderName, HeaderValue, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::Deserialize;
use serde_json::json;
use sqlx::Row;
use tower_http::cors::CorsLayer;
use tower_http::services::{ServeDir, ServeFile};
use tower_http::timeout::TimeoutLayer;
use uuid::Uuid;

use crate::db::{is_unavailable, Db};
use crate::store::{self, ReceiveError, Received};
use crate::tokens::{self, Device, Touch};

/// Seconds a client is told to wait when the database is unavailable.
const RETRY_AFTER_DB: u64 = 5;

/// Settings of the API.
#[derive(Debug, Clone)]
pub struct Config {
    /// Largest request body accepted (bytes).
    pub max_body: usize,
    /// Requests per device per minute.
    pub rate_per_minute: u32,
    /// Enrolment attempts per minute (all devices together: codes are short).
    pub enrol_per_minute: u32,
    /// The built app, served to tablets; `None` serves the API only.
    pub dist: Option<PathBuf>,
    /// Records per pull page, at most.
    pub max_page: usize,
    /// The district's public key (`age1…`, checked at start), announced to tablets.
    pub district_key: Option<String>,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            max_body: 20 * 1024 * 1024,
            rate_per_minute: 600,
            enrol_per_minute: 30,
            dist: None,
            max_page: 2000,
            district_key: None,
        }
    }
}

/// Shared state of the handlers.
#[derive(Clone)]
pub struct Hub {
    pub db: Db,
    pub plan: Arc<Plan>,
    pub config: Arc<Config>,
    limiter: Arc<Mutex<HashMap<String, (Instant, u32)>>>,
    /// Bundles parsed at once: one per core. More only share the cores, each holding its body
    /// and parsed bundle meanwhile (the hub's peak memory doubled with unbounded parsing);
    /// tokio's semaphore is fair, so parses start in arrival order.
    parses: Arc<tokio::sync::Semaphore>,
}

impl Hub {
    pub fn new(db: Db, plan: Plan, config: Config) -> Hub {
        let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
        Hub {
            db,
            plan: Arc::new(plan),
            config: Arc::new(config),
            limiter: Arc::default(),
            parses: Arc::new(tokio::sync::Semaphore::new(cores)),
        }
    }

    /// Fixed one-minute windows per key; `Err(seconds)` until the window ends when over `limit`.
    fn admit(&self, key: &str, limit: u32) -> Result<(), u64> {
        let mut map = self.limiter.lock().unwrap_or_else(|p| p.into_inner());
        let now = Instant::now();
        if map.len() > 10_000 {
            map.retain(|_, (start, _)| now.duration_since(*start) < Duration::from_secs(60));
        }
        let slot = map.entry(key.to_string()).or_insert((now, 0));
        if now.duration_since(slot.0) >= Duration::from_secs(60) {
            *slot = (now, 0);
        }
        slot.1 += 1;
        if slot.1 > limit {
            return Err(60u64.saturating_sub(now.duration_since(slot.0).as_secs()).max(1));
        }
        Ok(())
    }
}

/// A refusal or failure, answered as JSON with a Vietnamese message first.
#[derive(Debug)]
pub struct ApiError {
    status: StatusCode,
    code: &'static str,
    text: Text,
    retry_after: Option<u64>,
}

impl ApiError {
    fn new(status: StatusCode, code: &'static str, vi: impl Into<String>, en: impl Into<String>) -> ApiError {
        ApiError { status, code, text: Text::new(vi, en), retry_after: None }
    }

    fn unauthorized() -> ApiError {
        ApiError::new(
            StatusCode::UNAUTHORIZED,
            "unauthorized",
            "Máy này chưa được đăng ký với máy chủ huyện, hoặc đã bị thu hồi quyền. Hãy xin cán bộ huyện mã đăng ký mới \
             rồi nhập ở trang Đồng bộ.",
            "This device is not enrolled with the district hub, or its access was revoked. Ask the district office \
             for a new enrolment code and enter it on the Sync page.",
        )
    }

    fn unavailable() -> ApiError {
        let mut e = ApiError::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "unavailable",
            "Máy chủ huyện tạm thời không truy cập được cơ sở dữ liệu. Dữ liệu vẫn an toàn trên máy; máy sẽ tự gửi lại sau.",
            "The district hub cannot reach its database right now. The data is safe on the device; it will be sent \
             again later.",
        );
        e.retry_after = Some(RETRY_AFTER_DB);
        e
    }

    fn internal(what: &str) -> ApiError {
        ApiError::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "internal",
            format!("Máy chủ huyện gặp lỗi ({what}). Dữ liệu vẫn an toàn trên máy; hãy báo cán bộ huyện."),
            format!("The district hub failed ({what}). The data is safe on the device; tell the district office."),
        )
    }

    fn sql(e: sqlx::Error) -> ApiError {
        if is_unavailable(&e) {
            eprintln!("ansinh-hub: database unavailable: {e}");
            ApiError::unavailable()
        } else {
            eprintln!("ansinh-hub: database error: {e}");
            ApiError::internal("database")
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = json!({
            "error": self.code,
            "message": self.text.get(Lang::Vi),
            "message_en": self.text.get(Lang::En),
        });
        let mut res = (self.status, Json(body)).into_response();
        if let Some(s) = self.retry_after {
            res.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from(s));
        }
        res
    }
}

/// The router: API, CORS, limits, timeouts, and the app's files.
pub fn router(hub: Hub) -> Router {
    let cors = CorsLayer::new()
        // Tokens travel in a header, never in cookies: any origin may call, only a token opens.
        .allow_origin(tower_http::cors::Any)
        .allow_methods([Method::GET, Method::POST])
        .allow_headers([header::CONTENT_TYPE, header::AUTHORIZATION, HeaderName::from_static("x-ansinh-bundle-id")])
        .expose_headers([
            HeaderName::from_static("x-ansinh-cursor"),
            HeaderName::from_static("x-ansinh-more"),
            HeaderName::from_static("x-ansinh-district-key"),
            header::RETRY_AFTER,
        ]);
    let api = Router::new()
        .route("/api/health", get(health))
        .route("/api/enrol", post(enrol))
        .route("/api/me", get(me))
        .route("/api/bundles", post(upload))
        .route("/api/pull", get(pull))
        .route("/api/district", get(district))
        .layer(DefaultBodyLimit::max(hub.config.max_body))
        .layer(cors)
        .layer(TimeoutLayer::with_status_code(StatusCode::REQUEST_TIMEOUT, Duration::from_secs(120)));
    let app = match &hub.config.dist {
        Some(dist) => {
            let files = ServeDir::new(dist).fallback(ServeFile::new(dist.join("index.html")));
            api.fallback_service(files)
        }
        None => api,
    };
    app.with_state(hub)
}

async fn health(State(hub): State<Hub>) -> Result<Json<serde_json::Value>, ApiError> {
    sqlx::query("SELECT 1 AS one").fetch_one(&hub.db.pool).await.map_err(ApiError::sql)?;
    Ok(Json(json!({"status": "ok", "plan": hub.plan.id})))
}

/// The device whose token the request carries (not revoked), within its rate limit.
async fn device(hub: &Hub, headers: &HeaderMap) -> Result<Device, ApiError> {
    let token = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .ok_or_else(ApiError::unauthorized)?;
    let device = tokens::by_token(&hub.db, token).await.map_err(ApiError::sql)?.ok_or_else(ApiError::unauthorized)?;
    hub.admit(&device.id, hub.config.rate_per_minute).map_err(too_many)?;
    Ok(device)
}

fn too_many(seconds: u64) -> ApiError {
    let mut e = ApiError::new(
        StatusCode::TOO_MANY_REQUESTS,
        "rate_limited",
        format!("Máy gửi quá nhiều yêu cầu. Máy sẽ tự thử lại sau {seconds} giây."),
        format!("Too many requests from this device. It will try again in {seconds} s."),
    );
    e.retry_after = Some(seconds);
    e
}

#[derive(Deserialize)]
struct EnrolRequest {
    code: String,
}

async fn enrol(State(hub): State<Hub>, body: Bytes) -> Result<Json<serde_json::Value>, ApiError> {
    hub.admit("enrol", hub.config.enrol_per_minute).map_err(too_many)?;
    let request: EnrolRequest = serde_json::from_slice(&body).map_err(|_| {
        ApiError::new(
            StatusCode::BAD_REQUEST,
            "bad_request",
            "Yêu cầu đăng ký không hợp lệ.",
            "Invalid enrolment request.",
        )
    })?;
    let Some((device, token)) = tokens::enrol(&hub.db, &request.code).await.map_err(ApiError::sql)? else {
        return Err(ApiError::new(
            StatusCode::UNAUTHORIZED,
            "bad_code",
            "Mã đăng ký không đúng, đã dùng hoặc đã hết hạn. Hãy xin cán bộ huyện mã mới.",
            "The enrolment code is wrong, used or expired. Ask the district office for a new one.",
        ));
    };
    eprintln!("ansinh-hub: device {} enrolled ({})", device.id, device.unit);
    Ok(Json(json!({
        "token": token, "device_id": device.id, "unit": device.unit, "label": device.label,
        "district_key": hub.config.district_key,
    })))
}

async fn me(State(hub): State<Hub>, headers: HeaderMap) -> Result<Json<serde_json::Value>, ApiError> {
    let device = device(&hub, &headers).await?;
    Ok(Json(json!({
        "device_id": device.id, "unit": device.unit, "label": device.label,
        "district_key": hub.config.district_key,
    })))
}

/// Notes a refused bundle for the district view (best effort: the refusal itself is answered
/// whatever happens here).
async fn note_refusal(hub: &Hub, device: &Device, bundle_id: Option<Uuid>, e: &ApiError) {
    let result =
        sqlx::query("INSERT INTO refusals (id, at, device, bundle_id, status, reason) VALUES ($1, $2, $3, $4, $5, $6)")
            .bind(Uuid::new_v4().to_string())
            .bind(crate::now_text())
            .bind(&device.id)
            .bind(bundle_id.map(|b| b.to_string()))
            .bind(i64::from(e.status.as_u16()))
            .bind(e.text.get(Lang::Vi).to_string())
            .execute(&hub.db.pool)
            .await;
    if let Err(err) = result {
        eprintln!("ansinh-hub: could not note a refusal: {err}");
    }
}

async fn upload(State(hub): State<Hub>, headers: HeaderMap, body: Bytes) -> Result<Response, ApiError> {
    let device = device(&hub, &headers).await?;
    let header_id =
        headers.get("x-ansinh-bundle-id").and_then(|v| v.to_str().ok()).and_then(|v| Uuid::parse_str(v.trim()).ok());
    let result = receive(&hub, &device, header_id, body).await;
    match result {
        Ok(res) => Ok(res),
        Err(e) => {
            if e.status.is_client_error() {
                note_refusal(&hub, &device, header_id, &e).await;
            }
            Err(e)
        }
    }
}

fn ack(bundle_id: Uuid, status: &str, extra: serde_json::Value) -> Response {
    let mut body = json!({"bundle_id": bundle_id, "status": status});
    if let (Some(b), Some(x)) = (body.as_object_mut(), extra.as_object()) {
        b.extend(x.clone());
    }
    (StatusCode::OK, Json(body)).into_response()
}

fn mismatch(bundle_id: Uuid) -> ApiError {
    ApiError::new(
        StatusCode::CONFLICT,
        "bundle_id_reused",
        format!(
            "Gói {bundle_id} đã được nhận trước đây với nội dung khác. Máy chủ không ghi gì. Hãy cập nhật ứng dụng trên \
             máy tính bảng: gói mới sẽ mang mã mới."
        ),
        format!(
            "Bundle {bundle_id} was received before with a different body. Nothing was stored. Update the app on the \
             tablet: a new bundle gets a new id."
        ),
    )
}

async fn receive(hub: &Hub, device: &Device, header_id: Option<Uuid>, body: Bytes) -> Result<Response, ApiError> {
    let digest = tokens::sha256_hex(&body);
    // A repeat is answered from its id and digest, without parsing the body again.
    if let Some(id) = header_id {
        match store::repeated(&hub.db, id, &digest).await.map_err(ApiError::sql)? {
            Some(Received::Duplicate) => return Ok(ack(id, "duplicate", json!({}))),
            Some(_) => return Err(mismatch(id)),
            None => {}
        }
    }
    let limits = Limits { max_bytes: hub.config.max_body };
    // Parsing and validating a bundle is the request's CPU work (half a millisecond for 100
    // households here, a large bundle far more): on the blocking pool, so the runtime's few
    // threads keep moving the writer that holds the database (its awaits) instead of waiting
    // behind other requests' parsing; one parse per core at a time (`Hub::parses`).
    let plan = Arc::clone(&hub.plan);
    let parsing =
        Arc::clone(&hub.parses).acquire_owned().await.map_err(|_| ApiError::internal("bundle reader stopped"))?;
    let parsed = tokio::task::spawn_blocking(move || {
        let _parsing = parsing;
        parse_bundle(&body, &plan, &limits)
    })
    .await
    .map_err(|e| {
        eprintln!("ansinh-hub: bundle reader stopped: {e}");
        ApiError::internal("bundle reader stopped")
    })?;
    let bundle = parsed.map_err(|e| {
        ApiError::new(StatusCode::BAD_REQUEST, "invalid_bundle", e.message(Lang::Vi), e.message(Lang::En))
    })?;
    if header_id.is_some_and(|h| h != bundle.bundle_id) {
        return Err(ApiError::new(
            StatusCode::BAD_REQUEST,
            "bundle_id_header",
            "Mã gói trong tiêu đề X-Ansinh-Bundle-Id khác mã trong gói. Máy chủ không ghi gì.",
            "The X-Ansinh-Bundle-Id header names another bundle than the body. Nothing was stored.",
        ));
    }
    let outcome = store::receive(&hub.db, &hub.plan, &bundle, &digest, device).await;
    match outcome {
        Ok(Received::Stored(r)) => {
            eprintln!("ansinh-hub: bundle {} from device {}: stored", bundle.bundle_id, device.id);
            Ok(ack(
                bundle.bundle_id,
                "stored",
                json!({"added": r.added, "updated": r.updated, "deleted": r.deleted, "unchanged": r.unchanged,
                       "kept_local": r.kept_local, "conflicts": r.conflicts}),
            ))
        }
        Ok(Received::Duplicate) => Ok(ack(bundle.bundle_id, "duplicate", json!({}))),
        Ok(Received::Mismatch) => Err(mismatch(bundle.bundle_id)),
        Err(ReceiveError::Forbidden { kind, id, unit, device_unit }) => {
            let name = |u: &str, lang: Lang| {
                hub.plan.org_units.get(u).map_or_else(|| u.to_string(), |o| o.name.get(lang).to_string())
            };
            Err(ApiError::new(
                StatusCode::FORBIDDEN,
                "outside_unit",
                format!(
                    "{} mã {id} thuộc {}, không thuộc {} của máy này. Máy chủ không ghi gì từ gói này. Hãy chuyển bản \
                     ghi bằng tệp qua cán bộ huyện.",
                    capitalise(kind.label_vi()),
                    name(&unit, Lang::Vi),
                    name(&device_unit, Lang::Vi)
                ),
                format!(
                    "{} {id} belongs to {}, not to this device's {}. Nothing from this bundle was stored. Send the \
                     record as a file through the district office.",
                    capitalise(kind.as_str()),
                    name(&unit, Lang::En),
                    name(&device_unit, Lang::En)
                ),
            ))
        }
        Err(ReceiveError::Sql(e)) => Err(ApiError::sql(e)),
        Err(e @ ReceiveError::Corrupt { .. }) => {
            eprintln!("ansinh-hub: {e}");
            Err(ApiError::internal("stored record unreadable"))
        }
    }
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    c.next().map(|f| f.to_uppercase().chain(c).collect()).unwrap_or_default()
}

#[derive(Deserialize)]
struct PullQuery {
    #[serde(default)]
    cursor: i64,
    limit: Option<usize>,
}

async fn pull(State(hub): State<Hub>, headers: HeaderMap, Query(q): Query<PullQuery>) -> Result<Response, ApiError> {
    let device = device(&hub, &headers).await?;
    let limit = q.limit.unwrap_or(500).clamp(1, hub.config.max_page);
    let page = store::pull(&hub.db, &hub.plan, &device, q.cursor.max(0), limit).await.map_err(|e| match e {
        ReceiveError::Sql(e) => ApiError::sql(e),
        e => {
            eprintln!("ansinh-hub: {e}");
            ApiError::internal("stored record unreadable")
        }
    })?;
    tokens::touch(&hub.db, &device.id, Touch::Pull).await.map_err(ApiError::sql)?;
    let mut res = Response::new(Body::from(page.bundle.to_json(false)));
    let h = res.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static("application/json"));
    h.insert("x-ansinh-cursor", HeaderValue::from(page.cursor));
    h.insert("x-ansinh-more", HeaderValue::from_static(if page.more { "1" } else { "0" }));
    if let Some(key) = hub.config.district_key.as_deref().and_then(|k| HeaderValue::from_str(k).ok()) {
        h.insert("x-ansinh-district-key", key);
    }
    Ok(res)
}

/// The district view: devices, pushes and pulls, records received per day, refusals.
async fn district(State(hub): State<Hub>, headers: HeaderMap) -> Result<Json<serde_json::Value>, ApiError> {
    let device = device(&hub, &headers).await?;
    let district = hub.plan.org_units.district().map(|d| d.id.clone()).unwrap_or_default();
    if device.unit != district {
        return Err(ApiError::new(
            StatusCode::FORBIDDEN,
            "district_only",
            "Chỉ máy của huyện mới xem được tình hình đồng bộ của các xã.",
            "Only a district device can see the communes' sync status.",
        ));
    }
    let devices = tokens::list(&hub.db).await.map_err(ApiError::sql)?;
    let days = sqlx::query(
        "SELECT SUBSTR(received_at, 1, 10) AS day, COUNT(*) AS bundles, CAST(SUM(records) AS BIGINT) AS records FROM bundles \
         GROUP BY SUBSTR(received_at, 1, 10) ORDER BY day DESC LIMIT 60",
    )
    .fetch_all(&hub.db.pool)
    .await
    .map_err(ApiError::sql)?;
    let days: Vec<serde_json::Value> = days
        .iter()
        .map(|r| {
            json!({"day": r.try_get::<String, _>("day").unwrap_or_default(),
                   "bundles": r.try_get::<i64, _>("bundles").unwrap_or_default(),
                   "records": r.try_get::<i64, _>("records").unwrap_or_default()})
        })
        .collect();
    let refusals = sqlx::query("SELECT at, device, bundle_id, status, reason FROM refusals ORDER BY at DESC LIMIT 100")
        .fetch_all(&hub.db.pool)
        .await
        .map_err(ApiError::sql)?;
    let refusals: Vec<serde_json::Value> = refusals
        .iter()
        .map(|r| {
            json!({"at": r.try_get::<String, _>("at").unwrap_or_default(),
                   "device": r.try_get::<String, _>("device").unwrap_or_default(),
                   "bundle_id": r.try_get::<Option<String>, _>("bundle_id").unwrap_or_default(),
                   "status": r.try_get::<i64, _>("status").unwrap_or_default(),
                   "reason": r.try_get::<String, _>("reason").unwrap_or_default()})
        })
        .collect();
    let records = store::count_records(&hub.db).await.map_err(ApiError::sql)?;
    let units = by_unit(&hub, &devices).await.map_err(ApiError::sql)?;
    Ok(Json(json!({"devices": devices, "days": days, "refusals": refusals, "records": records, "units": units})))
}

/// The district view per unit (the district, then each commune, then any other unit that has
/// devices): its devices with their last push and pull, records received per day (by the
/// receiving device's unit), and the bundles refused with why.
async fn by_unit(hub: &Hub, devices: &[Device]) -> Result<Vec<serde_json::Value>, sqlx::Error> {
    let unit_of: HashMap<&str, &str> = devices.iter().map(|d| (d.id.as_str(), d.unit.as_str())).collect();
    let received = sqlx::query(
        "SELECT SUBSTR(received_at, 1, 10) AS day, device, COUNT(*) AS bundles, CAST(SUM(records) AS BIGINT) AS records \
         FROM bundles GROUP BY SUBSTR(received_at, 1, 10), device ORDER BY day DESC",
    )
    .fetch_all(&hub.db.pool)
    .await?;
    // unit → day → (bundles, records), newest day first.
    let mut days: HashMap<&str, Vec<(String, i64, i64)>> = HashMap::new();
    for r in &received {
        let device: String = r.try_get("device")?;
        let Some(unit) = unit_of.get(device.as_str()) else { continue };
        let (day, b, n): (String, i64, i64) = (r.try_get("day")?, r.try_get("bundles")?, r.try_get("records")?);
        let list = days.entry(unit).or_default();
        match list.iter_mut().find(|(d, _, _)| *d == day) {
            Some(slot) => {
                slot.1 += b;
                slot.2 += n;
            }
            None => list.push((day, b, n)),
        }
    }
    let refused = sqlx::query("SELECT at, device, bundle_id, status, reason FROM refusals ORDER BY at DESC LIMIT 500")
        .fetch_all(&hub.db.pool)
        .await?;
    let mut refusals: HashMap<&str, Vec<serde_json::Value>> = HashMap::new();
    for r in &refused {
        let device: String = r.try_get("device")?;
        let Some(unit) = unit_of.get(device.as_str()) else { continue };
        let list = refusals.entry(unit).or_default();
        if list.len() < 50 {
            list.push(json!({"at": r.try_get::<String, _>("at")?, "device": device,
                             "bundle_id": r.try_get::<Option<String>, _>("bundle_id")?,
                             "status": r.try_get::<i64, _>("status")?, "reason": r.try_get::<String, _>("reason")?}));
        }
    }
    let org = &hub.plan.org_units;
    let mut ids: Vec<String> = org.district().into_iter().chain(org.communes()).map(|u| u.id.clone()).collect();
    for d in devices {
        if !ids.contains(&d.unit) {
            ids.push(d.unit.clone());
        }
    }
    Ok(ids
        .iter()
        .map(|id| {
            let name = org.get(id).map_or_else(|| id.clone(), |u| u.name.get(Lang::Vi).to_string());
            let own: Vec<&Device> = devices.iter().filter(|d| d.unit == *id).collect();
            let days: Vec<serde_json::Value> = days
                .get(id.as_str())
                .map(|l| l.iter().map(|(day, b, n)| json!({"day": day, "bundles": b, "records": n})).collect())
                .unwrap_or_default();
            json!({"unit": id, "name": name, "devices": own, "days": days,
                   "refusals": refusals.get(id.as_str()).cloned().unwrap_or_default()})
        })
        .collect())
}
