//! The household list's search box, filters and sort. Typing never blocks: the text reaches
//! the query after a short pause (debounced), while the box shows every keystroke at once.

use ansinh_core::domain::survey::{Completeness, PovertyStatus};
use ansinh_core::i18n::Msg;
use ansinh_core::views::household_index::{ListQuery, PovertyFilter, SortBy};
use leptos::prelude::*;

use crate::components::household_list::{org_units, unit_name, village_label};
use crate::components::t::T;
use crate::context::use_lang;

/// Pause after the last keystroke before the search runs.
const SEARCH_DEBOUNCE_MS: u64 = 150;

const POVERTY: [Option<PovertyFilter>; 5] = [
    None,
    Some(PovertyFilter::Is(PovertyStatus::Poor)),
    Some(PovertyFilter::Is(PovertyStatus::NearPoor)),
    Some(PovertyFilter::Is(PovertyStatus::NotPoor)),
    Some(PovertyFilter::NotAnswered),
];
const COMPLETENESS: [Option<Completeness>; 3] = [None, Some(Completeness::Draft), Some(Completeness::Complete)];
const SORTS: [(SortBy, Msg); 3] =
    [(SortBy::Updated, Msg::SortUpdated), (SortBy::Name, Msg::SortName), (SortBy::Village, Msg::SortVillage)];

/// Edits `query` (every field but the results).
///
/// Props:
/// - `query`: the list's query; the list re-runs it when it changes.
#[component]
pub fn ListFilters(query: RwSignal<ListQuery>) -> impl IntoView {
    let lang = use_lang();
    let typed = RwSignal::new(query.with_untracked(|q| q.text.clone()));
    let timer = StoredValue::new(None::<TimeoutHandle>);
    let on_type = move |ev| {
        typed.set(event_target_value(&ev));
        if let Some(t) = timer.get_value() {
            t.clear();
        }
        let run = move || {
            let text = typed.get_untracked();
            if query.with_untracked(|q| q.text != text) {
                query.update(|q| q.text = text);
            }
        };
        timer.set_value(set_timeout_with_handle(run, std::time::Duration::from_millis(SEARCH_DEBOUNCE_MS)).ok());
    };
    on_cleanup(move || {
        if let Some(Some(t)) = timer.try_get_value() {
            t.clear();
        }
    });
    let communes: Vec<String> = org_units().communes().into_iter().map(|u| u.id.clone()).collect();
    let villages = Memo::new(move |_| {
        query.with(|q| q.commune_id.clone()).map_or_else(Vec::new, |c| {
            org_units().villages_of(&c).into_iter().map(|u| u.id.clone()).collect::<Vec<_>>()
        })
    });
    let pick = |s: String| (!s.is_empty()).then_some(s);
    let index = |s: String| s.parse::<usize>().unwrap_or(0);

    view! {
        <div class="list-filters" data-testid="list-filters">
            <label class="field search">
                <span><T m=Msg::SearchNames/></span>
                <input type="search" data-testid="search" autocomplete="off" prop:value=move || typed.get() on:input=on_type/>
            </label>
            <label class="field">
                <span><T m=Msg::FieldCommune/></span>
                <select
                    data-testid="filter-commune"
                    on:change=move |ev| {
                        let c = pick(event_target_value(&ev));
                        query.update(|q| {
                            q.commune_id = c;
                            q.village_id = None;
                        });
                    }
                >
                    <option value=""><T m=Msg::FilterAllCommunes/></option>
                    {communes
                        .into_iter()
                        .map(|c| {
                            let label = c.clone();
                            view! { <option value=c>{move || unit_name(&label, lang.0.get())}</option> }
                        })
                        .collect_view()}
                </select>
            </label>
            <label class="field">
                <span><T m=Msg::FieldVillage/></span>
                <select
                    data-testid="filter-village"
                    prop:disabled=move || villages.with(|v| v.is_empty())
                    on:change=move |ev| {
                        let v = pick(event_target_value(&ev));
                        query.update(|q| q.village_id = v);
                    }
                >
                    <option value="" prop:selected=move || query.with(|q| q.village_id.is_none())>
                        <T m=Msg::FilterAllVillages/>
                    </option>
                    <For each=move || villages.get() key=|v| v.clone() let:v>
                        {
                            let label = v.clone();
                            view! { <option value=v>{move || village_label(&label, lang.0.get())}</option> }
                        }
                    </For>
                </select>
            </label>
            <label class="field">
                <span><T m=Msg::QPoverty/></span>
                <select
                    data-testid="filter-poverty"
                    on:change=move |ev| {
                        let p = POVERTY.get(index(event_target_value(&ev))).copied().flatten();
                        query.update(|q| q.poverty = p);
                    }
                >
                    {POVERTY
                        .into_iter()
                        .enumerate()
                        .map(|(i, p)| {
                            let label = move || match p {
                                None => lang.t(Msg::FilterAll).to_owned(),
                                Some(PovertyFilter::Is(s)) => s.label().get(lang.0.get()).to_owned(),
                                Some(PovertyFilter::NotAnswered) => lang.t(Msg::PovertyNotAnswered).to_owned(),
                            };
                            view! { <option value=i.to_string()>{label}</option> }
                        })
                        .collect_view()}
                </select>
            </label>
            <label class="field">
                <span><T m=Msg::ColStatus/></span>
                <select
                    data-testid="filter-completeness"
                    on:change=move |ev| {
                        let c = COMPLETENESS.get(index(event_target_value(&ev))).copied().flatten();
                        query.update(|q| q.completeness = c);
                    }
                >
                    {COMPLETENESS
                        .into_iter()
                        .enumerate()
                        .map(|(i, c)| {
                            let label = move || match c {
                                None => lang.t(Msg::FilterAll).to_owned(),
                                Some(c) => c.label().get(lang.0.get()).to_owned(),
                            };
                            view! { <option value=i.to_string()>{label}</option> }
                        })
                        .collect_view()}
                </select>
            </label>
            <label class="field">
                <span><T m=Msg::SortLabel/></span>
                <select
                    data-testid="sort"
                    on:change=move |ev| {
                        let s = SORTS.get(index(event_target_value(&ev))).map_or(SortBy::Updated, |s| s.0);
                        query.update(|q| q.sort = s);
                    }
                >
                    {SORTS
                        .into_iter()
                        .enumerate()
                        .map(|(i, (_, m))| view! { <option value=i.to_string()>{move || lang.t(m)}</option> })
                        .collect_view()}
                </select>
            </label>
        </div>
    }
}
