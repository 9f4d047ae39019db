//! Upload settings on the Sync page: the district receiver's address (checked as http/https with
//! a host, the problem said in Vietnamese under the field), "Gửi ngay", and what the uploader is
//! doing (sending, waiting for the network, no address yet), and enrolment with the district
//! hub (a one-time code exchanged for the device token, `upload::enrol`).

use ansinh_core::i18n::Msg;
use ansinh_core::sync::outbox::validate_upload_url;
use leptos::prelude::*;

use crate::context::{use_lang, use_notices, Notice};
use crate::upload::use_upload;

/// The panel. No props: it reads the uploader's context.
#[component]
pub fn UploadSettings() -> impl IntoView {
    let lang = use_lang();
    let notices = use_notices();
    let up = use_upload();
    let draft = RwSignal::new(up.url.get_untracked().unwrap_or_default());
    let problem = RwSignal::new(None::<ansinh_core::sync::outbox::UrlError>);
    let saved = RwSignal::new(false);
    let save = move |_| {
        saved.set(false);
        match validate_upload_url(&draft.get_untracked()) {
            Ok(url) => {
                problem.set(None);
                draft.set(url.clone());
                match up.set_url(Some(url)) {
                    Ok(()) => saved.set(true),
                    Err(e) => notices.push(Notice::storage(Some(Msg::SettingNotSaved), &e)),
                }
            }
            Err(e) => problem.set(Some(e)),
        }
    };
    let state = move || {
        let msg = if up.busy.get() {
            Msg::UploadSending
        } else if up.url.with(|u| u.is_none()) {
            Msg::UploadNoUrl
        } else if !up.online.get() {
            Msg::UploadOfflineWait
        } else {
            Msg::UploadAuto
        };
        lang.t(msg)
    };
    let code = RwSignal::new(String::new());
    let enrolled = RwSignal::new(matches!(crate::storage::get(&crate::upload::token_key()), Ok(Some(_))));
    let enrol_problem = RwSignal::new(None::<String>);
    // The enrolment answer may carry the district's key (`crate::hub_key`): show it at once.
    let district_key = crate::components::district_key::use_district_key_ctx();
    let enrol = move |_| {
        let Some(url) = up.url.get_untracked() else {
            enrol_problem.set(Some(lang.t(Msg::HubEnrolNeedUrl).to_string()));
            return;
        };
        let typed = code.get_untracked();
        leptos::task::spawn_local(async move {
            match crate::upload::enrol(&url, &typed).await {
                Ok(()) => {
                    enrol_problem.set(None);
                    enrolled.set(true);
                    district_key.reload();
                    code.set(String::new());
                    up.kick(true);
                }
                Err(m) => enrol_problem.set(Some(format!("{} {m}", lang.t(Msg::HubEnrolFailed)))),
            }
        });
    };
    view! {
        <section class="panel upload-settings" data-testid="upload-settings">
            <h3>{move || lang.t(Msg::UploadTitle)}</h3>
            <label class="upload-url">
                {move || lang.t(Msg::UploadUrl)}
                <input type="url" inputmode="url" data-testid="upload-url" placeholder="https://"
                    prop:value=move || draft.get()
                    on:input=move |ev| { draft.set(event_target_value(&ev)); saved.set(false); }/>
            </label>
            {move || problem.get().map(|e| view! {
                <p class="problems error" role="alert" data-testid="upload-url-error">{e.message(lang.0.get())}</p>
            })}
            {move || saved.get().then(|| view! { <p class="save-status ok" data-testid="upload-url-saved">{lang.t(Msg::UploadUrlSaved)}</p> })}
            <div class="toolbar">
                <button type="button" data-testid="upload-url-save" on:click=save>{move || lang.t(Msg::UploadUrlSave)}</button>
                <button type="button" class="primary" data-testid="send-now"
                    disabled=move || up.url.with(|u| u.is_none())
                    on:click=move |_| up.kick(true)>
                    {move || lang.t(Msg::UploadSendNow)}
                </button>
            </div>
            <p class="muted" data-testid="upload-state" role="status">{state}</p>
            <label class="hub-code">
                {move || lang.t(Msg::HubEnrolCode)}
                <input type="text" autocomplete="off" data-testid="hub-code"
                    prop:value=move || code.get()
                    on:input=move |ev| code.set(event_target_value(&ev))/>
            </label>
            <div class="toolbar">
                <button type="button" data-testid="hub-enrol" on:click=enrol>{move || lang.t(Msg::HubEnrol)}</button>
            </div>
            {move || enrol_problem.get().map(|m| view! { <p class="problems error" role="alert" data-testid="hub-enrol-error">{m}</p> })}
            {move || enrolled.get().then(|| view! { <p class="save-status ok" data-testid="hub-enrolled">{lang.t(Msg::HubEnrolled)}</p> })}
        </section>
    }
}
