//! "Xuất tệp": the records as a bundle file — everything or only what changed since the last
//! export, compact or readable — downloaded and recorded as made; says how many records it
//! carried. A made file is not delivered: the panel asks whether it was saved, and only "Tệp đã
//! được lưu" moves the records out of the not-yet-exported count (a cancelled download changes
//! nothing). "Only changes" with nothing changed says so instead of downloading an empty file.

use ansinh_core::i18n::{Msg, Text};
use leptos::prelude::*;

use crate::components::choice_buttons::ChoiceButtons;
use crate::components::report_editor::local_time;
use crate::components::t::T;
use crate::components::when::When;
use crate::context::{use_lang, use_notices, use_plan, use_store, Notice};
use crate::export::{export_bundle_file, ExportChoice, ExportError, Exported};

fn options(a: Msg, b: Msg) -> Vec<Text> {
    [a, b]
        .into_iter()
        .map(|m| Text::new(m.text(ansinh_core::i18n::Lang::Vi), m.text(ansinh_core::i18n::Lang::En)))
        .collect()
}

/// The export panel. No props.
#[component]
pub fn ExportPanel() -> impl IntoView {
    let lang = use_lang();
    let store = use_store();
    let plan = use_plan();
    let notices = use_notices();
    let changes_only = RwSignal::new(false);
    let readable = RwSignal::new(false);
    let done = RwSignal::new(None::<Exported>);
    let nothing_new = RwSignal::new(false);
    let confirmed = RwSignal::new(false);
    // A file made but not confirmed (also one made from the full-storage notice, or before a
    // reload): the store keeps its time.
    let pending = Memo::new(move |_| store.with(|s| s.pending_delivery()).flatten());
    let confirm = move |_| match store.update(|s| s.confirm_delivery()) {
        Ok(()) => confirmed.set(true),
        Err(e) => notices.push(Notice::store(Some(Msg::ExportFailed), &e)),
    };
    let export = move |_| {
        let choice = ExportChoice { changes_only: changes_only.get_untracked(), readable: readable.get_untracked() };
        let result = plan.0.with_untracked(|p| export_bundle_file(store, p, choice));
        nothing_new.set(false);
        confirmed.set(false);
        match result {
            Ok(Some(x)) => done.set(Some(x)),
            Ok(None) => {
                done.set(None);
                nothing_new.set(true);
            }
            Err(e) => {
                done.set(None);
                let prefix = if matches!(e, ExportError::NotRecorded(_)) { None } else { Some(Msg::ExportFailed) };
                notices.push(Notice { prefix, msg: e.msg(), offer_export: false });
            }
        }
    };
    view! {
        <section class="panel export-panel" data-testid="export-panel">
            <h3><T m=Msg::ExportTitle/></h3>
            <ChoiceButtons
                name="export-scope".to_string()
                options=options(Msg::ExportEverything, Msg::ExportChangesOnly)
                selected=Signal::derive(move || Some(usize::from(changes_only.get())))
                on_pick=Callback::new(move |i: usize| changes_only.set(i == 1))
                testid="export-scope"
                label=Msg::ExportScopeLabel
            />
            <ChoiceButtons
                name="export-layout".to_string()
                options=options(Msg::ExportCompact, Msg::ExportReadable)
                selected=Signal::derive(move || Some(usize::from(readable.get())))
                on_pick=Callback::new(move |i: usize| readable.set(i == 1))
                testid="export-layout"
                label=Msg::ExportLayoutLabel
            />
            <p>
                <button type="button" class="primary" data-testid="export-file" on:click=export>
                    <T m=Msg::ExportButton/>
                </button>
            </p>
            {move || {
                done.get().map(|x| {
                    let text = lang
                        .t(Msg::ExportDone)
                        .replace("{n}", &x.records.to_string())
                        .replace("{file}", &x.file_name);
                    view! { <p role="status" data-testid="export-done">{text}</p> }
                })
            }}
            <When when=move || nothing_new.get()>
                <p role="status" data-testid="export-nothing-new"><T m=Msg::ExportNothingNew/></p>
            </When>
            {move || {
                pending.get().map(|at| {
                    let text = lang.t(Msg::ExportAskSaved).replace("{time}", &local_time(at));
                    view! {
                        <div class="callout warning" data-testid="export-pending">
                            <p>{text}</p>
                            <p>
                                <button type="button" class="primary" data-testid="export-confirm" on:click=confirm>
                                    <T m=Msg::ExportConfirmSaved/>
                                </button>
                            </p>
                            <p class="hint"><T m=Msg::ExportNotSavedHint/></p>
                        </div>
                    }
                })
            }}
            <When when=move || confirmed.get() && pending.get().is_none()>
                <p role="status" data-testid="export-confirmed"><T m=Msg::ExportConfirmed/></p>
            </When>
        </section>
    }
}
