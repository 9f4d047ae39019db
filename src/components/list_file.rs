//! Step 1 of the list import: the commune, the survey date of the drafts, the template to
//! download, and the file. Reading the file guesses the mapping, or takes the one the user
//! confirmed before for a list with the same header row (`storage::list_layouts_key`).

use std::sync::Arc;

use ansinh_core::views::list_import::{guess_mapping, layout_signature};
use leptos::prelude::*;
use wasm_bindgen_futures::JsFuture;

use crate::components::form_ctx::{iso_date, parse_iso_date};
use crate::components::household_list::org_units;
use crate::context::use_lang;
use crate::office::{download_bytes, MIME_XLSX};
use crate::pages::list_import::{say, tx, use_list_import};
use crate::storage;

/// The template's file name: says what it is, nothing about anyone.
const TEMPLATE_NAME: &str = "mau-danh-sach-ho.xlsx";

#[component]
pub fn ListFile() -> impl IntoView {
    let lang = use_lang();
    let ctx = use_list_import();
    let template_error = RwSignal::new(None::<ansinh_core::i18n::Text>);
    let on_pick = move |ev: leptos::ev::Event| {
        let input: web_sys::HtmlInputElement = event_target(&ev);
        let Some(file) = input.files().and_then(|f| f.get(0)) else { return };
        input.set_value("");
        let name = file.name();
        ctx.saved.set(None);
        ctx.read_error.set(None);
        leptos::task::spawn_local(async move {
            let bytes = JsFuture::from(file.array_buffer()).await.ok().map(|b| js_sys::Uint8Array::new(&b).to_vec());
            let Some(bytes) = bytes else {
                ctx.read_error.set(Some(tx(
                    "Không đọc được tệp. Hãy chọn lại tệp.",
                    "The file could not be read. Choose it again.",
                )));
                return;
            };
            match ansinh_office::sheet::read(&name, &bytes) {
                Ok(table) => {
                    let guessed = guess_mapping(&table);
                    let remembered = storage::get(&storage::list_layouts_key()).ok().flatten().and_then(|m| {
                        // The remembered header row is checked first: titles above it may differ.
                        m.into_iter().find_map(|(sig, map)| {
                            (layout_signature(&table.headers(map.header_row)) == sig).then_some(map)
                        })
                    });
                    ctx.mapping.set(Some(remembered.unwrap_or(guessed)));
                    ctx.table.set(Some(Arc::new(table)));
                    ctx.file_name.set(Some(name));
                }
                Err(e) => {
                    ctx.table.set(None);
                    ctx.mapping.set(None);
                    ctx.read_error.set(Some(match e {
                        ansinh_office::sheet::ReadError::Empty => tx(
                            "Tệp không có dòng nào. Hãy chọn tệp danh sách có dữ liệu.",
                            "The file has no rows. Choose a list with data.",
                        ),
                        _ => tx(
                            "Đây không phải tệp bảng tính đọc được (.xlsx, .xls, .ods hoặc .csv). Hãy lưu danh sách \
                             bằng Excel dưới dạng .xlsx rồi chọn lại.",
                            "This is not a spreadsheet the app can read (.xlsx, .xls, .ods or .csv). Save the list \
                             from Excel as .xlsx and choose it again.",
                        ),
                    }));
                }
            }
        });
    };
    let download_template = move |_| match ansinh_office::sheet::template() {
        Ok(bytes) => template_error.set(download_bytes(TEMPLATE_NAME, &bytes, MIME_XLSX).err().map(|e| e.message())),
        Err(_) => template_error
            .set(Some(tx("Không tạo được tệp mẫu. Hãy thử lại.", "The template could not be made. Try again."))),
    };
    let communes = move || {
        org_units()
            .communes()
            .into_iter()
            .map(|u| {
                let id = u.id.clone();
                let selected = id == ctx.commune.get_untracked();
                view! { <option value=id selected=selected>{u.name.get(lang.0.get()).to_owned()}</option> }
            })
            .collect_view()
    };
    view! {
        <div class="panel" data-testid="list-file-step">
            <h3>{say(lang, tx("1. Chọn tệp danh sách", "1. Choose the list file"))}</h3>
            <div class="field-row">
                <label class="field">
                    <span>{say(lang, tx("Xã, thị trấn của danh sách", "The list's commune"))}</span>
                    <select
                        data-testid="list-commune"
                        on:change=move |ev| {
                            ctx.commune.set(event_target_value(&ev));
                            ctx.default_village.set(None);
                        }
                    >
                        {communes}
                    </select>
                </label>
                <label class="field">
                    <span>{say(lang, tx("Ngày khảo sát ghi cho các phiếu nháp", "Survey date of the drafts"))}</span>
                    <input
                        type="date"
                        data-testid="list-date"
                        prop:value=move || iso_date(ctx.survey_date.get())
                        on:change=move |ev| {
                            if let Some(d) = parse_iso_date(&event_target_value(&ev)) {
                                ctx.survey_date.set(d);
                            }
                        }
                    />
                </label>
            </div>
            <p>
                <button type="button" data-testid="list-template" on:click=download_template>
                    {say(lang, tx("Tải tệp mẫu (.xlsx)", "Download the template (.xlsx)"))}
                </button>
                " "
                <span class="hint">{say(lang, tx(
                    "Tệp mẫu có sẵn các cột với tiêu đề tiếng Việt; danh sách có sẵn của xã cũng nhập được.",
                    "The template has the columns with Vietnamese headers; the commune's own list can be imported as it is.",
                ))}</span>
            </p>
            {move || template_error.get().map(|e| view! { <p class="callout warning" role="alert">{say(lang, e)}</p> })}
            <label class="field">
                <span>{say(lang, tx("Tệp danh sách hộ (.xlsx, .xls, .ods, .csv)", "Household list file (.xlsx, .xls, .ods, .csv)"))}</span>
                <input
                    type="file"
                    accept=".xlsx,.xls,.ods,.csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet,text/csv"
                    data-testid="list-file"
                    on:change=on_pick
                />
            </label>
            {move || ctx.read_error.get().map(|t| view! {
                <p class="callout warning" role="alert" data-testid="list-read-error">{say(lang, t)}</p>
            })}
            {move || ctx.file_name.get().zip(ctx.table.get()).map(|(name, table)| {
                let rows = table.rows.len();
                view! {
                    <p data-testid="list-file-read">
                        {move || match lang.0.get() {
                            ansinh_core::i18n::Lang::Vi => format!("Đã đọc tệp {name}: {rows} dòng."),
                            ansinh_core::i18n::Lang::En => format!("Read {name}: {rows} rows."),
                        }}
                    </p>
                }
            })}
        </div>
    }
}
