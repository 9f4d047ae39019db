//! Task progress of a report: every task of section III, grouped under its numbered section
//! (1–6), each with a status (not started / in progress / done / not applicable) and a narrative.

use ansinh_core::i18n::Msg;
use ansinh_core::report::{TaskProgress, TaskStatus};
use leptos::prelude::*;

use crate::components::report_editor::DraftHandle;
use crate::context::{use_lang, use_plan};

/// Index of a status in `TaskStatus::ALL`, the value of its `<option>`.
fn status_index(s: TaskStatus) -> usize {
    TaskStatus::ALL.iter().position(|x| *x == s).unwrap_or(0)
}

/// The task list of the report being edited.
///
/// Props:
/// - `handle`: the report form's draft (read, edit, read-only once finalised).
#[component]
pub fn ReportTasks(handle: DraftHandle) -> impl IntoView {
    let lang = use_lang();
    let plan = use_plan();
    let h = handle;
    move || {
        let p = plan.0.get();
        let l = lang.0.get();
        p.task_sections
            .iter()
            .filter(|s| s.parent.is_none())
            .map(|section| {
                let tasks = p
                    .tasks
                    .iter()
                    .filter(|t| p.section_path(t).first().is_some_and(|s| s.id == section.id))
                    .map(|t| {
                        let id = t.id.clone();
                        let progress = {
                            let id = id.clone();
                            Memo::new(move |_| {
                                h.report.with(|r| {
                                    r.content().task(&id).cloned().unwrap_or(TaskProgress {
                                        task_id: id.clone(),
                                        status: TaskStatus::NotStarted,
                                        narrative: String::new(),
                                    })
                                })
                            })
                        };
                        let (id_s, id_n) = (id.clone(), id.clone());
                        let set_status = move |ev| {
                            let Some(s) = event_target_value(&ev).parse::<usize>().ok().and_then(|i| TaskStatus::ALL.get(i).copied()) else { return };
                            let narrative = progress.get_untracked().narrative;
                            h.edit(|c| c.set_task(&id_s, s, narrative));
                        };
                        let set_narrative = move |ev| {
                            let status = progress.get_untracked().status;
                            h.edit(|c| c.set_task(&id_n, status, event_target_value(&ev)));
                        };
                        view! {
                            <div class="report-task" data-testid="report-task" data-id=id.clone()>
                                <p>{t.text.get(l).to_owned()}</p>
                                <select data-testid="report-task-status" disabled=move || h.read_only() on:change=set_status
                                    aria-label=lang.t(Msg::DashStatus)>
                                    {TaskStatus::ALL.iter().enumerate().map(|(i, s)| {
                                        let s = *s;
                                        view! {
                                            <option value=i.to_string() prop:selected=move || progress.with(|x| status_index(x.status) == i)>
                                                {s.label().get(l).to_owned()}
                                            </option>
                                        }
                                    }).collect_view()}
                                </select>
                                <textarea data-testid="report-task-narrative" rows="2" aria-label=lang.t(Msg::ReportNarrative)
                                    placeholder=lang.t(Msg::ReportNarrative) disabled=move || h.read_only()
                                    prop:value=move || progress.with(|x| x.narrative.clone()) on:input=set_narrative></textarea>
                            </div>
                        }
                    })
                    .collect_view();
                view! {
                    <details class="report-section">
                        <summary>{format!("{} {}", section.label, section.title.get(l))}</summary>
                        {tasks}
                    </details>
                }
            })
            .collect_view()
    }
}
