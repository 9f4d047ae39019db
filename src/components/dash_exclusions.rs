//! The records left out of one indicator for one unit, and why (in the current language).

use std::sync::Arc;

use ansinh_core::engine::Exclusion;
use ansinh_core::i18n::Msg;
use ansinh_core::views::dashboard::exclusion_rows;
use leptos::prelude::*;

use crate::context::{use_dataset, use_lang, use_plan};

/// Rows shown at once: a whole district's missing answers could be thousands, and a tablet
/// should not lay them all out; the rest is counted.
const SHOWN: usize = 200;

/// Table of excluded records: household (head's name), person, unit, reason.
///
/// Props:
/// - `excluded`: the result's exclusions, as the engine listed them;
/// - `title`: heading text naming the indicator and unit;
/// - `on_close`: called by the close button.
#[component]
pub fn DashExclusions(excluded: Arc<Vec<Exclusion>>, title: String, on_close: Callback<()>) -> impl IntoView {
    let lang = use_lang();
    let plan = use_plan();
    let dataset = use_dataset();
    let rows = {
        let shown = &excluded[..excluded.len().min(SHOWN)];
        exclusion_rows(shown, &dataset.0.read_untracked(), &plan.0.read_untracked().org_units)
    };
    let more = excluded.len().saturating_sub(SHOWN);
    view! {
        <section class="dash-exclusions" data-testid="dash-exclusions" aria-label=title.clone()>
            <div class="dash-exclusions-head">
                <h4>{move || lang.t(Msg::DashExcludedTitle)}": "{title.clone()}</h4>
                <button type="button" data-testid="dash-exclusions-close" on:click=move |_| on_close.run(())>
                    {move || lang.t(Msg::Dismiss)}
                </button>
            </div>
            <div class="table-scroll">
                <table class="plan-table">
                    <thead>
                        <tr>
                            <th scope="col">{move || lang.t(Msg::DashHousehold)}</th>
                            <th scope="col">{move || lang.t(Msg::DashPerson)}</th>
                            <th scope="col">{move || lang.t(Msg::DashOrgUnit)}</th>
                            <th scope="col">{move || lang.t(Msg::DashReason)}</th>
                        </tr>
                    </thead>
                    <tbody>
                        {rows
                            .into_iter()
                            .map(|r| {
                                let (unit, reason) = (r.unit, r.reason);
                                view! {
                                    <tr data-testid="dash-exclusion">
                                        <td>{r.household}</td>
                                        <td>{r.person.unwrap_or_else(|| "–".into())}</td>
                                        <td>{move || unit.get(lang.0.get()).to_owned()}</td>
                                        <td class="dash-reason">{move || reason.get(lang.0.get()).to_owned()}</td>
                                    </tr>
                                }
                            })
                            .collect_view()}
                    </tbody>
                </table>
            </div>
            {(more > 0).then(|| view! {
                <p>{move || lang.t(Msg::DashMore).replace("{n}", &more.to_string())}</p>
            })}
        </section>
    }
}
