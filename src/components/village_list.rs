//! Danh sách thôn (`/ho-gia-dinh?xem=thon`): a commune's official keeps the commune's list of
//! villages (thôn, làng, tổ dân phố): adds one, renames one, marks one "không còn sử dụng" (or
//! uses it again), merges one into another. Each change is a `VillageRecord` saved through the
//! store like any record (so it is exported, merged and kept in conflict like the others);
//! nothing in the households changes: they keep their village id. The list shown is the one in
//! force (`UnitsCtx`), so it follows saves here, in other tabs and imports. Each change is saved
//! under the cross-tab lock onto the village as stored then (`VillageChange::save`).

use ansinh_core::domain::org::{
    new_village_id, village_record_id, OrgKind, OrgUnit, UnitStatus, VillageKind, VillageRecord,
};
use ansinh_core::i18n::Msg;
use ansinh_core::i18n::Text;
use ansinh_core::sync::bundle::RecordKind;
use ansinh_core::sync::store::{record_key, StoreError};
use chrono::{DateTime, Utc};
use leptos::prelude::*;
use uuid::Uuid;

use crate::components::household_list::{org_units, unit_name, village_label};
use crate::components::t::T;
use crate::context::{plan_org_units, use_lang, use_notices, use_store, Notice};
use crate::storage::AppStore;

/// A change to one village of the list in force, made where the list showed `seen` (`None`: a
/// village added), giving `edited`.
#[derive(Debug, Clone, PartialEq)]
pub struct VillageChange {
    pub seen: Option<OrgUnit>,
    pub edited: OrgUnit,
}

impl VillageChange {
    /// Saves the change as the village's record; run inside `StoreCtx::update_locked` (public
    /// for the browser tests). The village, its record and the base revision are read here,
    /// from the caught-up store, not from what the row showed: what another tab changed a
    /// moment ago in the same village (a new name, a status, a merge) is kept beside this
    /// change, while another tab's different change of the same thing (two new names) is
    /// `Conflict`, nothing written. The rules are the import's, checked against the plan's list
    /// and the list in force: `Ok(Err(problem))` when the change breaks one (nothing written).
    pub fn save(&self, s: &mut AppStore, now: DateTime<Utc>) -> Result<Result<u64, Text>, StoreError> {
        let plan_units = plan_org_units();
        let units = s.org_units(plan_units);
        let id = village_record_id(&self.edited.id);
        let stored = s.get::<VillageRecord>(id).map(|x| (x.record.meta.created_at, x.rev));
        let unit = match (&self.seen, units.get(&self.edited.id)) {
            (Some(seen), Some(current)) => {
                merge_unit(seen, &self.edited, current).ok_or_else(|| StoreError::Conflict {
                    key: record_key(RecordKind::Village, id),
                    stored: stored.map(|x| x.1),
                    base: None,
                })?
            }
            _ => self.edited.clone(),
        };
        let mut record = VillageRecord::new(unit, now);
        let base = stored.map(|(created_at, rev)| {
            record.meta.created_at = created_at;
            rev
        });
        if let Some(p) = record.validate(plan_units, &units).into_iter().next() {
            return Ok(Err(p.message));
        }
        s.save(&record, base, now).map(Ok)
    }
}

/// `current` (the village as stored now) with the attributes `edited` changed from `seen`;
/// `None` when another write changed one of them to something else since `seen`.
fn merge_unit(seen: &OrgUnit, edited: &OrgUnit, current: &OrgUnit) -> Option<OrgUnit> {
    let mut out = current.clone();
    macro_rules! take {
        ($($field:ident),*) => {$(
            if edited.$field != seen.$field {
                if current.$field != seen.$field && current.$field != edited.$field {
                    return None;
                }
                out.$field = edited.$field.clone();
            }
        )*};
    }
    take!(kind, name, parent, urban, provisional, status, merged_into, village_kind);
    Some(out)
}

