//! The households stored on this device: head, commune, village, survey date, draft or
//! complete; search by any member's name without diacritics, filters, sort; add, edit, and
//! delete with confirmation then "Hoàn tác" (undo). Follows other tabs: the list reads the
//! store signal, which the `storage` event refreshes.
//!
//! Smooth with 7,500 households: the core's `HouseholdIndex` folds each record's names once
//! per saved change (synced by revision), the search text reaches the query debounced, and
//! the list draws `PAGE` rows at a time.

use ansinh_core::i18n::{Lang, Msg};
use ansinh_core::views::household_index::{Entry, HouseholdIndex, ListQuery};
use std::sync::Arc;

use ansinh_core::domain::org::{OrgKind, OrgUnits};
use ansinh_core::domain::survey::{Completeness, Household, RecordMeta};
use ansinh_core::sync::bundle::RecordKind;
use chrono::{Datelike, Local, Utc};
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use uuid::Uuid;

use crate::components::list_filters::ListFilters;
use crate::components::t::T;
use crate::components::when::When;
use crate::context::{use_lang, use_notices, use_store, Notice, Part};

/// How many rows the list shows at first and adds with "Xem thêm": a district has 7,500
/// households; drawing them all at once would freeze a tablet.
const PAGE: usize = 50;

thread_local! {
    /// The list's index, kept while the app runs: coming back from a form to the list folds
    /// only the households saved meanwhile, not all 7,500 again (the app is single-threaded).
    static INDEX: std::cell::RefCell<HouseholdIndex> = std::cell::RefCell::new(HouseholdIndex::new());
}

/// One row of the list, copied out of the index so the view only re-renders what changed.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
struct Row {
    id: Uuid,
    rev: u64,
    head: Option<String>,
    members: usize,
    commune_id: String,
    village_id: String,
    survey_date: String,
    completeness: Completeness,
    /// Another device's version of this household is waiting for a choice (Đồng bộ page).
    conflict: bool,
}

impl Row {
    fn of(e: &Entry) -> Self {
        let d = e.survey_date;
        Row {
            id: e.id,
            rev: e.rev,
            head: e.head.clone(),
            members: e.members,
            commune_id: e.commune_id.clone(),
            village_id: e.village_id.clone(),
            survey_date: format!("{:02}/{:02}/{:04}", d.day(), d.month(), d.year()),
            completeness: e.completeness,
            conflict: false,
        }
    }
}

/// The org units in force (communes, and villages as the commune keeps them); tracked when
/// read in a view or memo.
pub fn org_units() -> Arc<OrgUnits> {
    crate::context::current_units()
}

/// The name of an org unit in `lang`, or its id when no list knows it.
pub fn unit_name(id: &str, lang: Lang) -> String {
    org_units().get(id).map(|u| u.name.get(lang).to_owned()).unwrap_or_else(|| id.to_owned())
}

/// A household's village as the list and the form show it: its name, with "không còn sử
/// dụng" or "đã sáp nhập vào …" when it is closed, and "thôn chưa có trong danh sách (id)" when
/// no list knows it (an imported record whose commune's list has not arrived).
pub fn village_label(id: &str, lang: Lang) -> String {
    if id.trim().is_empty() {
        return String::new();
    }
    let units = org_units();
    let Some(u) = units.get(id).filter(|u| u.kind == OrgKind::Village) else {
        return Msg::UnknownVillage.text(lang).replace("{id}", id);
    };
    let name = u.name.get(lang).to_owned();
    match (&u.merged_into, u.status.is_in_use()) {
        (Some(target), _) => {
            let into = Msg::VillageMergedInto.text(lang).replace("{name}", &unit_name(target, lang));
            format!("{name} ({})", into.to_lowercase())
        }
        (None, false) => format!("{name} ({})", Msg::VillageRetired.text(lang).to_lowercase()),
        (None, true) => name,
    }
}

