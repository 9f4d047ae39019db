//! Step 3 of the list import: what confirming would do — new drafts, updates (with what
//! changes), unchanged rows, and every rejected row with its number and why — and the button
//! that saves it. Saving runs under the cross-tab lock (`storage::exclusive`) from the records
//! as stored then: the preview is made again from them (a household another tab saved a
//! moment ago is matched, not added twice) and saved record by record, each a checked write.
//! What could not be saved is listed by row; a full storage stops the import where it is,
//! with the rest untouched and said so.

use ansinh_core::domain::survey::Household;
use ansinh_core::i18n::Lang;
use ansinh_core::sync::store::StoreError;
use ansinh_core::views::list_import::{layout_signature, preview, ImportContext, Preview};
use chrono::Utc;
use leptos::prelude::*;
use uuid::Uuid;

use crate::components::household_list::{org_units, village_label};
use crate::context::{use_lang, use_notices, use_store, Notice};
use crate::pages::list_import::{say, tx, use_list_import, SaveOutcome};
use crate::storage::{self, AppStore};

/// Saves a preview's new drafts and updates, one checked write each; stops at a full storage
/// (the rest untouched). Returns what was done and the error that stopped it.
fn save(s: &mut AppStore, p: &Preview, now: chrono::DateTime<Utc>) -> (SaveOutcome, Option<StoreError>) {
    let mut out = SaveOutcome { new: 0, updated: 0, failed: Vec::new() };
    for (row, h) in &p.new {
        match s.save::<Household>(h, None, now) {
            Ok(_) => out.new += 1,
            Err(e @ StoreError::Quota { .. }) => return (out, Some(e)),
            Err(e) => out.failed.push((*row, msg_text(&e))),
        }
    }
    for u in &p.updates {
        match s.save::<Household>(&u.household, Some(u.base_rev), now) {
            Ok(_) => out.updated += 1,
            Err(e @ StoreError::Quota { .. }) => return (out, Some(e)),
            Err(e) => out.failed.push((u.row, msg_text(&e))),
        }
    }
    (out, None)
}

/// A store failure's message in both languages.
fn msg_text(e: &StoreError) -> ansinh_core::i18n::Text {
    let m = storage::store_error_msg(e);
    ansinh_core::i18n::Text::new(m.text(Lang::Vi), m.text(Lang::En))
}

/// Rejected rows drawn at once (a bad file could have thousands).
const SHOWN: usize = 200;

