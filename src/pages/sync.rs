//! Đồng bộ (sync): for now, what is stored on this device and its safety — space used,
//! persistence, records not yet exported, an export at once, and entries that could not be
//! read. Import and upload come with the bundle format.

use ansinh_core::i18n::Msg;
use leptos::prelude::*;

use crate::components::{
    bad_entries::BadEntries, outbox_list::OutboxList, storage_status::StorageStatus, upload_settings::UploadSettings,
};
use crate::context::use_lang;

#[component]
pub fn SyncPage() -> impl IntoView {
    let lang = use_lang();
    view! {
        <section class="sync">
            <h2>{move || lang.t(Msg::NavSync)}</h2>
            <StorageStatus/>
            <UploadSettings/>
            <OutboxList/>
            <BadEntries/>
            <p class="muted">{move || lang.t(Msg::PlannedHere)}" "{move || lang.t(Msg::SyncPlanned)}</p>
        </section>
    }
}
