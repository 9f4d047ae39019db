//! One indicator's row of the dashboard table, with its excluded records below it when open.
//!
//! Contract: the row keeps what it shows in a memo over (evaluation, unit, open row); a new
//! evaluation (a household saved here or in another tab) redraws only the rows whose figures
//! changed, not the table — at 4× CPU throttling, rebuilding the whole table took longer than
//! evaluating the district (issue 22).

use std::sync::Arc;

use ansinh_core::domain::plan::{Target, Unit};
use ansinh_core::engine::{
    format_target_with_unit, format_value, Coverage, Evaluation, Exclusion, IndicatorResult, Status,
};
use ansinh_core::i18n::{Msg, Text};
use ansinh_core::views::dashboard::format_amount;
use leptos::prelude::*;

use crate::components::dash_bar::DashBar;
use crate::components::dash_exclusions::DashExclusions;
use crate::components::dash_status::DashStatus;
use crate::context::{use_lang, use_plan};

/// What a row shows of its result (the exclusions themselves only while the row is open).
#[derive(Debug, Clone, PartialEq)]
struct RowData {
    value: Option<f64>,
    unit: Unit,
    decimals: u8,
    target: Target,
    coverage: Option<Coverage>,
    status: Status,
    status_label: Text,
    reason: Option<Text>,
    numerator: Option<f64>,
    denominator: Option<f64>,
    excluded: usize,
    open: Option<Arc<Vec<Exclusion>>>,
}

impl RowData {
    fn new(r: &IndicatorResult, decimals: u8, open: bool) -> Self {
        RowData {
            value: r.value,
            unit: r.unit,
            decimals,
            target: r.target.clone(),
            coverage: r.coverage,
            status: r.status,
            status_label: r.status_label(),
            reason: r.status_reason.as_ref().map(|why| why.text()),
            numerator: r.numerator,
            denominator: r.denominator,
            excluded: r.excluded.len(),
            open: open.then(|| Arc::new(r.excluded.clone())),
        }
    }
}

/// The row of indicator `id` for the unit `org` (nothing when the evaluation has no result
/// for it).
///
/// Props:
/// - `id`: the indicator;
/// - `eval`: the evaluation of the chosen year;
/// - `org`: the chosen org unit id;
/// - `open`: the indicator whose exclusions are open (owned by the page).
#[component]
pub fn DashRow(
    id: String,
    #[prop(into)] eval: Signal<Arc<Evaluation>>,
    #[prop(into)] org: Signal<String>,
    open: RwSignal<Option<String>>,
) -> impl IntoView {
    let lang = use_lang();
    let plan = use_plan();
    let row = Memo::new({
        let id = id.clone();
        move |_| {
            let org = org.get();
            let is_open = open.with(|o| o.as_deref() == Some(id.as_str()));
            eval.with(|e| e.result(&id, &org).map(|r| RowData::new(r, e.reporting_decimals, is_open)))
        }
    });
    move || {
        let r = row.get()?;
        let p = plan.0.get();
        let ind = p.indicator(&id)?;
        let l = lang.0.get();
        let value = format_value(r.value, r.unit, r.decimals, l);
        let target = format_target_with_unit(ind, l);
        // Coverage beside every survey value (issue #15).
        let coverage = r.coverage.map(|c| c.label().get(l).to_owned());
        let bar_label = format!("{} {value}; {} {target}", lang.t(Msg::DashValue), lang.t(Msg::DashTargetLine));
        let lead = p.agency(&ind.lead_agency).map(|a| a.short_name.clone()).unwrap_or_default();
        let n_excl = r.excluded;
        let is_open = r.open.is_some();
        let toggle = {
            let id = id.clone();
            move |_| open.update(|o| *o = if o.as_deref() == Some(id.as_str()) { None } else { Some(id.clone()) })
        };
        let org_name = org.with(|o| p.org_units.get(o).map(|u| u.name.get(l).to_owned())).unwrap_or_default();
        let excl_title = format!("{} — {org_name}", ind.short_name.get(l));
        Some(view! {
            <tr data-testid="dash-row" data-id=id.clone() data-status=r.status.code()
                data-num=r.numerator.map(|x| x.to_string()) data-den=r.denominator.map(|x| x.to_string())>
                <th scope="row" class="num">{id.clone()}</th>
                <td>
                    <span title=ind.name.get(l).to_owned()>{ind.short_name.get(l).to_owned()}</span>
                    <span class="dash-lead">{lead}</span>
                </td>
                <td class="dash-value">
                    <span class="num" data-testid="dash-value">{value}</span>
                    <DashBar unit=r.unit target=r.target.clone() value=r.value label=bar_label/>
                    {coverage.map(|c| view! { <small class="dash-coverage" data-testid="dash-coverage">{c}</small> })}
                </td>
                <td class="num">{target}</td>
                <td><DashStatus status=r.status label=r.status_label.clone() reason=r.reason.clone()/></td>
                <td class="num" data-testid="dash-numden">
                    {format_amount(r.numerator, l)}" / "{format_amount(r.denominator, l)}
                </td>
                <td class="num">
                    {if n_excl == 0 {
                        view! { <span>"0"</span> }.into_any()
                    } else {
                        view! {
                            <button type="button" class="dash-excl-button" data-testid="dash-excluded"
                                aria-expanded={if is_open { "true" } else { "false" }}
                                aria-label=format!("{} ({n_excl})", lang.t(Msg::DashExcludedShow))
                                on:click=toggle>
                                {n_excl}
                            </button>
                        }.into_any()
                    }}
                </td>
            </tr>
            {r.open.map(|excluded| view! {
                <tr class="dash-excl-row">
                    <td colspan="7">
                        <DashExclusions excluded title=excl_title on_close=Callback::new(move |_| open.set(None))/>
                    </td>
                </tr>
            })}
        })
    }
}
