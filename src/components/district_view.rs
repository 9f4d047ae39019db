//! The district view on the Sync page, for the district's own device (enrolled for the district
//! unit): each unit's devices with their last push and pull, records received per day, and the
//! bundles refused with why — the hub's `GET /api/district`, loaded when the panel opens and on
//! "Tải lại". Its text lives here (not in `i18n::Msg`): it is only ever in the Sync page's chunk.

use ansinh_core::i18n::Lang;
use leptos::prelude::*;
use serde_json::Value;

use crate::context::{use_lang, use_plan};
use crate::storage;
use crate::upload::{exchange, token_key, unit_key, use_upload};

fn pair(lang: Lang, vi: &'static str, en: &'static str) -> &'static str {
    match lang {
        Lang::Vi => vi,
        Lang::En => en,
    }
}

/// `2026-12-03T07:01:02.123Z` as `07:01 03/12/2026` (UTC, as the hub keeps it).
fn when(v: &Value) -> String {
    let Some(s) = v.as_str() else { return "—".into() };
    match chrono::DateTime::parse_from_rfc3339(s) {
        Ok(t) => crate::components::outbox_list::local_time(t.with_timezone(&chrono::Utc)),
        Err(_) => s.to_string(),
    }
}

async fn load(url: String) -> Result<Value, String> {
    let token = storage::get(&token_key()).ok().flatten().unwrap_or_default();
    let target = web_sys::Url::new_with_base("/api/district", &url).map_err(|_| "URL".to_string())?.href();
    let headers = web_sys::Headers::new().map_err(|_| "headers".to_string())?;
    headers.set("Authorization", &format!("Bearer {token}")).map_err(|_| "headers".to_string())?;
    let init = web_sys::RequestInit::new();
    init.set_method("GET");
    init.set_headers(&headers);
    // `exchange`, not the uploader's timed fetch: that one stays in the uploader's chunk.
    let (status, text, _) = exchange(&target, &init)
        .await
        .map_err(|_| ansinh_core::sync::outbox::SendFailure::Network { detail: String::new() }.message(Lang::Vi))?;
    let value: Value = serde_json::from_str(&text).unwrap_or_default();
    if (200..300).contains(&status) {
        Ok(value)
    } else {
        Err(value["message"].as_str().map_or_else(|| format!("HTTP {status}"), str::to_string))
    }
}

fn unit_view(u: &Value, lang: Lang) -> impl IntoView {
    let devices: Vec<Value> = u["devices"].as_array().cloned().unwrap_or_default();
    let days: Vec<Value> = u["days"].as_array().cloned().unwrap_or_default();
    let refusals: Vec<Value> = u["refusals"].as_array().cloned().unwrap_or_default();
    let none = pair(lang, "Chưa có", "None");
    view! {
        <section class="district-unit" data-testid="district-unit" data-unit=u["unit"].as_str().unwrap_or_default().to_string()>
            <h4>{u["name"].as_str().unwrap_or_default().to_string()}</h4>
            <table class="district-devices">
                <thead><tr>
                    <th>{pair(lang, "Máy", "Device")}</th>
                    <th>{pair(lang, "Gửi gần nhất", "Last push")}</th>
                    <th>{pair(lang, "Nhận gần nhất", "Last pull")}</th>
                </tr></thead>
                <tbody>
                    {devices.iter().map(|d| {
                        let revoked = d["revoked_at"].is_string();
                        let label = d["label"].as_str().unwrap_or_default().to_string();
                        let label = if revoked { format!("{label} ({})", pair(lang, "đã thu hồi", "revoked")) } else { label };
                        view! {
                            <tr data-testid="district-device">
                                <td>{label}</td>
                                <td data-testid="district-last-push">{when(&d["last_push_at"])}</td>
                                <td data-testid="district-last-pull">{when(&d["last_pull_at"])}</td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
            <p>
                {pair(lang, "Bản ghi nhận theo ngày: ", "Records received per day: ")}
                {if days.is_empty() { none.to_string() } else {
                    days.iter().map(|d| format!("{} — {}", d["day"].as_str().unwrap_or_default(), d["records"]))
                        .collect::<Vec<_>>().join("; ")
                }}
            </p>
            {(!refusals.is_empty()).then(|| view! {
                <ul class="district-refusals" aria-label=pair(lang, "Gói bị từ chối", "Bundles refused")>
                    {refusals.iter().map(|r| view! {
                        <li data-testid="district-refusal">
                            {format!("{} — {} {}: {}", when(&r["at"]), pair(lang, "mã", "HTTP"), r["status"],
                                r["reason"].as_str().unwrap_or_default())}
                        </li>
                    }).collect_view()}
                </ul>
            })}
        </section>
    }
}

/// The panel; shown only on a device enrolled for the district.
#[component]
pub fn DistrictView() -> impl IntoView {
    let lang = use_lang();
    let up = use_upload();
    let plan = use_plan();
    let district = plan.0.with_untracked(|p| p.org_units.district().map(|d| d.id.clone()));
    let unit = storage::get(&unit_key()).ok().flatten();
    let is_district = district.is_some() && unit == district;
    let data = RwSignal::new(None::<Result<Value, String>>);
    let refresh = move || {
        let Some(url) = up.url.get_untracked() else { return };
        leptos::task::spawn_local(async move { data.set(Some(load(url).await)) });
    };
    if is_district {
        refresh();
    }
    move || {
        is_district.then(|| {
            let l = lang.0.get();
            view! {
                <section class="panel district-view" data-testid="district-view">
                    <h3>{pair(l, "Tình hình đồng bộ của các xã", "The communes' sync status")}</h3>
                    <button type="button" data-testid="district-refresh" on:click=move |_| refresh()>
                        {pair(l, "Tải lại", "Reload")}
                    </button>
                    {move || match data.get() {
                        None => view! { <p>{pair(l, "Đang tải…", "Loading…")}</p> }.into_any(),
                        Some(Err(m)) => view! { <p class="problems error" role="alert" data-testid="district-error">{m}</p> }.into_any(),
                        Some(Ok(v)) => {
                            let units = v["units"].as_array().cloned().unwrap_or_default();
                            view! { <div>{units.iter().map(|u| unit_view(u, l)).collect_view()}</div> }.into_any()
                        }
                    }}
                </section>
            }
        })
    }
}
