//! "Xuất tệp": the records as a bundle file — everything or only what changed since the last
//! export, compact or readable — downloaded and recorded as made; says how many records it
//! carried. A made file is not delivered: the panel asks whether it was saved, and only "Tệp đã
//! được lưu" moves the records out of the not-yet-exported count (a cancelled download changes
//! nothing). "Only changes" with nothing changed says so instead of downloading an empty file.
//! The file is encrypted (`export::Protection`): to the district's key by default, to a
//! passphrase for another tablet of the commune, or — chosen explicitly, under a warning —
//! not at all. Without a district key the panel says so and offers the passphrase.

use ansinh_core::i18n::{Msg, Text};
use leptos::prelude::*;

use crate::components::choice_buttons::ChoiceButtons;
use crate::components::report_editor::local_time;
use crate::components::t::T;
use crate::components::when::When;
use crate::context::{use_lang, use_notices, use_plan, use_store, Notice};
use crate::export::{export_bundle_file, ExportChoice, ExportError, Exported, Protection};
use crate::file_worker::FileJob;
use std::rc::Rc;

/// This panel's own words (not in the catalog `Msg`: they ship in the Sync page's chunk).
fn tr(lang: ansinh_core::i18n::Lang, vi: &'static str, en: &'static str) -> &'static str {
    match lang {
        ansinh_core::i18n::Lang::Vi => vi,
        ansinh_core::i18n::Lang::En => en,
    }
}

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
    // 0: the district's key, 1: a passphrase, 2: plain. The district's key when the tablet has
    // one, else the passphrase: never plain unless chosen.
    let district_key = crate::components::district_key::use_district_key();
    // Until the user picks, the choice follows the key (one pasted below switches to it).
    let picked = RwSignal::new(None::<usize>);
    let protect = Signal::derive(move || picked.get().unwrap_or(if district_key.get().is_some() { 0 } else { 1 }));
    let passphrase = RwSignal::new(String::new());
    let crypt_error = RwSignal::new(None::<Text>);
    let busy = RwSignal::new(false);
    // The running export (for its cancel button), and whether the last one was cancelled.
    let job = StoredValue::new_local(FileJob::new());
    let cancelled = RwSignal::new(false);
    let cancel = move |_| {
        if job.with_value(|j| j.cancel()) {
            busy.set(false);
            cancelled.set(true);
        }
    };
    // A file made but not confirmed (also one made from the full-storage notice, or before a
    // reload): the store keeps its time.
    let pending = Memo::new(move |_| store.with(|s| s.pending_delivery()).flatten());
    // Under the lock, from the markers as stored now: another tab's confirmation of a later
    // file is not moved back.
    let confirm = move |_| {
        leptos::task::spawn_local(async move {
            match store.update_locked(|s| s.confirm_delivery()).await {
                Ok(()) => {
                    confirmed.try_set(true);
                }
                Err(e) => notices.push(Notice::store(Some(Msg::ExportFailed), &e)),
            }
        })
    };
    let export = move |_| {
        crypt_error.set(None);
        let protection = match protect.get_untracked() {
            0 => match district_key.get_untracked() {
                Some(key) => Protection::DistrictKey(key),
                None => return crypt_error.set(Some(Text::new(NO_KEY_VI, NO_KEY_EN))),
            },
            1 => Protection::Passphrase(passphrase.get_untracked()),
            _ => Protection::Plain,
        };
        let choice =
            ExportChoice { changes_only: changes_only.get_untracked(), readable: readable.get_untracked(), protection };
        nothing_new.set(false);
        confirmed.set(false);
        cancelled.set(false);
        busy.set(true);
        let mine = FileJob::new();
        job.set_value(mine.clone());
        leptos::task::spawn_local(async move {
            let result = export_bundle_file(store, plan, choice, mine.clone(), Rc::new(|_| ())).await;
            // Cancelled meanwhile: the cancel button already said so.
            if mine.is_cancelled() {
                return;
            }
            busy.set(false);
            match result {
                Err(ExportError::Cancelled) => {}
                Ok(Some(x)) => done.set(Some(x)),
                Ok(None) => {
                    done.set(None);
                    nothing_new.set(true);
                }
                Err(ExportError::Crypt(text)) => {
                    done.set(None);
                    crypt_error.set(Some(text));
                }
                Err(e) => {
                    done.set(None);
                    let prefix = if matches!(e, ExportError::NotRecorded(_)) { None } else { Some(Msg::ExportFailed) };
                    notices.push(Notice { prefix, msg: e.msg(), offer_export: false });
                }
            }
        });
    };
    let protect_options = vec![
        Text::new("Mã hóa cho huyện", "Encrypted for the district"),
        Text::new("Mã hóa bằng mật khẩu", "Encrypted with a passphrase"),
        Text::new("Không mã hóa (JSON)", "Not encrypted (JSON)"),
    ];
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
            <ChoiceButtons
                name="export-protect".to_string()
                options=protect_options
                selected=Signal::derive(move || Some(protect.get()))
                on_pick=Callback::new(move |i: usize| picked.set(Some(i)))
                testid="export-protect"
                label=Msg::ExportProtectLabel
            />
            {move || match protect.get() {
                0 if district_key.get().is_none() => view! {
                    <p class="callout warning" data-testid="export-no-key">
                        {move || tr(lang.0.get(), NO_KEY_VI, NO_KEY_EN)}
                    </p>
                }.into_any(),
                0 => view! {
                    <p class="hint" data-testid="export-key-hint">{move || tr(lang.0.get(),
                        "Chỉ Phòng ở huyện mở được tệp này, bằng tệp khóa của huyện.",
                        "Only the district office can open this file, with the district's identity file.")}</p>
                }.into_any(),
                1 => view! {
                    <label class="field">
                        <span>{move || tr(lang.0.get(), "Mật khẩu cho tệp (báo cho người nhận, không gửi kèm tệp)",
                            "Passphrase for the file (tell the receiver; never send it with the file)")}</span>
                        <input type="text" autocomplete="off" autocapitalize="off" spellcheck="false"
                            data-testid="export-passphrase"
                            prop:value=move || passphrase.get()
                            on:input=move |ev| passphrase.set(event_target_value(&ev))/>
                    </label>
                }.into_any(),
                _ => view! {
                    <p class="callout warning" role="alert" data-testid="export-plain-warning">
                        {move || tr(lang.0.get(),
                            "Cảnh báo: tệp không mã hóa chứa tên, ngày sinh, dân tộc, thu nhập của các hộ; ai nhặt được tệp cũng đọc được. Chỉ dùng khi thật cần và xóa tệp ngay sau khi dùng.",
                            "Warning: an unencrypted file holds the households' names, dates of birth, ethnicity and income; anyone who finds it can read it. Use it only when you must, and delete it right after.")}
                    </p>
                }.into_any(),
            }}
            {move || crypt_error.get().map(|t| view! {
                <div class="callout warning" role="alert" data-testid="export-crypt-error">
                    <p>{t.get(lang.0.get()).to_owned()}</p>
                </div>
            })}
            <p>
                <button type="button" class="primary" data-testid="export-file" on:click=export
                    disabled=move || busy.get()>
                    <T m=Msg::ExportButton/>
                </button>
            </p>
            <When when=move || busy.get()>
                <div role="status" data-testid="export-progress">
                    <p>{move || tr(lang.0.get(), "Đang tạo tệp…", "Making the file…")}</p>
                    // How long depends on the records and the encryption: no share to show.
                    <progress data-testid="export-progress-bar"></progress>
                    <p><button type="button" data-testid="export-cancel" on:click=cancel>
                        {move || tr(lang.0.get(), "Hủy xuất tệp", "Cancel the export")}
                    </button></p>
                </div>
            </When>
            <When when=move || cancelled.get()>
                <p role="status" data-testid="export-cancelled">
                    {move || tr(lang.0.get(), "Đã hủy xuất tệp. Không có gì thay đổi.", "The export was cancelled. Nothing changed.")}
                </p>
            </When>
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

const NO_KEY_VI: &str = "Máy chưa có khóa công khai của huyện: hãy dán khóa ở mục \"Khóa công khai của huyện\" bên dưới, hoặc chọn mã hóa bằng mật khẩu.";
const NO_KEY_EN: &str =
    "This tablet has no district public key yet: paste it under \"District public key\" below, or choose a passphrase.";
