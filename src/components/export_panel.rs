//! "Xuất tệp": the records as a bundle file — everything or only what changed since the last
//! export, compact or readable — downloaded, then recorded; says how many records it carried.

use ansinh_core::i18n::{Msg, Text};
use leptos::prelude::*;

use crate::components::choice_buttons::ChoiceButtons;
use crate::components::t::T;
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
    let export = move |_| {
        let choice = ExportChoice { changes_only: changes_only.get_untracked(), readable: readable.get_untracked() };
        let result = plan.0.with_untracked(|p| export_bundle_file(store, p, choice));
        match result {
            Ok(x) => done.set(Some(x)),
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
        </section>
    }
}