/// A new draft household in the first commune and its first open village, surveyed today.
pub fn new_household() -> Household {
    let units = org_units();
    let commune = units.communes().first().map(|u| u.id.clone()).unwrap_or_default();
    let village = units.offered_villages(&commune, "").first().map(|u| u.id.clone()).unwrap_or_default();
    Household::new(RecordMeta::new(Uuid::new_v4(), Utc::now()), commune, village, Local::now().date_naive())
}

/// The list with its actions. No props.
#[component]
pub fn HouseholdList() -> impl IntoView {
    let lang = use_lang();
    let store = use_store();
    let notices = use_notices();
    let navigate = use_navigate();
    let confirming = RwSignal::new(None::<Uuid>);
    let undo = RwSignal::new(None::<Uuid>);
    let query = RwSignal::new(ListQuery::default());
    let limit = RwSignal::new(PAGE);
    // Re-syncs the index when households change (only changed records are folded again).
    let synced = Memo::new(move |prev: Option<&u64>| {
        store.read(&[Part::Households], |s| {
            INDEX.with_borrow_mut(|i| {
                i.sync(s.live::<Household>().map(|st| (&st.record, st.rev)));
            })
        });
        prev.map_or(0, |n| n + 1)
    });
    // Reading `synced` (not just tracking it) runs the sync: memos are lazy.
    let total = Memo::new(move |_| {
        let _version = synced.get();
        INDEX.with_borrow(|i| i.len())
    });
    let found = Memo::new(move |_| {
        let _version = synced.get();
        let n = limit.get();
        query.with(|q| {
            INDEX.with_borrow(|i| {
                let all = i.query(q);
                let total = all.len();
                let mut rows: Vec<Row> = all.into_iter().take(n).map(Row::of).collect();
                store.read(&[Part::Households], |s| {
                    rows.iter_mut().for_each(|r| r.conflict = s.in_conflict(RecordKind::Household, r.id))
                });
                (total, rows)
            })
        })
    });
    let rows = Memo::new(move |_| found.with(|f| f.1.clone()));
    Effect::new(move |_| {
        query.track();
        limit.set(PAGE);
    });

    let open = Callback::new(move |id: Uuid| navigate(&format!("/ho-gia-dinh?ho={id}"), Default::default()));
    // Every write runs under the cross-tab lock from the store as another tab left it a moment
    // ago (`StoreCtx::update_locked`): a household another tab deleted is not deleted again
    // over its deletion, and an undo sees whether the deletion has already left the device.
    let add = move |_| {
        let h = new_household();
        leptos::task::spawn_local(async move {
            let id = h.meta.id;
            match store.update_locked(move |s| s.save(&h, None, Utc::now())).await {
                // Not if the list is gone meanwhile (the user went elsewhere).
                Ok(_) => {
                    open.try_run(id);
                }
                Err(e) => notices.push(Notice::store(Some(Msg::NotSaved), &e)),
            }
        });
    };
    let delete = move |id: Uuid| {
        confirming.set(None);
        leptos::task::spawn_local(async move {
            match store.update_locked(move |s| s.delete(RecordKind::Household, id, Utc::now())).await {
                Ok(()) => {
                    undo.try_set(Some(id));
                }
                Err(e) => notices.push(Notice::store(None, &e)),
            }
        });
    };
    let undo_delete = move |_| {
        if let Some(id) = undo.get_untracked() {
            leptos::task::spawn_local(async move {
                match store.update_locked(move |s| s.undo_delete(id, Utc::now())).await {
                    Ok(()) => {
                        undo.try_set(None);
                    }
                    Err(e) => notices.push(Notice::store(None, &e)),
                }
            });
        }
    };

    view! {
        <div class="toolbar">
            <button type="button" class="primary" data-testid="add-household" on:click=add>
                <T m=Msg::AddHousehold/>
            </button>
            <a class="button" href="/ho-gia-dinh/nhap" data-testid="import-list">
                {move || if lang.0.get() == Lang::Vi { "Nhập danh sách từ Excel" } else { "Import a list from Excel" }}
            </a>
        </div>
        <When when=move || undo.get().is_some()>
            <div class="undo-bar" role="status" data-testid="undo-bar">
                <span><T m=Msg::HouseholdDeleted/></span>
                <button type="button" data-testid="undo" on:click=undo_delete><T m=Msg::Undo/></button>
            </div>
        </When>
        <When
            when=move || { total.get() != 0 }
            fallback=move || view! { <p class="empty" data-testid="no-households"><T m=Msg::NoHouseholds/></p> }
        >
            <ListFilters query=query/>
            <p class="muted" data-testid="list-count">
                {move || {
                    let (n, shown) = found.with(|f| (f.0, f.1.len()));
                    lang.t(Msg::ListCount).replace("{shown}", &shown.to_string()).replace("{n}", &n.to_string())
                }}
            </p>
            <When when=move || found.with(|f| f.0 == 0)>
                <p class="empty" data-testid="no-match"><T m=Msg::NoMatch/></p>
            </When>
            <table class="records" data-testid="household-list">
                <thead>
                    <tr>
                        <th><T m=Msg::ColHead/></th>
                        <th><T m=Msg::Members/></th>
                        <th><T m=Msg::ColCommune/></th>
                        <th><T m=Msg::ColVillage/></th>
                        <th><T m=Msg::ColSurveyDate/></th>
                        <th><T m=Msg::ColStatus/></th>
                        <th><T m=Msg::ColActions/></th>
                    </tr>
                </thead>
                <tbody>
                    <For each=move || rows.get() key=|r| r.clone() let:row>
                        {
                            let id = row.id;
                            let head = row.head.clone();
                            let (c, v) = (row.commune_id.clone(), row.village_id.clone());
                            view! {
                                <tr data-testid="household-row">
                                    <td data-testid="row-head">{move || head.clone().unwrap_or_else(|| lang.t(Msg::Unnamed).to_owned())}</td>
                                    <td data-testid="row-members">{row.members}</td>
                                    <td>{move || unit_name(&c, lang.0.get())}</td>
                                    <td data-testid="row-village">{move || village_label(&v, lang.0.get())}</td>
                                    <td>{row.survey_date.clone()}</td>
                                    <td>
                                        {move || row.completeness.label().get(lang.0.get()).to_owned()}
                                        {row.conflict.then(|| view! {
                                            " "<span class="conflict-badge" data-testid="row-conflict"><T m=Msg::ConflictBadge/></span>
                                        })}
                                    </td>
                                    <td class="actions">
                                        <When
                                            when=move || confirming.get() == Some(id)
                                            fallback=move || view! {
                                                <button type="button" data-testid="edit" on:click=move |_| open.run(id)>
                                                    <T m=Msg::Edit/>
                                                </button>
                                                <button type="button" data-testid="delete" on:click=move |_| confirming.set(Some(id))>
                                                    <T m=Msg::Delete/>
                                                </button>
                                            }
                                        >
                                            <span class="confirm"><T m=Msg::ConfirmDelete/></span>
                                            <button type="button" class="danger" data-testid="confirm-delete" on:click=move |_| delete(id)>
                                                <T m=Msg::Delete/>
                                            </button>
                                            <button type="button" on:click=move |_| confirming.set(None)>
                                                <T m=Msg::Cancel/>
                                            </button>
                                        </When>
                                    </td>
                                </tr>
                            }
                        }
                    </For>
                </tbody>
            </table>
            <When when=move || found.with(|f| f.0 > f.1.len())>
                <button type="button" data-testid="show-more" on:click=move |_| limit.update(|n| *n += PAGE)>
                    <T m=Msg::ShowMore/>
                </button>
            </When>
        </When>
    }
}
