//! "Nhập tệp": a bundle file chosen on the device is read, checked whole and merged by the core,
//! in the import worker (`crate::file_worker`: off the UI thread, with a progress bar and a
//! cancel button that leaves storage unchanged), or on the page where there is no worker
//! (`RecordStore::import_parsed`); the result is told in words (added, updated, deleted, kept,
//! conflicts), or the problem with where it is and that nothing changed. On success the
//! revisions of the parts it wrote change, so every page reading them (the indicators
//! included) recomputes. An encrypted (age) file asks for its passphrase and is opened in the
//! lazy crypt chunk first; a file encrypted for the district's key says it must be opened at
//! the district office. A wrong passphrase or an altered file says so, and nothing changes.

use ansinh_core::i18n::{Msg, Text};
use ansinh_core::sync::bundle::{parse_bundle, Limits, MergeReport};
use ansinh_core::sync::store::{StoreError, StoreImportError};
use chrono::Utc;
use leptos::prelude::*;
use wasm_bindgen_futures::JsFuture;

use std::rc::Rc;

use crate::components::t::T;
use crate::context::{use_lang, use_plan, use_store, PlanCtx, StoreCtx};
use crate::crypt::{run, Job};
use crate::file_worker::{FileJob, Phase, Stop};

#[derive(Debug, Clone, PartialEq)]
enum Outcome {
    Reading,
    Unreadable,
    Done(MergeReport),
    Failed(StoreImportError),
    /// Refused by the worker (its message says what and what to do); nothing changed.
    Refused(Text),
    /// The person cancelled; nothing changed.
    Cancelled,
    /// An age file protected by a passphrase: the form asks for it.
    NeedsPassphrase,
    /// An age file for the district's key: not for a tablet.
    ForDistrict,
    /// The passphrase or the file was refused (the crypt chunk's message); nothing changed.
    Sealed(Text),
}

fn tr(lang: ansinh_core::i18n::Lang, vi: &'static str, en: &'static str) -> &'static str {
    match lang {
        ansinh_core::i18n::Lang::Vi => vi,
        ansinh_core::i18n::Lang::En => en,
    }
}

/// Where the bytes of a file to import come from.
enum Source {
    /// A file picked on the device, and its bytes as read.
    File(web_sys::File, js_sys::Uint8Array),
    /// Bytes decrypted on the page.
    Bytes(Vec<u8>),
}

/// Imports a bundle's bytes through the worker, or on the page where there is none.
async fn import_any(
    source: Source,
    store: StoreCtx,
    plan: PlanCtx,
    job: Rc<FileJob>,
    phase: RwSignal<Option<Phase>>,
) -> Outcome {
    let on_phase: Rc<dyn Fn(Phase)> = Rc::new(move |p| {
        let _ = phase.try_set(Some(p));
    });
    // Handed to the worker without a copy (its buffer moves there): a district's file is
    // tens of MB. Should the worker fail, the page reads the file again.
    let array = match &source {
        Source::File(_, array) => array.clone(),
        Source::Bytes(bytes) => js_sys::Uint8Array::from(bytes.as_slice()),
    };
    match crate::file_worker::import(array, store, plan, job.clone(), on_phase).await {
        Ok(r) => Outcome::Done(r),
        Err(Stop::Cancelled) => Outcome::Cancelled,
        Err(Stop::Refused(t)) => Outcome::Refused(t),
        Err(Stop::Store(e)) => Outcome::Failed(e),
        Err(Stop::NoWorker) if job.is_cancelled() => Outcome::Cancelled,
        Err(Stop::NoWorker) => {
            let bytes = match source {
                Source::Bytes(bytes) => bytes,
                Source::File(file, _) => match JsFuture::from(file.array_buffer()).await {
                    Ok(b) => js_sys::Uint8Array::new(&b).to_vec(),
                    Err(_) => return Outcome::Unreadable,
                },
            };
            import_bytes(bytes, store, plan).await
        }
    }
}

