//! Survey progress per village (tiến độ khảo sát theo thôn): households surveyed in the year
//! against the number expected, which the commune enters here (it is stored as the commune's
//! `EnteredFigures::expected_households` for the year, like every office figure), under the
//! cross-tab lock into the figures as stored then (`Expected::save`).

use ansinh_core::domain::survey::{EnteredFigures, Household};
use ansinh_core::i18n::Msg;
use ansinh_core::sync::bundle::RecordKind;
use ansinh_core::sync::store::{record_key, StoreError};
use ansinh_core::views::household_index::village_progress;
use ansinh_core::views::survey_form::parse_count;
use chrono::{DateTime, Datelike, Local, Utc};
use leptos::prelude::*;

use crate::components::household_list::{org_units, unit_name, village_label};
use crate::components::office_figures::latest_or_new;
use crate::components::stored_input::show_stored;
use crate::components::t::T;
use crate::components::when::When;
use crate::context::{use_lang, use_notices, use_store, Notice, Part};
use crate::storage::AppStore;

/// The number of households expected in `village` for `year`, set to `n` where the table showed
/// `seen` and this table's previous number for the village, still on its way then, was `mine`;
/// kept in the commune's figures for the year.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Expected {
    pub commune: String,
    pub year: i32,
    pub village: String,
    pub seen: Option<i64>,
    pub n: i64,
    pub mine: Option<i64>,
}

impl Expected {
    /// Saves the number into the commune's figures as stored now; run inside
    /// `StoreCtx::update_locked` (public for the browser tests). As `office_figures::Answer`:
    /// the figures and their base revision are read here from the caught-up store (another
    /// tab's numbers of a moment ago are kept, and its first figures of the year are not
    /// doubled); another tab's change of this village's number since the table showed it is
    /// `Conflict`, not overwritten. The new revision.
    pub fn save(&self, s: &mut AppStore, now: DateTime<Utc>) -> Result<u64, StoreError> {
        let (mut figures, base) = latest_or_new(s, &self.commune, self.year, now);
        // As the table reads it: the newest number any of the commune's figures of the year gives.
        let stored = s
            .live::<EnteredFigures>()
            .filter(|f| f.record.org_unit_id == self.commune && f.record.year == self.year)
            .filter_map(|f| f.record.expected_households.get(&self.village).map(|n| (f.record.meta.updated_at, *n)))
            .max_by_key(|(at, _)| *at)
            .map(|(_, n)| n);
        if stored != self.seen && stored != self.mine && stored != Some(self.n) {
            return Err(StoreError::Conflict {
                key: record_key(RecordKind::Figures, figures.meta.id),
                stored: base,
                base,
            });
        }
        figures.expected_households.insert(self.village.clone(), self.n);
        figures.meta.updated_at = now.max(figures.meta.created_at);
        s.save(&figures, base, now)
    }
}

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
    // Per village: the number this table last sent (a second number given before the first
    // one's write landed is not "changed elsewhere").
    let sent = StoredValue::new(std::collections::HashMap::<String, i64>::new());

    // Saves the expected count of `village` into its commune's figures for the year.
    let set_expected = move |village: String, text: String| {
        let n = match parse_count(&text) {
            Ok(Some(n)) if n >= 0 => n,
            Ok(_) => return bad.set(Some((village, lang.t(Msg::ColExpected).to_owned()))),
            Err(e) => return bad.set(Some((village, e.get(lang.0.get_untracked()).to_owned()))),
        };
        bad.set(None);
        let Some(commune) = org_units().get(&village).and_then(|u| u.parent.clone()) else { return };
        let seen = rows.with_untracked(|rows| rows.iter().find(|r| r.village_id == village).and_then(|r| r.expected));
        let n = i64::from(n);
        let mine = sent.try_update_value(|m| m.insert(village.clone(), n)).flatten();
        let expected = Expected { commune, year, village, seen, n, mine };
        leptos::task::spawn_local(async move {
            if let Err(e) = store.update_locked(move |s| expected.save(s, Utc::now())).await {
                notices.push(Notice::store(Some(Msg::NotSaved), &e));
            }
        });
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
                    // One row per village, kept while its figures change: a count that moves
                    // (another tab's save, a pull) redraws its cells, never the input being typed in.
                    <For each=move || rows.with(|rs| rs.iter().map(|r| r.village_id.clone()).collect::<Vec<_>>()) key=|v| v.clone() let:v>
                        {
                            let (label, mine, id, named, this) = (v.clone(), v.clone(), v.clone(), v.clone(), v.clone());
                            let r = Memo::new(move |_| rows.with(|rs| rs.iter().find(|r| r.village_id == this).cloned()).unwrap_or_default());
                            let commune = org_units().get(&v).and_then(|u| u.parent.clone()).unwrap_or_default();
                            let pct = Memo::new(move |_| r.with(|r| r.percent()));
                            let width = move || pct.get().map_or(0.0, |p| p.min(100.0));
                            let expected = Memo::new(move |_| r.with(|r| r.expected.map(|n| n.to_string()).unwrap_or_default()));
                            let input_ref = NodeRef::<leptos::html::Input>::new();
                            show_stored(input_ref, expected.into());
                            view! {
                                <tr data-testid="progress-row" data-village=v.clone()>
                                    <td>
                                        {move || village_label(&label, lang.0.get())}
                                        <span class="dash-lead">{move || unit_name(&commune, lang.0.get())}</span>
                                    </td>
                                    <td data-testid="surveyed">{move || r.with(|r| r.surveyed)}</td>
                                    <td>{move || r.with(|r| r.complete)}</td>
                                    <td>
                                        <input
                                            type="text"
                                            inputmode="numeric"
                                            class="expected"
                                            data-testid="expected"
                                            // Its column header is not its label: name the village too.
                                            aria-label=move || format!("{} — {}", lang.t(Msg::ColExpected), village_label(&named, lang.0.get()))
                                            node_ref=input_ref
                                            on:change=move |ev| set_expected(id.clone(), event_target_value(&ev))
                                        />
                                        <When when=move || bad.with(|b| b.as_ref().is_some_and(|(x, _)| *x == mine))>
                                            <span class="problems error" role="alert">
                                                {move || bad.with(|b| b.as_ref().map(|(_, m)| m.clone()).unwrap_or_default())}
                                            </span>
                                        </When>
                                    </td>
                                    <td data-testid="percent">
                                        {move || pct.get().map(|p| format!("{p}%").replace('.', ",")).unwrap_or_else(|| "—".into())}
                                        <div class="dash-bar" aria-hidden="true">
                                            <div class="dash-bar-fill" style:width=move || format!("{}%", width())></div>
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
