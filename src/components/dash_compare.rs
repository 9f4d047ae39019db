//! Per-commune comparison of one indicator: inline SVG bars, one per commune-level unit, with
//! the target as a line (geometry from `ansinh_core::views::dashboard::compare_chart`).

use std::sync::Arc;

use ansinh_core::engine::{format_value, Evaluation};
use ansinh_core::i18n::Msg;
use ansinh_core::views::dashboard::format_amount;
use ansinh_core::views::dashboard::{compare_chart, COMPARE_ROW};
use leptos::prelude::*;

use crate::context::{use_lang, use_plan};

/// The chart, or a sentence when the indicator is yes/no (nothing to draw).
///
/// Props:
/// - `eval`: the evaluation of the chosen year;
/// - `indicator`: the indicator id to compare.
#[component]
pub fn DashCompare(
    #[prop(into)] eval: Signal<Arc<Evaluation>>,
    #[prop(into)] indicator: Signal<String>,
) -> impl IntoView {
    let lang = use_lang();
    let plan = use_plan();
    // Redrawn when the chart changes, not on every evaluation (a household saved in a commune
    // moves the compared indicator's bars only when it counts in it).
    let chart = Memo::new(move |_| {
        let p = plan.0.get();
        let id = indicator.get();
        eval.with(|e| (compare_chart(&p, e, &id), e.reporting_decimals))
    });
    move || {
        let p = plan.0.get();
        let l = lang.0.get();
        let id = indicator.get();
        let Some(ind) = p.indicator(&id) else { return ().into_any() };
        let (Some(chart), decimals) = chart.get() else {
            return view! { <p class="callout">{lang.t(Msg::DashNoChart)}</p> }.into_any();
        };
        let fmt = |v: f64| format_value(Some(v), ind.unit, decimals, l);
        let label = format!(
            "{} — {} ({} {})",
            lang.t(Msg::DashCompare),
            ind.short_name.get(l),
            lang.t(Msg::DashTargetLine),
            ansinh_core::engine::format_target(&ind.target, l)
        );
        let axis_y = chart.bars.len() as f64 * COMPARE_ROW;
        let bars = chart
            .bars
            .iter()
            .map(|b| {
                let name =
                    p.org_units.get(&b.org_id).map(|u| u.name.get(l).to_owned()).unwrap_or_else(|| b.org_id.clone());
                let value = b.value.map(fmt).unwrap_or_else(|| b.status.label().get(l).to_owned());
                let spoken = format!(
                    "{name}: {value} ({} / {}), {}",
                    format_amount(b.numerator, l),
                    format_amount(b.denominator, l),
                    b.status.label().get(l)
                );
                let mid = b.y + COMPARE_ROW / 2.0;
                view! {
                    <g data-testid="dash-compare-bar" data-org=b.org_id.clone() role="img" aria-label=spoken
                        data-num=b.numerator.map(|x| x.to_string()) data-den=b.denominator.map(|x| x.to_string())>
                        <text x=chart.plot_x - 8.0 y=mid + 6.0 text-anchor="end">{name}</text>
                        <rect class=format!("st-{}", b.status.code()) x=chart.plot_x y=b.y + 8.0
                            width=b.width height=COMPARE_ROW - 16.0></rect>
                        <text x=chart.plot_x + b.width + 6.0 y=mid + 6.0>{value}</text>
                    </g>
                }
            })
            .collect_view();
        let targets = chart
            .target_xs
            .iter()
            .map(|&x| view! { <line class="dash-target" x1=x x2=x y1=0.0 y2=axis_y></line> })
            .collect_view();
        let ticks = chart
            .ticks
            .iter()
            .map(|&(v, x)| view! { <text class="dash-tick" x=x y=axis_y + 24.0 text-anchor="middle">{fmt(v)}</text> })
            .collect_view();
        view! {
            <svg class="dash-compare" data-testid="dash-compare" role="group" aria-label=label
                viewBox=format!("0 0 {} {}", chart.width, chart.height)>
                <line class="dash-axis" x1=chart.plot_x x2=chart.plot_x y1=0.0 y2=axis_y></line>
                {bars}
                {targets}
                {ticks}
            </svg>
        }
        .into_any()
    }
}