/// The village list of one commune, chosen at the top. No props.
#[component]
pub fn VillageList() -> impl IntoView {
    let lang = use_lang();
    let store = use_store();
    let notices = use_notices();
    let communes: Vec<String> = org_units().communes().into_iter().map(|u| u.id.clone()).collect();
    let commune = RwSignal::new(communes.first().cloned().unwrap_or_default());
    let problem = RwSignal::new(None::<String>);
    let saved = RwSignal::new(false);
    let villages = Memo::new(move |_| {
        let c = commune.get();
        org_units().villages_of(&c).into_iter().cloned().collect::<Vec<OrgUnit>>()
    });

    // Saves the change from `seen` (the village as the row showed it; `None` for a new one) to
    // `edited`, under the cross-tab lock into the list as stored then (`VillageChange::save`).
    let new_name = RwSignal::new(String::new());
    let save = move |seen: Option<OrgUnit>, edited: OrgUnit| {
        let added = seen.is_none();
        let change = VillageChange { seen, edited };
        leptos::task::spawn_local(async move {
            match store.update_locked(move |s| change.save(s, Utc::now())).await {
                Ok(Ok(_)) => {
                    problem.try_set(None);
                    saved.try_set(true);
                    if added {
                        new_name.try_set(String::new());
                    }
                }
                Ok(Err(p)) => {
                    saved.try_set(false);
                    problem.try_set(Some(p.get(lang.0.get_untracked()).to_owned()));
                }
                Err(e) => {
                    problem.try_set(None);
                    saved.try_set(false);
                    notices.push(Notice::store(Some(Msg::NotSaved), &e));
                }
            }
        });
    };

    let new_kind = RwSignal::new(VillageKind::Thon);
    let add = move |_| {
        let c = commune.get_untracked();
        let name = new_name.get_untracked().trim().to_owned();
        let urban = org_units().is_urban(&c).unwrap_or(false);
        let unit = OrgUnit {
            id: new_village_id(&c, Uuid::new_v4()),
            kind: OrgKind::Village,
            name: ansinh_core::i18n::Text::new(name.clone(), name),
            parent: Some(c),
            // Urban comes from the commune (thị trấn); the village inherits it.
            urban: false,
            provisional: false,
            status: UnitStatus::InUse,
            merged_into: None,
            village_kind: Some(if urban { VillageKind::ToDanPho } else { new_kind.get_untracked() }),
        };
        save(None, unit);
    };
    let kinds = move || {
        VillageKind::ALL
            .into_iter()
            .map(|k| {
                let value = serde_json::to_value(k).ok().and_then(|v| v.as_str().map(str::to_owned)).unwrap_or_default();
                view! { <option value=value prop:selected=move || new_kind.get() == k>{move || k.label().get(lang.0.get()).to_owned()}</option> }
            })
            .collect_view()
    };

    view! {
        <div class="villages" data-testid="village-list">
            <h3><T m=Msg::ViewVillages/></h3>
            <p class="muted"><T m=Msg::VillagesHelp/></p>
            <label class="field">
                <span><T m=Msg::FieldCommune/></span>
                <select data-testid="village-commune" on:change=move |ev| commune.set(event_target_value(&ev))>
                    {communes
                        .into_iter()
                        .map(|c| {
                            let label = c.clone();
                            view! { <option value=c>{move || unit_name(&label, lang.0.get())}</option> }
                        })
                        .collect_view()}
                </select>
            </label>
            {move || problem.get().map(|p| view! { <p class="problems error" role="alert" data-testid="village-problem">{p}</p> })}
            {move || saved.get().then(|| view! { <p role="status" class="muted" data-testid="village-saved"><T m=Msg::VillageSaved/></p> })}
            <table class="records">
                <thead>
                    <tr>
                        <th><T m=Msg::VillageNameLabel/></th>
                        <th><T m=Msg::ColStatus/></th>
                        <th><T m=Msg::ColActions/></th>
                    </tr>
                </thead>
                <tbody>
                    <For
                        each=move || villages.get()
                        key=|u| (u.id.clone(), u.name.vi.clone(), u.status, u.merged_into.clone())
                        let:u
                    >
                        <VillageRow unit=u villages=villages save=save/>
                    </For>
                </tbody>
            </table>
            <div class="add-village">
                <label class="field">
                    <span><T m=Msg::VillageKindLabel/></span>
                    <select
                        data-testid="new-village-kind"
                        on:change=move |ev| {
                            let v = serde_json::Value::String(event_target_value(&ev));
                            if let Ok(k) = serde_json::from_value(v) {
                                new_kind.set(k);
                            }
                        }
                    >
                        {kinds}
                    </select>
                </label>
                <label class="field">
                    <span><T m=Msg::VillageNameLabel/></span>
                    <input
                        type="text"
                        data-testid="new-village-name"
                        prop:value=move || new_name.get()
                        on:input=move |ev| new_name.set(event_target_value(&ev))
                    />
                </label>
                <button type="button" class="primary" data-testid="add-village" on:click=add>
                    <T m=Msg::AddVillage/>
                </button>
            </div>
        </div>
    }
}

