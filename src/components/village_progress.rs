//! Survey progress per village (tiến độ khảo sát theo thôn): households surveyed in the year
//! against the number expected, which the commune enters here (it is stored as the commune's
//! `EnteredFigures::expected_households` for the year, like every office figure).

use ansinh_core::household_index::village_progress;
use ansinh_core::i18n::Msg;
use ansinh_core::survey::{EnteredFigures, Household, RecordMeta};
use ansinh_core::survey_form::parse_count;
use chrono::{Datelike, Local, Utc};
use leptos::prelude::*;
use uuid::Uuid;

use crate::components::household_list::{org_units, unit_name, village_label};
use crate::components::t::T;
use crate::components::when::When;
use crate::context::{use_lang, use_notices, use_store, Notice, Part};

/// The progress table for this year, every village of the plan grouped by commune. No props.
#[component]
pub fn VillageProgress() -> impl IntoView {
    let lang = use_lang();
    let store = use_store();
    let notices = use_notices();
    let year = Local::now().year();
    // Every village of the list in force, commune by commune (closed ones too, marked so: their
    // old records still show).
    let rows = Memo::new(move |_| {
        let units = org_units();
        let villages: Vec<String> = units
            .communes()
            .into_iter()
            .flat_map(|c| units.villages_of(&c.id).into_iter().map(|v| v.id.clone()).collect::<Vec<_>>())
            .collect();
        store
            .read(&[Part::Households, Part::Figures], |s| {
                village_progress(
                    &villages,
                    s.live::<Household>().map(|x| &x.record),
                    s.live::<EnteredFigures>().map(|x| &x.record),
                    year,
                )
            })
            .unwrap_or_default()
    });
    let bad = RwSignal::new(None::<(String, String)>);

    // Saves the expected count of `village` into its commune's figures for the year.
    let set_expected = move |village: String, text: String| {
        let n = match parse_count(&text) {
            Ok(Some(n)) if n >= 0 => n,
            Ok(_) => return bad.set(Some((village, lang.t(Msg::ColExpected).to_owned()))),
            Err(e) => return bad.set(Some((village, e.get(lang.0.get_untracked()).to_owned()))),
        };
        bad.set(None);
        let Some(commune) = org_units().get(&village).and_then(|u| u.parent.clone()) else { return };
        let now = Utc::now();
        let current = store
            .with_untracked(|s| {
                s.live::<EnteredFigures>()
                    .filter(|f| f.record.org_unit_id == commune && f.record.year == year)
                    .max_by_key(|f| f.record.meta.updated_at)
                    .map(|f| (f.record.clone(), f.rev))
            })
            .flatten();
        let (mut figures, base) = match current {
            Some((f, rev)) => (f, Some(rev)),
            None => (EnteredFigures::new(RecordMeta::new(Uuid::new_v4(), now), commune, year), None),
        };
        figures.expected_households.insert(village, i64::from(n));
        figures.meta.updated_at = now.max(figures.meta.created_at);
        if let Err(e) = store.update(|s| s.save(&figures, base, now)) {
            notices.push(Notice::store(Some(Msg::NotSaved), &e));
        }
    };

    view! {
        <div class="progress" data-testid="village-progress">
            <h3>{move || lang.t(Msg::ProgressTitle).replace("{y}", &year.to_string())}</h3>
            <p class="muted"><T m=Msg::ExpectedHelp/></p>
            <table class="records">
                <thead>
                    <tr>
                        <th><T m=Msg::ColVillage/></th>
                        <th><T m=Msg::ColSurveyed/></th>
                        <th><T m=Msg::ColCompleteCount/></th>
                        <th><T m=Msg::ColExpected/></th>
                        <th><T m=Msg::ColProgress/></th>
                    </tr>
                </thead>
                <tbody>
                    <For each=move || rows.get() key=|r| r.clone() let:r>
                        {
                            let v = r.village_id.clone();
                            let (label, mine, id, named) = (v.clone(), v.clone(), v.clone(), v.clone());
                            let commune = org_units().get(&v).and_then(|u| u.parent.clone()).unwrap_or_default();
                            let pct = r.percent();
                            let width = pct.map_or(0.0, |p| p.min(100.0));
                            view! {
                                <tr data-testid="progress-row" data-village=v.clone()>
                                    <td>
                                        {move || village_label(&label, lang.0.get())}
                                        <span class="dash-lead">{move || unit_name(&commune, lang.0.get())}</span>
                                    </td>
                                    <td data-testid="surveyed">{r.surveyed}</td>
                                    <td>{r.complete}</td>
                                    <td>
                                        <input
                                            type="text"
                                            inputmode="numeric"
                                            class="expected"
                                            data-testid="expected"
                                            // Its column header is not its label: name the village too.
                                            aria-label=move || format!("{} — {}", lang.t(Msg::ColExpected), village_label(&named, lang.0.get()))
                                            prop:value=r.expected.map(|n| n.to_string()).unwrap_or_default()
                                            on:change=move |ev| set_expected(id.clone(), event_target_value(&ev))
                                        />
                                        <When when=move || bad.with(|b| b.as_ref().is_some_and(|(x, _)| *x == mine))>
                                            <span class="problems error" role="alert">
                                                {move || bad.with(|b| b.as_ref().map(|(_, m)| m.clone()).unwrap_or_default())}
                                            </span>
                                        </When>
                                    </td>
                                    <td data-testid="percent">
                                        {pct.map(|p| format!("{p}%").replace('.', ",")).unwrap_or_else(|| "—".into())}
                                        <div class="dash-bar" aria-hidden="true">
                                            <div class="dash-bar-fill" style:width=format!("{width}%")></div>
                                        </div>
                                    </td>
                                </tr>
                            }
                        }
                    </For>
                </tbody>
            </table>
        </div>
    }
}
