//! Nhập danh sách hộ: a commune's household list (.xlsx, .xls, .ods, .csv) into draft survey
//! records (issue 21, "In"), at `/ho-gia-dinh/nhap`.
//!
//! Contract:
//! - Three steps on one page: the file (with the commune, the survey date and the template to
//!   download), the column mapping (guessed, or the one confirmed last time for the same
//!   header row), and the preview with its confirm button. Nothing is written until the user
//!   confirms; then the new drafts and the updates are saved, the mapping is remembered, and
//!   what could not be saved is listed by row.
//! - The reader (calamine, csv) and the preview run in this page's lazy chunk; the template
//!   writer is shared with the office files' chunk. Messages are kept here, not in the first
//!   load's catalog.
//! - State is one context (`ListImportCtx`, `use_list_import`) of fine signals shared by the
//!   step components.

use std::sync::Arc;

use ansinh_core::domain::survey::Household;
use ansinh_core::i18n::{Lang, Text};
use ansinh_core::views::list_import::{preview, ImportContext, Mapping, Preview, Table};
use chrono::{Local, NaiveDate};
use leptos::prelude::*;
use uuid::Uuid;

use crate::components::household_list::org_units;
use crate::components::list_file::ListFile;
use crate::components::list_mapping::ListMapping;
use crate::components::list_preview::ListPreview;
use crate::context::{use_lang, use_store, Part};

/// What the saving of a confirmed preview did.
#[derive(Debug, Clone, PartialEq)]
pub struct SaveOutcome {
    pub new: usize,
    pub updated: usize,
    /// Sheet rows not saved, and why.
    pub failed: Vec<(usize, Text)>,
}

/// The import's state, shared by its steps.
#[derive(Debug, Clone, Copy)]
pub struct ListImportCtx {
    pub file_name: RwSignal<Option<String>>,
    pub table: RwSignal<Option<Arc<Table>>>,
    pub mapping: RwSignal<Option<Mapping>>,
    pub commune: RwSignal<String>,
    pub survey_date: RwSignal<NaiveDate>,
    /// The village of every row when no column gives it.
    pub default_village: RwSignal<Option<String>>,
    /// Why the file could not be read.
    pub read_error: RwSignal<Option<Text>>,
    pub saved: RwSignal<Option<SaveOutcome>>,
    /// A confirmed import is being saved (the button waits).
    pub saving: RwSignal<bool>,
    /// What confirming would do (recomputed when the file, mapping, commune, date or the
    /// stored households change).
    pub preview: Memo<Option<Arc<Preview>>>,
}

pub fn use_list_import() -> ListImportCtx {
    expect_context::<ListImportCtx>()
}

/// `text` in the current language, reactive.
pub fn say(lang: crate::context::LangCtx, text: Text) -> impl Fn() -> String {
    move || text.get(lang.0.get()).to_owned()
}

/// Both languages of a message kept in this chunk.
pub fn tx(vi: &str, en: &str) -> Text {
    Text::new(vi, en)
}

#[component]
pub fn ListImportPage() -> impl IntoView {
    let lang = use_lang();
    let store = use_store();
    let first_commune = org_units().communes().first().map(|u| u.id.clone()).unwrap_or_default();
    let file_name = RwSignal::new(None);
    let table = RwSignal::new(None::<Arc<Table>>);
    let mapping = RwSignal::new(None::<Mapping>);
    let commune = RwSignal::new(first_commune);
    let survey_date = RwSignal::new(Local::now().date_naive());
    let default_village = RwSignal::new(None::<String>);
    let preview = Memo::new(move |_| {
        let table = table.get()?;
        let map = mapping.get()?;
        map.check().ok()?;
        let units = org_units();
        let ctx = ImportContext {
            commune_id: commune.get(),
            default_village: default_village.get(),
            survey_date: survey_date.get(),
            now: chrono::Utc::now(),
            units: &units,
        };
        store
            .read(&[Part::Households], |s| {
                preview(&table, &map, &ctx, s.live::<Household>().map(|st| (&st.record, st.rev)), Uuid::new_v4)
            })
            .map(Arc::new)
    });
    provide_context(ListImportCtx {
        file_name,
        table,
        mapping,
        commune,
        survey_date,
        default_village,
        read_error: RwSignal::new(None),
        saved: RwSignal::new(None),
        saving: RwSignal::new(false),
        preview,
    });
    let title = say(lang, tx("Nhập danh sách hộ từ tệp Excel", "Import a household list from Excel"));
    let intro = say(
        lang,
        tx(
            "Mỗi dòng của danh sách (hộ nghèo, hộ cận nghèo hoặc danh sách hộ của thôn) thành một phiếu nháp, \
             chủ hộ là nhân khẩu đầu tiên. Chưa có gì được lưu cho đến khi bạn xem trước và bấm Lưu. \
             Nhập lại cùng danh sách không tạo hộ trùng.",
            "Each row of the list (poor and near-poor households, or a village's household list) becomes a draft \
             form with the head as its first member. Nothing is saved until you review the preview and press Save. \
             Importing the same list again creates no duplicate.",
        ),
    );
    let back = say(lang, tx("← Danh sách hộ", "← Households"));
    view! {
        <section class="households list-import" data-testid="list-import">
            <h2>{title}</h2>
            <p><a href="/ho-gia-dinh" data-testid="list-back">{back}</a></p>
            <p class="hint">{intro}</p>
            <ListFile/>
            <ListMapping/>
            <ListPreview/>
        </section>
    }
}

/// A language-independent label for a column: its letters and header text.
pub fn column_label(table: &Table, header_row: usize, col: usize, lang: Lang) -> String {
    let header = table.cell(header_row, col).text();
    let prefix = match lang {
        Lang::Vi => "Cột",
        Lang::En => "Column",
    };
    let letters = ansinh_core::views::list_import::column_letters(col);
    if header.is_empty() {
        format!("{prefix} {letters}")
    } else {
        format!("{prefix} {letters}: {header}")
    }
}
