//! Entry of the figures an office enters (số liệu do cơ quan nhập) for one org unit and year:
//! beds, doctors, statuses, assessments, sanitation counts. Each answer is saved when the input
//! changes (like the household form), parsed and checked by `ansinh_core::views::figures_form`.
//!
//! Contract: the record edited is the latest stored `EnteredFigures` of the unit and year, or a
//! new one on the first answer; a bad answer is shown next to its field and nothing is saved;
//! a failed save is a notice, never silent. Each answer is saved under the cross-tab lock into
//! the figures as stored then (`Answer::save`): another tab's answers of a moment ago are kept.

use ansinh_core::domain::survey::{EnteredFigures, RecordMeta};
use ansinh_core::i18n::{Msg, Text};
use ansinh_core::sync::bundle::RecordKind;
use ansinh_core::sync::store::{record_key, StoreError};
use ansinh_core::views::figures_form::{self, FieldKind, FigureField, ASSESSMENT_WORDS, FIELDS};
use chrono::{DateTime, Datelike, Local, Utc};
use leptos::prelude::*;
use uuid::Uuid;

use crate::components::choice_buttons::ChoiceButtons;
use crate::components::household_list::{org_units, unit_name};
use crate::components::stored_input::show_stored;
use crate::components::t::T;
use crate::context::{use_lang, use_notices, use_store, Notice, Part};
use crate::storage::AppStore;

/// The latest stored figures of `unit` for `year` (the ones the form edits) and their revision.
pub fn latest_figures(s: &AppStore, unit: &str, year: i32) -> Option<(EnteredFigures, u64)> {
    s.live::<EnteredFigures>()
        .filter(|f| f.record.org_unit_id == unit && f.record.year == year)
        .max_by_key(|f| f.record.meta.updated_at)
        .map(|f| (f.record.clone(), f.rev))
}

/// The figures an answer is saved into: the latest stored ones of `unit` for `year` with their
/// revision, or new ones (no revision) on the first answer of the unit and year.
pub fn latest_or_new(s: &AppStore, unit: &str, year: i32, now: DateTime<Utc>) -> (EnteredFigures, Option<u64>) {
    match latest_figures(s, unit, year) {
        Some((f, rev)) => (f, Some(rev)),
        None => (EnteredFigures::new(RecordMeta::new(Uuid::new_v4(), now), unit.to_owned(), year), None),
    }
}

/// One answer of the form: `field` of `unit`'s figures for `year` set to `text`, where the
/// form showed `seen` (the figures at revision `seen_rev`, `None`: no figures yet), and this
/// form's previous answer of the field, still on its way then, was `mine`.
#[derive(Debug, Clone, PartialEq)]
pub struct Answer {
    pub unit: String,
    pub year: i32,
    pub field: &'static str,
    pub seen: String,
    pub seen_rev: Option<u64>,
    pub text: String,
    pub mine: Option<String>,
}

impl Answer {
    /// Saves the answer into the figures as stored now; run inside `StoreCtx::update_locked`
    /// (public for the browser tests). The figures and their base revision are read here, from
    /// the caught-up store, not from what the form showed: another tab's first answer for the
    /// unit and year is completed rather than doubled by a second record, and its other answers
    /// are kept. Another tab's change of this very field since the form showed it is `Conflict`
    /// (nothing written), not overwritten. The new revision.
    pub fn save(&self, s: &mut AppStore, now: DateTime<Utc>) -> Result<u64, StoreError> {
        let (mut fig, base) = latest_or_new(s, &self.unit, self.year, now);
        let stored = figures_form::get(&fig, self.field);
        let key = record_key(RecordKind::Figures, fig.meta.id);
        figures_form::set(&mut fig, self.field, &self.text)
            .map_err(|m| StoreError::Encode { key: key.clone(), reason: m.vi.clone() })?;
        let changed_elsewhere = stored != self.seen && self.mine.as_ref() != Some(&stored);
        if changed_elsewhere && stored != figures_form::get(&fig, self.field) {
            return Err(StoreError::Conflict { key, stored: base, base: self.seen_rev });
        }
        fig.meta.updated_at = now.max(fig.meta.created_at);
        s.save(&fig, base, now)
    }
}

