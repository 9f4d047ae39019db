//! The small bar of one table row: the value against its 2030 target on one scale.

use ansinh_core::domain::plan::{Target, Unit};
use ansinh_core::views::dashboard::row_bar;
use leptos::prelude::*;

/// A horizontal bar (CSS, no chart library) with a line at each target mark; nothing for
/// yes/no indicators.
///
/// Props:
/// - `unit`, `target`: the indicator's unit and target (they fix the scale);
/// - `value`: the value at full precision, `None` without data (an empty track is drawn);
/// - `label`: the spoken text of the picture, e.g. "Giá trị 47,5; mục tiêu > 95".
#[component]
pub fn DashBar(unit: Unit, target: Target, value: Option<f64>, label: String) -> impl IntoView {
    row_bar(unit, &target, value).map(|bar| {
        let pct = |f: f64| format!("{:.2}%", f * 100.0);
        view! {
            <div class="dash-bar" role="img" aria-label=label>
                {bar.value.map(|v| view! { <span class="dash-bar-fill" style:width=pct(v)></span> })}
                {bar.targets.into_iter().map(|t| view! { <span class="dash-bar-mark" style:left=pct(t)></span> }).collect_view()}
            </div>
        }
    })
}
