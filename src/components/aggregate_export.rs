//! "Xuất số liệu tổng hợp" on the Chỉ tiêu page: the chosen unit's indicator table for the
//! chosen year, with no personal data, as JSON (what a district sends upward, no encryption
//! needed; `docs/aggregate-format.md`) or as an Excel workbook (the same table, the district
//! roll-up for the district, and the village survey progress; `src/office.rs`).

use std::sync::Arc;

use ansinh_core::domain::org::OrgKind;
use ansinh_core::domain::survey::RecordMeta;
use ansinh_core::engine::aggregate::aggregate_table;
use ansinh_core::engine::Evaluation;
use ansinh_core::i18n::{Lang, Text};
use ansinh_core::report::rollup_evaluation;
use ansinh_core::views::household_index::village_progress;
use chrono::{Local, Utc};
use leptos::prelude::*;
use leptos::task::spawn_local;
use uuid::Uuid;

use crate::components::report_picker::stored_reports;
use crate::context::{use_dataset, use_lang, use_plan, use_store};
use crate::office::{download_bytes, workbook_lazy, WorkbookInput, MIME_JSON, MIME_XLSX};

fn words(vi: &'static str, en: &'static str, l: Lang) -> &'static str {
    match l {
        Lang::Vi => vi,
        Lang::En => en,
    }
}

/// The two export buttons and what became of the last press.
///
/// Props:
/// - `eval`: the evaluation of the chosen year;
/// - `org`: the chosen unit.
#[component]
pub fn AggregateExport(
    #[prop(into)] eval: Signal<Arc<Evaluation>>,
    #[prop(into)] org: Signal<String>,
) -> impl IntoView {
    let lang = use_lang();
    let plan = use_plan();
    let dataset = use_dataset();
    let store = use_store();
    let status = RwSignal::new(None::<(bool, Text)>);
    let busy = RwSignal::new(false);

    // The figures as they are when a button is pressed.
    let table = move || plan.0.with_untracked(|p| eval.with_untracked(|e| aggregate_table(p, e, &org.get_untracked())));
    let done = |name: String| Text::new(format!("Đã tạo tệp {name}."), format!("Made the file {name}."));

    let json = move |_| {
        let t = table();
        let name = format!("{}.json", t.file_stem());
        status.set(Some(match download_bytes(&name, t.to_json().as_bytes(), MIME_JSON) {
            Ok(()) => (true, done(name)),
            Err(e) => (false, e.message()),
        }));
    };

    let xlsx = move |_| {
        let t = table();
        let eval = eval.get_untracked();
        let p = plan.0.get_untracked();
        let unit = org.get_untracked();
        let rollup = (p.org_units.get(&unit).map(|u| u.kind) == Some(OrgKind::District))
            .then(|| {
                let reports = stored_reports(store);
                let meta = RecordMeta::new(Uuid::nil(), Utc::now());
                rollup_evaluation(&p, &eval, &reports, Local::now().date_naive(), meta).ok()
            })
            .flatten();
        let mut villages: Vec<String> = p
            .org_units
            .descendants(&unit)
            .into_iter()
            .chain(p.org_units.get(&unit))
            .filter(|u| u.kind == OrgKind::Village)
            .map(|u| u.id.clone())
            .collect();
        villages.dedup();
        let progress = dataset.0.with_untracked(|d| village_progress(&villages, &d.households, &d.figures, eval.year));
        let name = format!("{}.xlsx", t.file_stem());
        let input = WorkbookInput { table: t, rollup, villages: progress, units: p.org_units.clone() };
        busy.set(true);
        spawn_local(async move {
            let result = workbook_lazy(input).await.and_then(|bytes| download_bytes(&name, &bytes, MIME_XLSX));
            let _ = busy.try_set(false);
            let _ = status.try_set(Some(match result {
                Ok(()) => (true, done(name)),
                Err(e) => (false, e.message()),
            }));
        });
    };

    view! {
        <div class="aggregate-export no-print" data-testid="aggregate-export">
            <p class="muted">{move || words(
                "Xuất số liệu tổng hợp của đơn vị và năm đang chọn (không có thông tin cá nhân).",
                "Export the aggregate figures of the chosen unit and year (no personal data).",
                lang.0.get(),
            )}</p>
            <button type="button" data-testid="aggregate-json" on:click=json>
                {move || words("Xuất số liệu tổng hợp (JSON)", "Export aggregate figures (JSON)", lang.0.get())}
            </button>
            " "
            <button type="button" data-testid="aggregate-xlsx" on:click=xlsx disabled=move || busy.get()>
                {move || words("Xuất bảng Excel (.xlsx)", "Export Excel tables (.xlsx)", lang.0.get())}
            </button>
            {move || status.get().map(|(ok, t)| view! {
                <p class=if ok { "muted" } else { "callout" } role="status" data-testid="office-status">
                    {t.get(lang.0.get()).to_owned()}
                </p>
            })}
        </div>
    }
}