/// Checks a bundle's bytes, then merges it under the cross-tab lock, on the page.
async fn import_bytes(bytes: Vec<u8>, store: StoreCtx, plan: PlanCtx) -> Outcome {
    // Read and checked before the lock: the reading depends on the file and the plan alone,
    // and is most of an import's time (a district's file: a third of a second in WASM), which
    // other tabs' saves would otherwise wait through.
    let parsed = plan.0.with_untracked(|p| parse_bundle(&bytes, p, &Limits::default()));
    drop(bytes);
    let bundle = match parsed {
        Ok(b) => b,
        Err(e) => return Outcome::Failed(e.into()),
    };
    // Under the cross-tab lock, into the records as stored now (another tab may have saved
    // a moment ago): the merge reads and writes as one step.
    let locked = move || {
        let mut result = Err(StoreImportError::Store(StoreError::Unavailable("no local storage".into())));
        plan.0.with_untracked(|p| {
            if let Some(r) = store.modify(|s| {
                s.reload().map_err(StoreImportError::Store).and_then(|()| s.import_parsed(bundle, p, Utc::now()))
            }) {
                result = r;
            }
        });
        result
    };
    let result = crate::storage::exclusive(locked).await.unwrap_or_else(|e| {
        Err(StoreImportError::Store(StoreError::Backend { key: crate::storage::PREFIX.into(), reason: e.to_string() }))
    });
    match result {
        Ok(r) => Outcome::Done(r),
        Err(e) => Outcome::Failed(e),
    }
}

/// How many imported households are in a village no list knows, and which villages (the
/// first five ids; they are codes, the only name the file gives).
fn unknown_villages(r: &MergeReport) -> Option<(usize, String)> {
    if r.unknown_villages.is_empty() {
        return None;
    }
    let mut ids: Vec<&str> = r.unknown_villages.iter().map(|(_, v)| v.as_str()).collect();
    ids.sort_unstable();
    ids.dedup();
    let more = ids.len() > 5;
    let mut text = ids.into_iter().take(5).collect::<Vec<_>>().join(", ");
    if more {
        text.push_str(", …");
    }
    Some((r.unknown_villages.len(), text))
}