#[component]
pub fn ListPreview() -> impl IntoView {
    let lang = use_lang();
    let ctx = use_list_import();
    let store = use_store();
    let notices = use_notices();

    let confirm = move |_| {
        let (Some(table), Some(map)) = (ctx.table.get_untracked(), ctx.mapping.get_untracked()) else { return };
        let units = org_units();
        let (commune_id, default_village, survey_date) =
            (ctx.commune.get_untracked(), ctx.default_village.get_untracked(), ctx.survey_date.get_untracked());
        ctx.saving.set(true);
        leptos::task::spawn_local(async move {
            // Under the cross-tab lock, from the records as stored now: the preview is made
            // again from them, so a household another tab saved a moment ago is matched, not
            // added twice, and an update starts from the revision it replaces.
            let table_in = table.clone();
            let map_in = map.clone();
            let locked = move || {
                store.modify(|s| {
                    if let Err(e) = s.reload() {
                        return (SaveOutcome { new: 0, updated: 0, failed: Vec::new() }, Some(e));
                    }
                    let now = Utc::now();
                    let ctx = ImportContext { commune_id, default_village, survey_date, now, units: &units };
                    let p = preview(
                        &table_in,
                        &map_in,
                        &ctx,
                        s.live::<Household>().map(|st| (&st.record, st.rev)),
                        Uuid::new_v4,
                    );
                    save(s, &p, now)
                })
            };
            let (mut out, error) = match storage::exclusive(locked).await {
                Ok(Some(done)) => done,
                Ok(None) => (
                    SaveOutcome { new: 0, updated: 0, failed: Vec::new() },
                    Some(StoreError::Unavailable("no local storage".into())),
                ),
                Err(e) => (
                    SaveOutcome { new: 0, updated: 0, failed: Vec::new() },
                    Some(StoreError::Backend { key: storage::PREFIX.into(), reason: e.to_string() }),
                ),
            };
            if let Some(e) = &error {
                notices.push(Notice::store(None, e));
                out.failed.push((
                    0,
                    if matches!(e, StoreError::Quota { .. }) {
                        tx(
                            "Bộ nhớ máy đã đầy: các hộ còn lại chưa được lưu. Hãy xuất dữ liệu, giải phóng bộ nhớ rồi nhập lại tệp (hộ đã lưu không bị tạo trùng).",
                            "The device storage is full: the remaining households were not saved. Export, free space, then import the file again (saved households are not duplicated).",
                        )
                    } else {
                        tx(
                            "Chưa lưu xong: hãy nhập lại tệp (hộ đã lưu không bị tạo trùng).",
                            "Not all saved: import the file again (saved households are not duplicated).",
                        )
                    },
                ));
            }
            // The confirmed mapping is remembered for the next list of the same layout.
            let key = storage::list_layouts_key();
            let mut all = storage::get(&key).ok().flatten().unwrap_or_default();
            all.insert(layout_signature(&table.headers(map.header_row)), map);
            if let Err(e) = storage::set(&key, &all) {
                notices.push(Notice::storage(None, &e));
            }
            ctx.saving.set(false);
            ctx.saved.set(Some(out));
        });
    };

    let counts = move || {
        ctx.preview.get().map(|p| {
            let line = |testid: &'static str, n: usize, vi: &'static str, en: &'static str| {
                view! {
                    <li data-testid=testid>
                        <strong>{n}</strong>" "{move || if lang.0.get() == Lang::Vi { vi } else { en }}
                    </li>
                }
            };
            view! {
                <ul class="list-counts">
                    {line("list-new-count", p.new.len(), "hộ mới (phiếu nháp)", "new households (drafts)")}
                    {line("list-update-count", p.updates.len(), "hộ đã có sẽ được cập nhật", "households on this device to update")}
                    {line("list-unchanged-count", p.unchanged.len(), "hộ đã có, không thay đổi", "households already here, unchanged")}
                    {line("list-rejected-count", p.rejected.len(), "dòng không nhập được", "rows that cannot be imported")}
                </ul>
                {(p.year_only > 0).then(|| {
                    let n = p.year_only;
                    view! {
                        <p class="hint" data-testid="list-year-only">{move || match lang.0.get() {
                            Lang::Vi => format!("{n} chủ hộ chỉ có năm sinh: ngày sinh để trống, hỏi khi khảo sát."),
                            Lang::En => format!("{n} heads have only a year of birth: the date is left blank, to ask on the visit."),
                        }}</p>
                    }
                })}
            }
        })
    };
    let rejected = move || {
        ctx.preview.get().filter(|p| !p.rejected.is_empty()).map(|p| {
            let more = p.rejected.len().saturating_sub(SHOWN);
            let rows = p
                .rejected
                .iter()
                .take(SHOWN)
                .map(|r| {
                    let reason = r.reason.clone();
                    view! {
                        <tr data-testid="list-rejected-row">
                            <td>{r.row}</td>
                            <td>{say(lang, reason)}</td>
                        </tr>
                    }
                })
                .collect_view();
            view! {
                <h4>{say(lang, tx("Dòng không nhập được", "Rows that cannot be imported"))}</h4>
                <table class="records" data-testid="list-rejected">
                    <thead><tr>
                        <th scope="col">{say(lang, tx("Dòng", "Row"))}</th>
                        <th scope="col">{say(lang, tx("Lý do", "Why"))}</th>
                    </tr></thead>
                    <tbody>{rows}</tbody>
                </table>
                {(more > 0).then(|| view! { <p class="hint">{move || match lang.0.get() {
                    Lang::Vi => format!("… và {more} dòng khác."),
                    Lang::En => format!("… and {more} more rows."),
                }}</p> })}
            }
        })
    };
    let updates = move || {
        ctx.preview.get().filter(|p| !p.updates.is_empty()).map(|p| {
            let rows = p
                .updates
                .iter()
                .take(SHOWN)
                .map(|u| {
                    let name = u.household.head().map(|m| m.name.clone()).unwrap_or_default();
                    let changed = u.changed.clone();
                    let what = move || {
                        changed.iter().map(|f| f.label().get(lang.0.get()).to_owned()).collect::<Vec<_>>().join(", ")
                    };
                    view! {
                        <tr data-testid="list-update-row">
                            <td>{u.row}</td>
                            <td>{name}</td>
                            <td>{what}</td>
                        </tr>
                    }
                })
                .collect_view();
            view! {
                <h4>{say(lang, tx("Hộ sẽ được cập nhật", "Households to update"))}</h4>
                <table class="records" data-testid="list-updates">
                    <thead><tr>
                        <th scope="col">{say(lang, tx("Dòng", "Row"))}</th>
                        <th scope="col">{say(lang, tx("Chủ hộ", "Head"))}</th>
                        <th scope="col">{say(lang, tx("Thay đổi", "Changes"))}</th>
                    </tr></thead>
                    <tbody>{rows}</tbody>
                </table>
            }
        })
    };
    let sample = move || {
        ctx.preview.get().filter(|p| !p.new.is_empty()).map(|p| {
            let rows = p
                .new
                .iter()
                .take(10)
                .map(|(row, h)| {
                    let name = h.head().map(|m| m.name.clone()).unwrap_or_default();
                    let village = h.village_id.clone();
                    let poverty = h.poverty;
                    view! {
                        <tr data-testid="list-new-row">
                            <td>{*row}</td>
                            <td>{name}</td>
                            <td>{move || village_label(&village, lang.0.get())}</td>
                            <td>{move || poverty.map(|p| p.label().get(lang.0.get()).to_owned()).unwrap_or_default()}</td>
                        </tr>
                    }
                })
                .collect_view();
            view! {
                <h4>{say(lang, tx("Hộ mới (10 dòng đầu)", "New households (first 10 rows)"))}</h4>
                <table class="records" data-testid="list-new">
                    <thead><tr>
                        <th scope="col">{say(lang, tx("Dòng", "Row"))}</th>
                        <th scope="col">{say(lang, tx("Chủ hộ", "Head"))}</th>
                        <th scope="col">{say(lang, tx("Thôn", "Village"))}</th>
                        <th scope="col">{say(lang, tx("Phân loại hộ", "Poverty status"))}</th>
                    </tr></thead>
                    <tbody>{rows}</tbody>
                </table>
            }
        })
    };
    let to_save = move || ctx.preview.get().map_or(0, |p| p.new.len() + p.updates.len());
    let button = move || match lang.0.get() {
        Lang::Vi => format!("Lưu {} hộ", to_save()),
        Lang::En => format!("Save {} households", to_save()),
    };
    let saved = move || {
        ctx.saved.get().map(|o| {
            let failed = o.failed.clone();
            view! {
                <div class="callout" role="status" data-testid="list-saved">
                    <p>{move || match lang.0.get() {
                        Lang::Vi => format!("Đã lưu {} hộ mới và cập nhật {} hộ.", o.new, o.updated),
                        Lang::En => format!("Saved {} new households and updated {}.", o.new, o.updated),
                    }}</p>
                    <ul>
                        {failed.into_iter().map(|(row, t)| view! {
                            <li data-testid="list-save-failed">
                                {(row > 0).then_some(move || match lang.0.get() { Lang::Vi => format!("Dòng {row}: "), Lang::En => format!("Row {row}: ") })}
                                {say(lang, t)}
                            </li>
                        }).collect_view()}
                    </ul>
                    <p><a href="/ho-gia-dinh" data-testid="list-to-households">
                        {say(lang, tx("Xem danh sách hộ", "See the households"))}
                    </a></p>
                </div>
            }
        })
    };

    view! {
        <Show when=move || ctx.preview.with(Option::is_some) || ctx.saved.with(Option::is_some)>
            <div class="panel" data-testid="list-preview-step">
                <h3>{say(lang, tx("3. Xem trước và lưu", "3. Preview and save"))}</h3>
                {counts}
                <button
                    type="button"
                    class="primary"
                    data-testid="list-confirm"
                    prop:disabled=move || to_save() == 0 || ctx.saving.get()
                    on:click=confirm
                >
                    {button}
                </button>
                {saved}
                {rejected}
                {updates}
                {sample}
            </div>
        </Show>
    }
}
