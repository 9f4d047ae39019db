//! "Tải bản Word (.docx)" beside the print button: the report as a Word document in the layout
//! of Decree 30/2020 (`ansinh_office::docx`), to number, finish and sign in Word; the same rows
//! as the print view (the snapshot when finalised, else the live figures).

use ansinh_core::i18n::{Lang, Text};
use ansinh_core::report::Report;
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::components::report_table::EvalMemo;
use crate::context::{use_lang, use_plan};
use crate::office::{document_lazy, download_bytes, DocxInput, OfficeFail, MIME_DOCX};

/// The button and what became of the last press.
///
/// Props:
/// - `report`: the report shown;
/// - `evaluation`: the evaluation of its year (used while a draft).
#[component]
pub fn ReportDocx(#[prop(into)] report: Signal<Report>, evaluation: EvalMemo) -> impl IntoView {
    let lang = use_lang();
    let plan = use_plan();
    let status = RwSignal::new(None::<(bool, Text)>);
    let busy = RwSignal::new(false);
    let make = move |_| {
        let p = plan.0.get_untracked();
        let r = report.get_untracked();
        let rows = match (r.snapshot(), evaluation.get_untracked()) {
            (Some(s), _) => Ok(s.rows.clone()),
            (None, Some(Ok(e))) => r.table(&p, &e).map_err(|e| OfficeFail::Write(e.message().vi)),
            (None, Some(Err(e))) => Err(OfficeFail::Write(e.to_string())),
            (None, None) => Ok(Vec::new()),
        };
        let name = ansinh_office::docx::report_file_name(&r);
        busy.set(true);
        spawn_local(async move {
            let result = match rows {
                Ok(rows) => document_lazy(DocxInput { plan: p, report: r, rows }).await,
                Err(e) => Err(e),
            }
            .and_then(|bytes| download_bytes(&name, &bytes, MIME_DOCX));
            let _ = busy.try_set(false);
            let _ = status.try_set(Some(match result {
                Ok(()) => (true, Text::new(format!("Đã tạo tệp {name}."), format!("Made the file {name}."))),
                Err(e) => (false, e.message()),
            }));
        });
    };
    view! {
        <button type="button" data-testid="report-docx" on:click=make disabled=move || busy.get()>
            {move || match lang.0.get() {
                Lang::Vi => "Tải bản Word (.docx)",
                Lang::En => "Download as Word (.docx)",
            }}
        </button>
        {move || status.get().map(|(ok, t)| view! {
            <span class=if ok { "muted" } else { "callout" } role="status" data-testid="office-status">
                " "{t.get(lang.0.get()).to_owned()}
            </span>
        })}
    }
}