/// The form for a chosen unit (district or commune-level) and year. No props.
#[component]
pub fn OfficeFigures() -> impl IntoView {
    let lang = use_lang();
    let store = use_store();
    let notices = use_notices();
    let units: Vec<String> = org_units()
        .district()
        .map(|d| d.id.clone())
        .into_iter()
        .chain(org_units().communes().into_iter().map(|c| c.id.clone()))
        .collect();
    let unit = RwSignal::new(units.first().cloned().unwrap_or_default());
    let year = RwSignal::new(Local::now().year());
    // Per field id: the message of the last refused answer.
    let refused = RwSignal::new(Vec::<(&'static str, Text)>::new());
    // Per unit, year and field: the value this form last sent (a second answer given before the
    // first one's write landed is not "changed elsewhere").
    type Sent = std::collections::HashMap<(String, i32, &'static str), String>;
    let sent = StoredValue::new(Sent::new());

    let current = Memo::new(move |_| {
        let (u, y) = (unit.get(), year.get());
        store.read(&[Part::Figures], |s| latest_figures(s, &u, y)).flatten()
    });
    let problems = Memo::new(move |_| current.with(|c| c.as_ref().map(|(f, _)| figures_form::problems(f))));

    let answer = move |id: &'static str, text: String| {
        let now = Utc::now();
        let seen = current.get_untracked();
        // The answer is checked at once (on the figures shown) so a bad one shows beside its
        // field; the save then applies it to the figures as stored, under the lock.
        let mut probe = match &seen {
            Some((f, _)) => f.clone(),
            None => EnteredFigures::new(RecordMeta::new(Uuid::nil(), now), unit.get_untracked(), year.get_untracked()),
        };
        if let Err(msg) = figures_form::set(&mut probe, id, &text) {
            refused.update(|r| {
                r.retain(|(f, _)| *f != id);
                r.push((id, msg));
            });
            return;
        }
        refused.update(|r| r.retain(|(f, _)| *f != id));
        let (u, y) = (unit.get_untracked(), year.get_untracked());
        let mine = sent.try_update_value(|m| m.insert((u.clone(), y, id), figures_form::get(&probe, id))).flatten();
        let answer = Answer {
            unit: u,
            year: y,
            field: id,
            seen: seen.as_ref().map(|(f, _)| figures_form::get(f, id)).unwrap_or_default(),
            seen_rev: seen.map(|(_, rev)| rev),
            text,
            mine,
        };
        leptos::task::spawn_local(async move {
            if let Err(e) = store.update_locked(move |s| answer.save(s, now)).await {
                notices.push(Notice::store(Some(Msg::NotSaved), &e));
            }
        });
    };

    let row = move |f: &'static FigureField| {
        // One memo per field: a save of another field leaves this one's input alone.
        let value = Memo::new(move |_| {
            current.with(|c| c.as_ref().map(|(fig, _)| figures_form::get(fig, f.id)).unwrap_or_default())
        });
        let input_ref = NodeRef::<leptos::html::Input>::new();
        show_stored(input_ref, value.into());
        let input = match f.kind {
            FieldKind::Count | FieldKind::Decimal => view! {
                <input
                    type="text"
                    id=format!("fig-{}", f.id)
                    inputmode=if f.kind == FieldKind::Count { "numeric" } else { "decimal" }
                    data-testid=format!("fig-{}", f.id)
                    node_ref=input_ref
                    on:change=move |ev| answer(f.id, event_target_value(&ev))
                />
            }
            .into_any(),
            FieldKind::YesNo | FieldKind::Assessment => {
                let words: Vec<&'static str> = if f.kind == FieldKind::YesNo {
                    vec!["yes", "no"]
                } else {
                    ASSESSMENT_WORDS.iter().map(|(w, _)| *w).collect()
                };
                let options = if f.kind == FieldKind::YesNo {
                    vec![Text::new("Có", "Yes"), Text::new("Không", "No")]
                } else {
                    ASSESSMENT_WORDS.iter().map(|(_, s)| s.label()).collect()
                };
                let picked = words.clone();
                let selected = Signal::derive(move || {
                    let v = value.get();
                    picked.iter().position(|w| *w == v)
                });
                view! {
                    <ChoiceButtons
                        name=format!("fig-{}", f.id)
                        options
                        selected
                        on_pick=Callback::new(move |i: usize| answer(f.id, words[i].to_string()))
                        testid="fig-choice"
                    />
                }
                .into_any()
            }
        };
        let message = move || {
            let l = lang.0.get();
            let mut out: Vec<String> =
                refused.with(|r| r.iter().filter(|(id, _)| *id == f.id).map(|(_, m)| m.get(l).to_owned()).collect());
            problems.with(|p| {
                out.extend(p.iter().flatten().filter(|(id, _)| *id == f.id).map(|(_, m)| m.get(l).to_owned()))
            });
            out.join(" ")
        };
        view! {
            <div class="field" data-testid="fig-row" data-field=f.id>
                <label for=format!("fig-{}", f.id)>{move || f.label().get(lang.0.get()).to_owned()}</label>
                {input}
                <p class="problems error" role="alert" data-testid="fig-problem" hidden=move || message().is_empty()>
                    {message}
                </p>
            </div>
        }
    };

    view! {
        <div class="office-figures" data-testid="office-figures">
            <p class="muted"><T m=Msg::FiguresHelp/></p>
            <div class="field-row">
                <label>
                    <T m=Msg::FiguresUnit/>
                    <select data-testid="fig-unit" on:change=move |ev| unit.set(event_target_value(&ev))>
                        {units
                            .iter()
                            .map(|u| {
                                let id = u.clone();
                                let label = u.clone();
                                view! { <option value=id>{move || unit_name(&label, lang.0.get())}</option> }
                            })
                            .collect_view()}
                    </select>
                </label>
                <label>
                    <T m=Msg::FiguresYear/>
                    <input
                        type="number"
                        inputmode="numeric"
                        data-testid="fig-year"
                        prop:value=move || year.get().to_string()
                        on:change=move |ev| {
                            if let Ok(y) = event_target_value(&ev).trim().parse::<i32>() {
                                year.set(y)
                            }
                        }
                    />
                </label>
            </div>
            {FIELDS.iter().map(row).collect_view()}
        </div>
    }
}
