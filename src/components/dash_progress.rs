//! Progress of one indicator for one unit from the first year with data toward the target
//! year: a line through the yearly values and the target as a dashed line (inline SVG).

use ansinh_core::engine::format_value;
use ansinh_core::i18n::Msg;
use ansinh_core::views::dashboard::{progress_chart, PROGRESS_BOTTOM, PROGRESS_HEIGHT, PROGRESS_TOP, PROGRESS_WIDTH};
use leptos::prelude::*;

use crate::context::{use_lang, use_plan};

/// The chart, or a sentence saying it needs two years of data.
///
/// Props:
/// - `indicator`: the indicator id;
/// - `series`: (year, value) of that indicator for the chosen unit, one per year with a value.
#[component]
pub fn DashProgress(
    #[prop(into)] indicator: Signal<String>,
    #[prop(into)] series: Signal<Vec<(i32, f64)>>,
) -> impl IntoView {
    let lang = use_lang();
    let plan = use_plan();
    move || {
        let p = plan.0.get();
        let l = lang.0.get();
        let id = indicator.get();
        let Some(ind) = p.indicator(&id) else { return ().into_any() };
        let Some(chart) = progress_chart(&series.get(), ind.unit, &ind.target, ind.target_year) else {
            return view! { <p class="callout" data-testid="dash-progress-none">{lang.t(Msg::DashProgressOneYear)}</p> }
                .into_any();
        };
        let decimals = p.params.reporting_decimals;
        let fmt = move |v: f64| format_value(Some(v), ind.unit, decimals, l);
        let spoken = format!(
            "{} — {}: {}",
            lang.t(Msg::DashProgress),
            ind.short_name.get(l),
            chart.points.iter().map(|pt| format!("{} {}", pt.year, fmt(pt.value))).collect::<Vec<_>>().join("; ")
        );
        let axis_y = PROGRESS_HEIGHT - PROGRESS_BOTTOM;
        view! {
            <svg class="dash-progress" data-testid="dash-progress" role="img" aria-label=spoken
                viewBox=format!("0 0 {PROGRESS_WIDTH} {PROGRESS_HEIGHT}")>
                <line class="dash-axis" x1=chart.points[0].x x2=chart.target_year_x y1=axis_y y2=axis_y></line>
                {chart.target_ys.iter().map(|&y| view! {
                    <line class="dash-target" x1=chart.points[0].x x2=chart.target_year_x y1=y y2=y></line>
                }).collect_view()}
                <path class="dash-line" d=chart.path.clone()></path>
                {chart.points.iter().map(|pt| view! {
                    <circle class="dash-point" cx=pt.x cy=pt.y r=5.0></circle>
                    <text class="dash-tick" x=pt.x y=pt.y - 10.0 text-anchor="middle">{fmt(pt.value)}</text>
                }).collect_view()}
                {chart.year_ticks.iter().map(|&(year, x)| view! {
                    <text class="dash-tick" x=x y=axis_y + 20.0 text-anchor="middle">{year}</text>
                }).collect_view()}
                <text class="dash-tick" x=4.0 y=PROGRESS_TOP + 10.0>{fmt(chart.max)}</text>
            </svg>
        }
        .into_any()
    }
}
