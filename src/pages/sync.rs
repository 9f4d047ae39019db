//! Đồng bộ (sync): this device's id, "Xuất tệp" (export a bundle), "Nhập tệp" (import one),
//! the records in conflict, what is stored and its safety (space, persistence, records not yet
//! exported), and entries that could not be read.

use ansinh_core::i18n::Msg;
use leptos::prelude::*;

use crate::components::t::T;
use crate::components::{
    bad_entries::BadEntries, conflict_list::ConflictList, district_key::DistrictKey, export_panel::ExportPanel,
    import_panel::ImportPanel, outbox_list::OutboxList, storage_status::StorageStatus, upload_settings::UploadSettings,
};
use crate::components::{district_view::DistrictView, pull_status::PullStatus};
use crate::context::use_lang;
use crate::storage::device_id;

#[component]
pub fn SyncPage() -> impl IntoView {
    let lang = use_lang();
    crate::components::district_key::provide_district_key();
    // Made at start (`App`); read here so the user can tell tablets apart in the files.
    let device = device_id().unwrap_or_else(|e| e.to_string());
    view! {
        <section class="sync">
            <h2>{move || lang.t(Msg::NavSync)}</h2>
            <p>
                <T m=Msg::DeviceId/>": "<code data-testid="device-id">{device}</code>
            </p>
            <ConflictList/>
            <ExportPanel/>
            <ImportPanel/>
            <DistrictKey/>
            <StorageStatus/>
            <UploadSettings/>
            <PullStatus/>
            <crate::components::lock_settings::LockSettings/>
            <OutboxList/>
            <DistrictView/>
            <BadEntries/>
        </section>
    }
}
