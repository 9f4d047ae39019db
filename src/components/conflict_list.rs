//! Records in conflict (edited on two devices since they last agreed): each with its versions
//! side by side — for a household the head (chủ hộ), village (thôn), number of members (số
//! nhân khẩu) and update time — and "Giữ bản này" under each. Keeping one is done by the core
//! (`RecordStore::resolve_conflict`) as a new version that wins on every device it reaches.
//! Shows nothing when there is no conflict.

use ansinh_core::i18n::{Lang, Msg};
use ansinh_core::sync::bundle::Conflict;
use ansinh_core::sync::bundle::RecordVersion;
use ansinh_core::sync::store::StoreResolveError;
use chrono::{DateTime, Datelike, Local, Timelike, Utc};
use leptos::prelude::*;

use crate::components::household_list::unit_name;
use crate::components::t::T;
use crate::components::when::When;
use crate::context::{use_lang, use_notices, use_store, Notice, Part};
use crate::storage::store_error_msg;

/// `hh:mm dd/mm/yyyy` in local time, formatted by hand.
fn local_time(at: DateTime<Utc>) -> String {
    let l = at.with_timezone(&Local);
    format!("{:02}:{:02} {:02}/{:02}/{:04}", l.hour(), l.minute(), l.day(), l.month(), l.year())
}

/// The rows shown for one version: head, village, members, update time (empty cells for
/// what the kind does not have).
fn cells(v: &RecordVersion, lang: Lang) -> [String; 4] {
    let dash = || "—".to_string();
    match v {
        RecordVersion::Household(h) => [
            h.head().map(|m| m.name.clone()).unwrap_or_else(|| lang_unnamed(lang)),
            unit_name(&h.village_id, lang),
            h.members.len().to_string(),
            local_time(h.meta.updated_at),
        ],
        RecordVersion::Tombstone(t) => {
            [Msg::ConflictDeletedVersion.text(lang).to_string(), dash(), dash(), local_time(t.deleted_at)]
        }
        other => [dash(), dash(), dash(), local_time(other.stamp())],
    }
}

fn lang_unnamed(lang: Lang) -> String {
    Msg::Unnamed.text(lang).to_string()
}

/// The list. No props.
#[component]
pub fn ConflictList() -> impl IntoView {
    let lang = use_lang();
    let store = use_store();
    let notices = use_notices();
    // Conflicting versions live in the record entries.
    let conflicts = Memo::new(move |_| store.read(&Part::RECORDS, |s| s.conflicts()).unwrap_or_default());
    let keep = move |c: &Conflict, index: usize| {
        let key = c.key;
        // Under the lock, from the versions as stored now: a choice another tab made a moment
        // ago is not made again over it (then `Resolve`: "changed elsewhere").
        leptos::task::spawn_local(async move {
            let result = store
                .update_locked(move |s| Ok(s.resolve_conflict(key, index, Utc::now())))
                .await
                .unwrap_or_else(|e| Err(StoreResolveError::Store(e)));
            if let Err(e) = result {
                let msg = match &e {
                    StoreResolveError::Store(s) | StoreResolveError::Write { error: s, .. } => store_error_msg(s),
                    StoreResolveError::Resolve(_) => Msg::ChangedElsewhere,
                };
                notices.push(Notice { prefix: Some(Msg::ResolveFailed), msg, offer_export: false });
            }
        });
    };
    let rows = [Msg::ColHead, Msg::ColVillage, Msg::Members, Msg::ConflictUpdated];
    view! {
        <When when=move || conflicts.with(|c| !c.is_empty())>
            <section class="panel conflicts" data-testid="conflicts">
                <h3><T m=Msg::ConflictsTitle/></h3>
                <p><T m=Msg::ConflictsIntro/></p>
                {move || {
                    conflicts
                        .get()
                        .into_iter()
                        .map(|c| {
                            let l = lang.0.get();
                            let table: Vec<[String; 4]> = c.versions.iter().map(|v| cells(v, l)).collect();
                            let n = c.versions.len();
                            view! {
                                <div class="conflict" data-testid="conflict" data-key=c.key.to_string()>
                                    <table class="records">
                                        <thead>
                                            <tr>
                                                <th></th>
                                                {(0..n)
                                                    .map(|i| {
                                                        let label = lang.t(Msg::ConflictVersion).replace("{n}", &(i + 1).to_string());
                                                        view! { <th>{label}</th> }
                                                    })
                                                    .collect_view()}
                                            </tr>
                                        </thead>
                                        <tbody>
                                            {rows
                                                .iter()
                                                .enumerate()
                                                .map(|(r, m)| {
                                                    view! {
                                                        <tr>
                                                            <th scope="row"><T m=*m/></th>
                                                            {table.iter().map(|col| view! { <td>{col[r].clone()}</td> }).collect_view()}
                                                        </tr>
                                                    }
                                                })
                                                .collect_view()}
                                            <tr>
                                                <td></td>
                                                {(0..n)
                                                    .map(|i| {
                                                        let c = c.clone();
                                                        view! {
                                                            <td>
                                                                <button type="button" class="primary" data-testid="keep-version"
                                                                    on:click=move |_| keep(&c, i)>
                                                                    <T m=Msg::KeepThis/>
                                                                </button>
                                                            </td>
                                                        }
                                                    })
                                                    .collect_view()}
                                            </tr>
                                        </tbody>
                                    </table>
                                </div>
                            }
                        })
                        .collect_view()
                }}
            </section>
        </When>
    }
}