/// The import panel. No props.
#[component]
pub fn ImportPanel() -> impl IntoView {
    let lang = use_lang();
    let store = use_store();
    let plan = use_plan();
    let outcome = RwSignal::new(None::<Outcome>);
    // Where the running import stands, and the import itself (for its cancel button).
    let phase = RwSignal::new(None::<Phase>);
    let job = StoredValue::new_local(FileJob::new());
    let start_job = move || {
        let j = FileJob::new();
        job.set_value(j.clone());
        phase.set(None);
        j
    };
    // Told at once: the import stops now, and writes nothing even if it was waiting for the
    // storage (its answer, when it comes, is not shown over this one).
    let cancel = move |_| {
        if job.with_value(|j| j.cancel()) {
            outcome.set(Some(Outcome::Cancelled));
        }
    };
    // The answer of an import, unless it was cancelled meanwhile.
    let finish = move |mine: &Rc<FileJob>, o: Outcome| {
        if !mine.is_cancelled() {
            outcome.set(Some(o));
        }
    };
    // The encrypted file waiting for its passphrase.
    let sealed = StoredValue::new(None::<Vec<u8>>);
    let passphrase = RwSignal::new(String::new());
    let on_pick = move |ev: leptos::ev::Event| {
        let input: web_sys::HtmlInputElement = event_target(&ev);
        let Some(file) = input.files().and_then(|f| f.get(0)) else { return };
        // Picking the same file again must fire `change` again.
        input.set_value("");
        outcome.set(Some(Outcome::Reading));
        leptos::task::spawn_local(async move {
            // Kept in JS: a district's file goes to the worker without a copy in the page's wasm.
            let Some(array) = JsFuture::from(file.array_buffer()).await.ok().map(|b| js_sys::Uint8Array::new(&b))
            else {
                outcome.set(Some(Outcome::Unreadable));
                return;
            };
            if ansinh_core::security::crypt::is_age(&array.subarray(0, 64).to_vec()) {
                let bytes = array.to_vec();
                outcome.set(Some(match run(Job::IsPassphraseFile(bytes.clone())).await {
                    Ok(yes) if !yes.is_empty() => {
                        sealed.set_value(Some(bytes));
                        Outcome::NeedsPassphrase
                    }
                    Ok(_) => Outcome::ForDistrict,
                    Err(Some(t)) => Outcome::Sealed(t),
                    Err(None) => Outcome::Unreadable,
                }));
                return;
            }
            let job = start_job();
            finish(&job, import_any(Source::File(file, array), store, plan, job.clone(), phase).await);
        });
    };
    let open = move |_| {
        let Some(bytes) = sealed.get_value() else { return };
        let passphrase = passphrase.get_untracked();
        leptos::task::spawn_local(async move {
            outcome.set(Some(Outcome::Reading));
            match run(Job::OpenWithPassphrase { passphrase, bytes }).await {
                Ok(plain) => {
                    sealed.set_value(None);
                    let job = start_job();
                    finish(&job, import_any(Source::Bytes(plain), store, plan, job.clone(), phase).await);
                }
                // The form stays for another try.
                Err(Some(t)) => outcome.set(Some(Outcome::Sealed(t))),
                Err(None) => outcome.set(Some(Outcome::Unreadable)),
            }
        });
    };
    let summary = move |r: &MergeReport| {
        let parts = [
            (Msg::ImportAdded, r.added),
            (Msg::ImportUpdated, r.updated),
            (Msg::ImportDeleted, r.deleted),
            (Msg::ImportKeptLocal, r.kept_local),
            (Msg::ImportConflicts, r.conflicts),
            (Msg::ImportUnchanged, r.unchanged),
        ];
        let list: Vec<String> = parts.iter().map(|(m, n)| format!("{} {n}", lang.t(*m))).collect();
        format!("{} {}.", lang.t(Msg::ImportDone), list.join(", "))
    };
    view! {
        <section class="panel import-panel" data-testid="import-panel">
            <h3><T m=Msg::ImportTitle/></h3>
            <p class="muted"><T m=Msg::ImportHint/></p>
            // The input covers its button, as in the choice buttons: the whole button is the
            // tap target, and the browser's own file picker opens.
            <div class="choices">
                <label class="choice">
                    <input type="file" accept=".json,.age,application/json" data-testid="import-file" on:change=on_pick
                        disabled=move || matches!(outcome.get(), Some(Outcome::Reading))/>
                    <span><T m=Msg::ImportButton/></span>
                </label>
            </div>
            {move || match outcome.get() {
                None => ().into_any(),
                Some(Outcome::Reading) => view! {
                    <div role="status" data-testid="import-progress">
                        <p>{move || phase_label(lang.0.get(), phase.get())}</p>
                        <progress max="100" data-testid="import-progress-bar"
                            prop:value=move || phase.get().map_or(0, Phase::percent)></progress>
                        // Not once the writes have begun: they go to the end (or are all undone).
                        <Show when=move || !matches!(phase.get(), Some(Phase::Writing(..)))>
                            <p><button type="button" data-testid="import-cancel" on:click=cancel>
                                {move || tr(lang.0.get(), "Hủy nhập tệp", "Cancel the import")}
                            </button></p>
                        </Show>
                    </div>
                }
                .into_any(),
                Some(Outcome::Cancelled) => view! {
                    <p role="status" data-testid="import-cancelled">
                        {move || tr(lang.0.get(), "Đã hủy nhập tệp. Không có gì thay đổi.", "The import was cancelled. Nothing changed.")}
                    </p>
                }
                .into_any(),
                Some(Outcome::Refused(t)) => view! {
                    <div class="callout warning" role="alert" data-testid="import-error">
                        <p>{move || t.get(lang.0.get()).to_owned()}</p>
                        <p><strong><T m=Msg::NothingChanged/></strong></p>
                    </div>
                }
                .into_any(),
                Some(Outcome::Done(r)) if r.already_imported => {
                    view! { <p role="status" data-testid="import-result"><T m=Msg::ImportAlready/></p> }.into_any()
                }
                Some(Outcome::Done(r)) => {
                    let unknown = unknown_villages(&r);
                    view! {
                        <p role="status" data-testid="import-result">{move || summary(&r)}</p>
                        {unknown.map(|(n, ids)| view! {
                            <p class="callout warning" role="status" data-testid="import-unknown-villages">
                                {move || lang.t(Msg::ImportUnknownVillages).replace("{n}", &n.to_string()).replace("{ids}", &ids)}
                            </p>
                        })}
                    }
                    .into_any()
                }
                Some(Outcome::NeedsPassphrase) => view! {
                    <div class="callout" data-testid="import-passphrase-form">
                        <p>{move || tr(lang.0.get(), "Tệp được mã hóa bằng mật khẩu. Hãy nhập mật khẩu người gửi báo cho anh/chị.",
                            "The file is encrypted with a passphrase. Enter the passphrase the sender gave you.")}</p>
                        {passphrase_field(lang, passphrase)}
                        <p><button type="button" class="primary" data-testid="import-open" on:click=open>
                            {move || tr(lang.0.get(), "Mở tệp", "Open the file")}
                        </button></p>
                    </div>
                }
                .into_any(),
                Some(Outcome::ForDistrict) => view! {
                    <div class="callout warning" role="alert" data-testid="import-error">
                        <p>{move || tr(lang.0.get(),
                            "Tệp này được mã hóa cho huyện: chỉ Phòng ở huyện mở được, bằng tệp khóa của huyện (ansinh merge --identity).",
                            "This file is encrypted for the district: only the district office can open it, with its identity file (ansinh merge --identity).")}</p>
                        <p><strong><T m=Msg::NothingChanged/></strong></p>
                    </div>
                }
                .into_any(),
                Some(Outcome::Sealed(t)) => {
                    let retry = sealed.with_value(|s| s.is_some());
                    view! {
                        // The message itself says that nothing changed.
                        <div class="callout warning" role="alert" data-testid="import-error">
                            <p>{move || t.get(lang.0.get()).to_owned()}</p>
                        </div>
                        {retry.then(|| view! {
                            <div class="callout" data-testid="import-passphrase-form">
                                {passphrase_field(lang, passphrase)}
                                <p><button type="button" class="primary" data-testid="import-open" on:click=open>
                                    {move || tr(lang.0.get(), "Mở tệp", "Open the file")}
                                </button></p>
                            </div>
                        })}
                    }
                    .into_any()
                }
                Some(Outcome::Unreadable) => view! {
                    <div class="callout warning" role="alert" data-testid="import-error">
                        <p><T m=Msg::ImportUnreadable/></p>
                        <p><strong><T m=Msg::NothingChanged/></strong></p>
                    </div>
                }
                .into_any(),
                Some(Outcome::Failed(e)) => {
                    let unchanged = !matches!(e, StoreImportError::Write { restored: false, .. });
                    view! {
                        <div class="callout warning" role="alert" data-testid="import-error">
                            <p>{move || e.message(lang.0.get())}</p>
                            {unchanged.then(|| view! { <p><strong><T m=Msg::NothingChanged/></strong></p> })}
                        </div>
                    }
                    .into_any()
                }
            }}
        </section>
    }
}

