//! The report as an administrative document (Decree 30/2020 layout), for the browser's Print /
//! Save as PDF: the two-column header (issuing body and number left; the national motto and the
//! place and date right), the title, numbered sections, the indicator table, and the recipients
//! (nơi nhận) bottom left beside the signature block bottom right. Always Vietnamese (the
//! official text); entered text is rendered as text, never as HTML.

use ansinh_core::i18n::Lang;
use ansinh_core::report::Report;
use leptos::prelude::*;

use crate::components::report_table::{EvalMemo, ReportTable};
use crate::context::use_plan;

/// The document of `report`.
///
/// Props:
/// - `report`: the report to print;
/// - `evaluation`: the evaluation of its year (live figures while a draft).
#[component]
pub fn ReportPrint(#[prop(into)] report: Signal<Report>, evaluation: EvalMemo) -> impl IntoView {
    let plan = use_plan();
    let vi = Lang::Vi;
    let tasks = move || {
        let p = plan.0.get();
        report.with(|r| {
            p.task_sections
                .iter()
                .filter(|s| s.parent.is_none())
                .enumerate()
                .map(|(n, s)| {
                    let items = p
                        .tasks
                        .iter()
                        .filter(|t| p.section_path(t).first().is_some_and(|x| x.id == s.id))
                        .filter_map(|t| r.content().task(&t.id).map(|x| (t, x)))
                        .map(|(t, x)| {
                            let narrative = (!x.narrative.trim().is_empty()).then(|| format!(" {}", x.narrative.trim()));
                            view! { <p class="bc-par">"- "{t.text.get(vi).to_owned()}" "<em>"("{x.status.label().get(vi).to_owned()}")"</em>{narrative}</p> }
                        })
                        .collect_view();
                    view! { <p class="bc-h2">{format!("{}. {}", n + 1, s.title.get(vi))}</p>{items} }
                })
                .collect_view()
        })
    };
    let c = move || report.with(|r| r.content().clone());
    view! {
        <article class="bc-doc" data-testid="report-doc">
            <table class="bc-head">
                <tr>
                    <td class="bc-left">
                        <p class="bc-strong" data-testid="bc-issuer">{move || c().header.issuing_body}</p>
                        <p class="bc-rule"></p>
                        <p data-testid="bc-number">{move || c().header.number_line()}</p>
                    </td>
                    <td class="bc-right">
                        <p class="bc-strong" data-testid="bc-nation">"CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"</p>
                        <p class="bc-motto" data-testid="bc-motto">"Độc lập - Tự do - Hạnh phúc"</p>
                        <p class="bc-rule"></p>
                        <p class="bc-date" data-testid="bc-place-date">{move || c().header.place_date_line()}</p>
                    </td>
                </tr>
            </table>
            <p class="bc-title">"BÁO CÁO"</p>
            <p class="bc-subject" data-testid="bc-subject">{move || c().header.title}</p>
            <p class="bc-h1">"I. KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU"</p>
            <ReportTable report=report evaluation=evaluation print=true/>
            <p class="bc-h1">"II. KẾT QUẢ THỰC HIỆN NHIỆM VỤ, GIẢI PHÁP"</p>
            {tasks}
            <p class="bc-h1">"III. KHÓ KHĂN, VƯỚNG MẮC"</p>
            <p class="bc-par">{move || c().difficulties}</p>
            <p class="bc-h1">"IV. ĐỀ XUẤT, KIẾN NGHỊ"</p>
            <p class="bc-par">{move || c().proposals}</p>
            <p class="bc-par">{move || c().adjustments}</p>
            <table class="bc-foot">
                <tr>
                    <td class="bc-recipients" data-testid="bc-recipients">
                        <p><strong><em>"Nơi nhận:"</em></strong></p>
                        {move || c().recipients.into_iter().map(|r| {
                            let purpose = r.purpose.map(|p| format!(" ({})", p.vi)).unwrap_or_default();
                            view! { <p>"- "{r.name.vi}{purpose}";"</p> }
                        }).collect_view()}
                    </td>
                    <td class="bc-sign" data-testid="bc-sign">
                        {move || {
                            let s = c().signatory;
                            view! {
                                <p class="bc-strong">{s.on_behalf_of.vi}</p>
                                <p class="bc-strong">{s.authority.vi}</p>
                                <p class="bc-strong">{s.title.vi}</p>
                                <p class="bc-space"></p>
                                <p class="bc-strong">{s.name}</p>
                            }
                        }}
                    </td>
                </tr>
            </table>
        </article>
    }
}
