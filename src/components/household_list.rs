//! The households stored on this device: head, commune, village, survey date, draft or
//! complete; add, edit, and delete with confirmation then "Hoàn tác" (undo). Follows other
//! tabs: the list reads the store signal, which the `storage` event refreshes.

use ansinh_core::i18n::{Lang, Msg};
use ansinh_core::org::OrgUnits;
use ansinh_core::plan::EMBEDDED_PLAN_JSON;
use ansinh_core::store::Kind;
use ansinh_core::survey::{Completeness, Household, RecordMeta};
use chrono::{DateTime, Local, Utc};
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use uuid::Uuid;

use crate::context::{use_lang, use_notices, use_store, Notice};

/// One row of the list, copied out of the store so the view only re-renders what changed.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
struct Row {
    id: Uuid,
    head: Option<String>,
    commune_id: String,
    village_id: String,
    survey_date: String,
    completeness: Completeness,
    updated_at: DateTime<Utc>,
}

impl Row {
    fn of(h: &Household) -> Self {
        let head = h.head().or(h.members.first()).map(|m| m.name.trim().to_owned()).filter(|n| !n.is_empty());
        Row {
            id: h.meta.id,
            head,
            commune_id: h.commune_id.clone(),
            village_id: h.village_id.clone(),
            survey_date: h.survey_date.format("%d/%m/%Y").to_string(),
            completeness: h.completeness,
            updated_at: h.meta.updated_at,
        }
    }
}

/// The org units (communes, villages) of the embedded plan.
///
/// Why not `Plan::embedded()`: only the units are needed here, and reading just that field of
/// the plan file keeps the whole plan model's decoder out of the app's download (the size
/// budget). The core's tests already validate the embedded plan, units included.
pub fn org_units() -> &'static OrgUnits {
    static UNITS: std::sync::OnceLock<OrgUnits> = std::sync::OnceLock::new();
    UNITS.get_or_init(|| {
        #[derive(serde::Deserialize)]
        struct OnlyUnits {
            org_units: OrgUnits,
        }
        serde_json::from_str::<OnlyUnits>(EMBEDDED_PLAN_JSON).map(|p| p.org_units).unwrap_or_default()
    })
}

/// The name of an org unit of the plan in `lang`, or its id when the plan does not know it.
pub fn unit_name(id: &str, lang: Lang) -> String {
    org_units().get(id).map(|u| u.name.get(lang).to_owned()).unwrap_or_else(|| id.to_owned())
}

/// A new draft household in the plan's first commune and village, surveyed today.
pub fn new_household() -> Household {
    let units = org_units();
    let commune = units.communes().first().map(|u| u.id.clone()).unwrap_or_default();
    let village = units.children(&commune).first().map(|u| u.id.clone()).unwrap_or_default();
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
    let rows = Memo::new(move |_| {
        let mut rows: Vec<Row> =
            store.with(|s| s.live::<Household>().map(|h| Row::of(&h.record)).collect()).unwrap_or_default();
        rows.sort_by(|a, b| b.updated_at.cmp(&a.updated_at));
        rows
    });

    let open = Callback::new(move |id: Uuid| navigate(&format!("/ho-gia-dinh?ho={id}"), Default::default()));
    let add = move |_| {
        let h = new_household();
        match store.update(|s| s.save(&h, None, Utc::now())) {
            Ok(_) => open.run(h.meta.id),
            Err(e) => notices.push(Notice::store(Some(Msg::NotSaved), &e)),
        }
    };
    let delete = move |id: Uuid| {
        confirming.set(None);
        match store.update(|s| s.delete(Kind::Household, id, Utc::now())) {
            Ok(()) => undo.set(Some(id)),
            Err(e) => notices.push(Notice::store(None, &e)),
        }
    };
    let undo_delete = move |_| {
        if let Some(id) = undo.get_untracked() {
            match store.update(|s| s.undo_delete(id)) {
                Ok(()) => undo.set(None),
                Err(e) => notices.push(Notice::store(None, &e)),
            }
        }
    };

    view! {
        <div class="toolbar">
            <button type="button" class="primary" data-testid="add-household" on:click=add>
                {move || lang.t(Msg::AddHousehold)}
            </button>
        </div>
        <Show when=move || undo.get().is_some()>
            <div class="undo-bar" role="status" data-testid="undo-bar">
                <span>{move || lang.t(Msg::HouseholdDeleted)}</span>
                <button type="button" data-testid="undo" on:click=undo_delete>{move || lang.t(Msg::Undo)}</button>
            </div>
        </Show>
        <Show
            when=move || !rows.with(|r| r.is_empty())
            fallback=move || view! { <p class="empty" data-testid="no-households">{move || lang.t(Msg::NoHouseholds)}</p> }
        >
            <table class="records" data-testid="household-list">
                <thead>
                    <tr>
                        <th>{move || lang.t(Msg::ColHead)}</th>
                        <th>{move || lang.t(Msg::ColCommune)}</th>
                        <th>{move || lang.t(Msg::ColVillage)}</th>
                        <th>{move || lang.t(Msg::ColSurveyDate)}</th>
                        <th>{move || lang.t(Msg::ColStatus)}</th>
                        <th>{move || lang.t(Msg::ColActions)}</th>
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
                                    <td>{move || unit_name(&c, lang.0.get())}</td>
                                    <td>{move || unit_name(&v, lang.0.get())}</td>
                                    <td>{row.survey_date.clone()}</td>
                                    <td>{move || row.completeness.label().get(lang.0.get()).to_owned()}</td>
                                    <td class="actions">
                                        <Show
                                            when=move || confirming.get() == Some(id)
                                            fallback=move || view! {
                                                <button type="button" data-testid="edit" on:click=move |_| open.run(id)>
                                                    {move || lang.t(Msg::Edit)}
                                                </button>
                                                <button type="button" data-testid="delete" on:click=move |_| confirming.set(Some(id))>
                                                    {move || lang.t(Msg::Delete)}
                                                </button>
                                            }
                                        >
                                            <span class="confirm">{move || lang.t(Msg::ConfirmDelete)}</span>
                                            <button type="button" class="danger" data-testid="confirm-delete" on:click=move |_| delete(id)>
                                                {move || lang.t(Msg::Delete)}
                                            </button>
                                            <button type="button" on:click=move |_| confirming.set(None)>
                                                {move || lang.t(Msg::Cancel)}
                                            </button>
                                        </Show>
                                    </td>
                                </tr>
                            }
                        }
                    </For>
                </tbody>
            </table>
        </Show>
    }
}