/// What the running import is doing, in words.
fn phase_label(lang: ansinh_core::i18n::Lang, phase: Option<Phase>) -> String {
    match phase {
        None | Some(Phase::Reading | Phase::Exporting) => {
            tr(lang, "Đang đọc và kiểm tra tệp…", "Reading and checking the file…").to_owned()
        }
        Some(Phase::Merging) => {
            tr(lang, "Đang đối chiếu với dữ liệu trên máy…", "Merging with the records on this device…").to_owned()
        }
        Some(Phase::Preparing(done, of)) => {
            tr(lang, "Đang chuẩn bị ghi {d}/{n} mục…", "Preparing {d} of {n} entries to write…")
                .replace("{d}", &done.to_string())
                .replace("{n}", &of.to_string())
        }
        Some(Phase::Waiting) => {
            tr(lang, "Đang chờ ghi vào bộ nhớ của máy…", "Waiting to write to this device's storage…").to_owned()
        }
        Some(Phase::Writing(done, of)) => tr(
            lang,
            "Đang ghi vào bộ nhớ của máy: {d}/{n} mục…",
            "Writing to this device's storage: {d} of {n} entries…",
        )
        .replace("{d}", &done.to_string())
        .replace("{n}", &of.to_string()),
    }
}

fn passphrase_field(lang: crate::context::LangCtx, passphrase: RwSignal<String>) -> impl IntoView {
    view! {
        <label class="field">
            <span>{move || tr(lang.0.get(), "Mật khẩu", "Passphrase")}</span>
            <input type="text" autocomplete="off" autocapitalize="off" spellcheck="false"
                data-testid="import-passphrase"
                prop:value=move || passphrase.get()
                on:input=move |ev| passphrase.set(event_target_value(&ev))/>
        </label>
    }
}