/// One village: rename, retire or use again, merge into another open village of the commune.
#[component]
fn VillageRow<F>(unit: OrgUnit, villages: Memo<Vec<OrgUnit>>, save: F) -> impl IntoView
where
    F: Fn(Option<OrgUnit>, OrgUnit) + Copy + Send + Sync + 'static,
{
    let lang = use_lang();
    let name = RwSignal::new(unit.name.vi.clone());
    let target = RwSignal::new(String::new());
    let id = unit.id.clone();
    let open = unit.is_open();
    let stored = StoredValue::new(unit);
    let rename = move |_| {
        let mut u = stored.get_value();
        let n = name.get_untracked().trim().to_owned();
        u.name = ansinh_core::i18n::Text::new(n.clone(), n);
        u.provisional = false;
        save(Some(stored.get_value()), u);
    };
    let toggle = move |_| {
        let mut u = stored.get_value();
        u.status = if u.status.is_in_use() { UnitStatus::Retired } else { UnitStatus::InUse };
        save(Some(stored.get_value()), u);
    };
    let merge = move |_| {
        let t = target.get_untracked();
        if t.is_empty() {
            return;
        }
        let mut u = stored.get_value();
        u.merged_into = Some(t);
        save(Some(stored.get_value()), u);
    };
    let label_id = id.clone();
    let others = move || {
        let me = stored.with_value(|u| u.id.clone());
        villages.with(|v| v.iter().filter(|o| o.id != me && o.is_open()).map(|o| o.id.clone()).collect::<Vec<_>>())
    };
    view! {
        <tr data-testid="village-row" data-village=id.clone()>
            <td>
                <input
                    type="text"
                    data-testid="village-name"
                    aria-label=move || lang.t(Msg::VillageNameLabel)
                    prop:value=move || name.get()
                    on:input=move |ev| name.set(event_target_value(&ev))
                />
                <button type="button" data-testid="rename-village" on:click=rename><T m=Msg::RenameVillage/></button>
            </td>
            <td data-testid="village-status">
                {move || {
                    let l = village_label(&label_id, lang.0.get());
                    if open { lang.t(Msg::VillageInUse).to_owned() } else { l }
                }}
            </td>
            <td class="actions">
                {stored.with_value(|u| u.merged_into.is_none()).then(|| view! {
                    <button type="button" data-testid="retire-village" on:click=toggle>
                        {move || if stored.with_value(|u| u.status.is_in_use()) { lang.t(Msg::RetireVillage) } else { lang.t(Msg::ReuseVillage) }}
                    </button>
                })}
                {open.then(|| view! {
                    <label class="field inline">
                        <span><T m=Msg::MergeVillageInto/></span>
                        <select data-testid="merge-target" on:change=move |ev| target.set(event_target_value(&ev))>
                            <option value="">"—"</option>
                            <For each=others key=|v| v.clone() let:v>
                                {
                                    let label = v.clone();
                                    view! { <option value=v>{move || unit_name(&label, lang.0.get())}</option> }
                                }
                            </For>
                        </select>
                    </label>
                    <button type="button" data-testid="merge-village" on:click=merge><T m=Msg::MergeVillage/></button>
                })}
            </td>
        </tr>
    }
}
