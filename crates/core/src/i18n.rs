//! Languages and bilingual text.
//!
//! Contract: Vietnamese is the default language of the product; English is the second.
//! Every user-facing message exists in both languages (`Text`), so a view or the CLI can
//! pick one at render time without a lookup that can fail.

use serde::{Deserialize, Serialize};

/// A language the product speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    /// Tiếng Việt — the default.
    #[default]
    Vi,
    /// English.
    En,
}

impl Lang {
    /// BCP 47 tag, as used in `<html lang>` and in stored settings.
    pub fn code(self) -> &'static str {
        match self {
            Lang::Vi => "vi",
            Lang::En => "en",
        }
    }

    /// Parses a stored code; unknown codes give `None` so the caller can fall back.
    pub fn from_code(code: &str) -> Option<Lang> {
        match code.trim().to_ascii_lowercase().as_str() {
            "vi" => Some(Lang::Vi),
            "en" => Some(Lang::En),
            _ => None,
        }
    }
}

/// A piece of text in both languages.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Text {
    pub vi: String,
    pub en: String,
}

impl Text {
    pub fn new(vi: impl Into<String>, en: impl Into<String>) -> Self {
        Text { vi: vi.into(), en: en.into() }
    }

    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::Vi => &self.vi,
            Lang::En => &self.en,
        }
    }
}

/// The app shell's message catalog: one key per user-facing string, both languages.
///
/// Why a closed enum rather than string keys: a missing translation is a compile error, and
/// the catalog test below checks every key in both languages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Msg {
    AppName,
    AppTagline,
    NavOverview,
    NavHouseholds,
    NavIndicators,
    NavReports,
    NavSync,
    NavPlan,
    NavLabel,
    SwitchLanguage,
    SwitchLanguageLabel,
    NotBuiltTitle,
    NotBuiltBody,
    PlannedHere,
    OverviewIntro,
    OverviewDeadlineNote,
    HouseholdsPlanned,
    IndicatorsPlanned,
    ReportsPlanned,
    SyncPlanned,
    PlanPlanned,
    NotFoundTitle,
    NotFoundBody,
    BackHome,
    StorageUnavailable,
    StorageQuotaExceeded,
    StorageCorrupt,
    StorageSerialize,
    StorageOther,
    SettingNotSaved,
    Dismiss,
    PlanSearchLabel,
    PlanSearchHint,
    PlanFilterAgency,
    PlanAllAgencies,
    PlanGeneralGoal,
    PlanVision,
    PlanIndicators,
    PlanTasks,
    PlanOrganisation,
    PlanDeadlines,
    PlanLead,
    PlanCoordinating,
    PlanImplementers,
    PlanLinkedIndicators,
    PlanLinkedTasks,
    PlanIndicatorName,
    PlanTarget,
    PlanNoMatch,
    PlanMatchCount,
    PlanImplements,
    PlanLoadError,
    NextDeadline,
    DaysLeft,
    DueToday,
    DeadlineBefore,
    DeadlinePassed,
    ChangedElsewhere,
    ReloadedNewer,
    LoadNewer,
    KeepMine,
    DeletedElsewhere,
    RecordNotFound,
    StoreReadOnly,
    SavedAt,
    Saving,
    NotSaved,
    AddHousehold,
    NoHouseholds,
    ColHead,
    ColCommune,
    ColVillage,
    ColSurveyDate,
    ColStatus,
    ColActions,
    Edit,
    Delete,
    ConfirmDelete,
    Cancel,
    HouseholdDeleted,
    Undo,
    Unnamed,
    HouseholdForm,
    BackToList,
    FieldCommune,
    FieldVillage,
    FieldSurveyDate,
    Members,
    AddMember,
    RemoveMember,
    MemberName,
    MemberSex,
    Male,
    Female,
    MemberBirth,
    MemberRelation,
    StorageTitle,
    StorageUsed,
    StorageOfAbout,
    Persisted,
    NotPersisted,
    PersistUnknown,
    Unexported,
    LastExport,
    NeverExported,
    ClearWarning,
    ExportNow,
    ExportFailed,
    BadEntriesTitle,
    BadEntriesIntro,
    BadCorrupt,
    BadForeign,
    ExportRaw,
    RemoveEntry,
    BadEntriesNotice,
    Migrated,
    ExportNotRecorded,
    DashNoData,
    DashLoadDemo,
    DashDemoBanner,
    DashClearDemo,
    DashOrgUnit,
    DashYear,
    DashStatus,
    DashAllStatuses,
    DashValue,
    DashNumDen,
    DashExcluded,
    DashExcludedTitle,
    DashExcludedShow,
    DashHousehold,
    DashPerson,
    DashReason,
    DashCompare,
    DashCompareIndicator,
    DashTargetLine,
    DashProgress,
    DashProgressOneYear,
    DashNoRows,
    DashEngineError,
    DashHouseholdsUsed,
    DashNoChart,
    DashMore,
    Online,
    Offline,
    UpdateReady,
    UpdateKeepsData,
}

impl Msg {
    /// Every key, for exhaustive tests and tooling.
    pub const ALL: &'static [Msg] = &[
        Msg::AppName,
        Msg::AppTagline,
        Msg::NavOverview,
        Msg::NavHouseholds,
        Msg::NavIndicators,
        Msg::NavReports,
        Msg::NavSync,
        Msg::NavPlan,
        Msg::NavLabel,
        Msg::SwitchLanguage,
        Msg::SwitchLanguageLabel,
        Msg::NotBuiltTitle,
        Msg::NotBuiltBody,
        Msg::PlannedHere,
        Msg::OverviewIntro,
        Msg::OverviewDeadlineNote,
        Msg::HouseholdsPlanned,
        Msg::IndicatorsPlanned,
        Msg::ReportsPlanned,
        Msg::SyncPlanned,
        Msg::PlanPlanned,
        Msg::NotFoundTitle,
        Msg::NotFoundBody,
        Msg::BackHome,
        Msg::StorageUnavailable,
        Msg::StorageQuotaExceeded,
        Msg::StorageCorrupt,
        Msg::StorageSerialize,
        Msg::StorageOther,
        Msg::SettingNotSaved,
        Msg::Dismiss,
        Msg::PlanSearchLabel,
        Msg::PlanSearchHint,
        Msg::PlanFilterAgency,
        Msg::PlanAllAgencies,
        Msg::PlanGeneralGoal,
        Msg::PlanVision,
        Msg::PlanIndicators,
        Msg::PlanTasks,
        Msg::PlanOrganisation,
        Msg::PlanDeadlines,
        Msg::PlanLead,
        Msg::PlanCoordinating,
        Msg::PlanImplementers,
        Msg::PlanLinkedIndicators,
        Msg::PlanLinkedTasks,
        Msg::PlanIndicatorName,
        Msg::PlanTarget,
        Msg::PlanNoMatch,
        Msg::PlanMatchCount,
        Msg::PlanImplements,
        Msg::PlanLoadError,
        Msg::NextDeadline,
        Msg::DaysLeft,
        Msg::DueToday,
        Msg::DeadlineBefore,
        Msg::DeadlinePassed,
        Msg::ChangedElsewhere,
        Msg::ReloadedNewer,
        Msg::LoadNewer,
        Msg::KeepMine,
        Msg::DeletedElsewhere,
        Msg::RecordNotFound,
        Msg::StoreReadOnly,
        Msg::SavedAt,
        Msg::Saving,
        Msg::NotSaved,
        Msg::AddHousehold,
        Msg::NoHouseholds,
        Msg::ColHead,
        Msg::ColCommune,
        Msg::ColVillage,
        Msg::ColSurveyDate,
        Msg::ColStatus,
        Msg::ColActions,
        Msg::Edit,
        Msg::Delete,
        Msg::ConfirmDelete,
        Msg::Cancel,
        Msg::HouseholdDeleted,
        Msg::Undo,
        Msg::Unnamed,
        Msg::HouseholdForm,
        Msg::BackToList,
        Msg::FieldCommune,
        Msg::FieldVillage,
        Msg::FieldSurveyDate,
        Msg::Members,
        Msg::AddMember,
        Msg::RemoveMember,
        Msg::MemberName,
        Msg::MemberSex,
        Msg::Male,
        Msg::Female,
        Msg::MemberBirth,
        Msg::MemberRelation,
        Msg::StorageTitle,
        Msg::StorageUsed,
        Msg::StorageOfAbout,
        Msg::Persisted,
        Msg::NotPersisted,
        Msg::PersistUnknown,
        Msg::Unexported,
        Msg::LastExport,
        Msg::NeverExported,
        Msg::ClearWarning,
        Msg::ExportNow,
        Msg::ExportFailed,
        Msg::BadEntriesTitle,
        Msg::BadEntriesIntro,
        Msg::BadCorrupt,
        Msg::BadForeign,
        Msg::ExportRaw,
        Msg::RemoveEntry,
        Msg::BadEntriesNotice,
        Msg::Migrated,
        Msg::ExportNotRecorded,
        Msg::DashNoData,
        Msg::DashLoadDemo,
        Msg::DashDemoBanner,
        Msg::DashClearDemo,
        Msg::DashOrgUnit,
        Msg::DashYear,
        Msg::DashStatus,
        Msg::DashAllStatuses,
        Msg::DashValue,
        Msg::DashNumDen,
        Msg::DashExcluded,
        Msg::DashExcludedTitle,
        Msg::DashExcludedShow,
        Msg::DashHousehold,
        Msg::DashPerson,
        Msg::DashReason,
        Msg::DashCompare,
        Msg::DashCompareIndicator,
        Msg::DashTargetLine,
        Msg::DashProgress,
        Msg::DashProgressOneYear,
        Msg::DashNoRows,
        Msg::DashEngineError,
        Msg::DashHouseholdsUsed,
        Msg::DashNoChart,
        Msg::DashMore,
        Msg::Online,
        Msg::Offline,
        Msg::UpdateReady,
        Msg::UpdateKeepsData,
    ];

    /// The text of this key in `lang`.
    pub fn text(self, lang: Lang) -> &'static str {
        let (vi, en) = self.pair();
        match lang {
            Lang::Vi => vi,
            Lang::En => en,
        }
    }

    fn pair(self) -> (&'static str, &'static str) {
        match self {
            Msg::AppName => (
                "An Sinh — Kế hoạch chính sách xã hội huyện Kon Rẫy",
                "An Sinh — Kon Rẫy district social policy plan",
            ),
            Msg::AppTagline => (
                "Theo dõi thực hiện Kế hoạch đến năm 2030, kể cả khi không có mạng.",
                "Monitoring the plan to 2030, with or without a connection.",
            ),
            Msg::NavOverview => ("Tổng quan", "Overview"),
            Msg::NavHouseholds => ("Hộ gia đình", "Households"),
            Msg::NavIndicators => ("Chỉ tiêu", "Indicators"),
            Msg::NavReports => ("Báo cáo", "Reports"),
            Msg::NavSync => ("Đồng bộ", "Sync"),
            Msg::NavPlan => ("Kế hoạch", "Plan"),
            Msg::NavLabel => ("Điều hướng chính", "Main navigation"),
            Msg::SwitchLanguage => ("English", "Tiếng Việt"),
            Msg::SwitchLanguageLabel => ("Chuyển sang tiếng Anh", "Switch to Vietnamese"),
            Msg::NotBuiltTitle => ("Trang này chưa được xây dựng", "This page is not built yet"),
            Msg::NotBuiltBody => (
                "Chức năng này sẽ có trong phiên bản sau. Hiện chưa có dữ liệu nào được hiển thị ở đây.",
                "This feature comes in a later version. Nothing is shown here yet.",
            ),
            Msg::PlannedHere => ("Sẽ có ở đây:", "What will be here:"),
            Msg::OverviewIntro => (
                "Ứng dụng giúp cán bộ xã, thị trấn và huyện khảo sát hộ gia đình, theo dõi các chỉ tiêu đến năm 2030 và lập báo cáo hằng năm — hoạt động cả khi không có mạng.",
                "The app helps commune, town and district officials survey households, follow the 2030 indicators and draft the yearly report — it works without a connection.",
            ),
            Msg::OverviewDeadlineNote => (
                "Báo cáo hằng năm gửi UBND huyện (qua Phòng LĐ-TB&XH) trước ngày 05 tháng 12.",
                "The yearly report goes to the district People's Committee (via Phòng LĐ-TB&XH) before 5 December.",
            ),
            Msg::HouseholdsPlanned => (
                "Phiếu khảo sát hộ gia đình và nhân khẩu, kiểm tra dữ liệu, tự động lưu; danh sách hộ có tìm kiếm và lọc.",
                "Household and member survey forms with validation and autosave; a searchable, filterable household list.",
            ),
            Msg::IndicatorsPlanned => (
                "Giá trị của từng chỉ tiêu theo thôn, xã và huyện, so với mục tiêu năm 2030.",
                "Every indicator per village, commune and district, against the 2030 targets.",
            ),
            Msg::ReportsPlanned => (
                "Dự thảo báo cáo hằng năm điền sẵn số liệu, in theo thể thức văn bản hành chính.",
                "Yearly report drafts filled from live figures, printable in the official layout.",
            ),
            Msg::SyncPlanned => (
                "Xuất, nhập tệp JSON và gửi dữ liệu lên huyện khi có mạng.",
                "Export and import JSON bundles, and upload to the district once online.",
            ),
            Msg::PlanPlanned => (
                "Nội dung Kế hoạch: mục tiêu, chỉ tiêu, nhiệm vụ, cơ quan chủ trì và phối hợp, thời hạn.",
                "The plan itself: goals, indicators, tasks, lead and coordinating agencies, deadlines.",
            ),
            Msg::NotFoundTitle => ("Không tìm thấy trang", "Page not found"),
            Msg::NotFoundBody => (
                "Địa chỉ này không có trong ứng dụng.",
                "This address is not part of the app.",
            ),
            Msg::BackHome => ("Về trang Tổng quan", "Back to the overview"),
            Msg::StorageUnavailable => (
                "Trình duyệt không cho phép lưu dữ liệu trên máy. Hãy tắt chế độ ẩn danh hoặc cho phép lưu trữ, rồi tải lại trang.",
                "The browser does not allow saving data on this device. Turn off private mode or allow storage, then reload.",
            ),
            Msg::StorageQuotaExceeded => (
                "Bộ nhớ của trình duyệt đã đầy, chưa lưu được thay đổi mới nhất. Dữ liệu đã lưu trước đó vẫn còn. Hãy xuất dữ liệu ngay (trang Đồng bộ) rồi xóa bớt dữ liệu đã gửi.",
                "The browser's storage is full; the latest change was not saved. Earlier saved data is intact. Export your data now (Sync page), then remove data already sent.",
            ),
            Msg::StorageCorrupt => (
                "Một mục dữ liệu trên máy bị hỏng hoặc không đọc được. Các dữ liệu khác vẫn dùng được.",
                "A stored entry is damaged or unreadable. The rest of the data is still usable.",
            ),
            Msg::StorageSerialize => (
                "Không chuyển được dữ liệu sang dạng lưu trữ. Hãy báo cho cán bộ kỹ thuật.",
                "The data could not be encoded for storage. Please tell the technical staff.",
            ),
            Msg::StorageOther => (
                "Trình duyệt báo lỗi khi lưu dữ liệu. Hãy thử lại; nếu vẫn lỗi, xuất dữ liệu ra tệp.",
                "The browser reported an error while saving. Try again; if it persists, export your data to a file.",
            ),
            Msg::SettingNotSaved => (
                "Chưa lưu được lựa chọn ngôn ngữ:",
                "The language choice was not saved:",
            ),
            Msg::Dismiss => ("Đóng", "Dismiss"),
            Msg::PlanSearchLabel => ("Tìm trong kế hoạch", "Search the plan"),
            Msg::PlanSearchHint => ("Ví dụ: bảo hiểm, nước sạch, thất nghiệp", "For example: insurance, clean water, unemployment"),
            Msg::PlanFilterAgency => ("Cơ quan chủ trì", "Lead agency"),
            Msg::PlanAllAgencies => ("Tất cả", "All"),
            Msg::PlanGeneralGoal => ("Mục tiêu tổng quát", "General goal"),
            Msg::PlanVision => ("Tầm nhìn đến năm 2045", "Vision to 2045"),
            Msg::PlanIndicators => ("Chỉ tiêu chủ yếu đến năm 2030", "Main indicators to 2030"),
            Msg::PlanTasks => ("Nhiệm vụ, giải pháp; phân công thực hiện", "Tasks and solutions; assignments"),
            Msg::PlanOrganisation => ("Tổ chức thực hiện", "Implementation"),
            Msg::PlanDeadlines => ("Thời hạn", "Deadlines"),
            Msg::PlanLead => ("Chủ trì", "Lead"),
            Msg::PlanCoordinating => ("Phối hợp", "Coordinating"),
            Msg::PlanImplementers => ("Thực hiện", "Implementers"),
            Msg::PlanLinkedIndicators => ("Chỉ tiêu liên quan", "Related indicators"),
            Msg::PlanLinkedTasks => ("Nhiệm vụ", "Tasks"),
            Msg::PlanIndicatorName => ("Chỉ tiêu", "Indicator"),
            Msg::PlanTarget => ("Mục tiêu 2030", "2030 target"),
            Msg::PlanNoMatch => ("Không có chỉ tiêu hay nhiệm vụ nào khớp với tìm kiếm.", "No indicator or task matches the search."),
            Msg::PlanMatchCount => ("Kết quả", "Results"),
            Msg::PlanImplements => ("Thực hiện các văn bản", "Implements"),
            Msg::PlanLoadError => ("Không đọc được dữ liệu Kế hoạch. Ứng dụng chưa thể tính chỉ tiêu. Hãy báo cho cán bộ kỹ thuật các lỗi sau:", "The plan data could not be read. The app cannot compute indicators yet. Please report these problems to the technical staff:"),
            Msg::NextDeadline => ("Hạn tiếp theo", "Next deadline"),
            Msg::DaysLeft => ("còn {n} ngày", "{n} days left"),
            Msg::DueToday => ("hạn chót là hôm nay", "due today"),
            Msg::DeadlineBefore => ("trước ngày", "before"),
            Msg::DeadlinePassed => ("đã qua", "passed"),
            Msg::ChangedElsewhere => ("Bản ghi đã được sửa ở thẻ khác.", "This record was changed in another tab."),
            Msg::ReloadedNewer => ("Đã tải bản mới nhất từ thẻ kia.", "The newest version from the other tab is loaded."),
            Msg::LoadNewer => ("Tải bản mới (bỏ thay đổi của tôi)", "Load the newer version (drop my change)"),
            Msg::KeepMine => ("Giữ bản của tôi (ghi đè bản kia)", "Keep mine (overwrite the other)"),
            Msg::DeletedElsewhere => ("Hộ này đã bị xóa ở thẻ khác; thay đổi mới chưa được lưu.", "This household was deleted in another tab; the latest change is not saved."),
            Msg::RecordNotFound => ("Không tìm thấy bản ghi này trên máy.", "This record is not on this device."),
            Msg::StoreReadOnly => ("Dữ liệu trên máy do phiên bản mới hơn của ứng dụng lưu; phiên bản này chỉ xem, không ghi. Hãy mở ứng dụng khi có mạng để cập nhật.", "The data on this device was saved by a newer version of the app; this version only reads it. Open the app online to update."),
            Msg::SavedAt => ("Đã lưu lúc", "Saved at"),
            Msg::Saving => ("Đang lưu…", "Saving…"),
            Msg::NotSaved => ("Chưa lưu được:", "Not saved:"),
            Msg::AddHousehold => ("Thêm hộ", "Add household"),
            Msg::NoHouseholds => ("Chưa có hộ nào trên máy này. Bấm “Thêm hộ” để bắt đầu.", "No households on this device yet. Press “Add household” to start."),
            Msg::ColHead => ("Chủ hộ", "Head of household"),
            Msg::ColCommune => ("Xã, thị trấn", "Commune"),
            Msg::ColVillage => ("Thôn, tổ dân phố", "Village"),
            Msg::ColSurveyDate => ("Ngày khảo sát", "Survey date"),
            Msg::ColStatus => ("Trạng thái", "Status"),
            Msg::ColActions => ("Thao tác", "Actions"),
            Msg::Edit => ("Sửa", "Edit"),
            Msg::Delete => ("Xóa", "Delete"),
            Msg::ConfirmDelete => ("Xóa hộ này? Có thể hoàn tác cho đến lần xuất dữ liệu tiếp theo.", "Delete this household? It can be undone until the next export."),
            Msg::Cancel => ("Hủy", "Cancel"),
            Msg::HouseholdDeleted => ("Đã xóa hộ.", "Household deleted."),
            Msg::Undo => ("Hoàn tác", "Undo"),
            Msg::Unnamed => ("(chưa có tên)", "(no name yet)"),
            Msg::HouseholdForm => ("Phiếu hộ gia đình", "Household form"),
            Msg::BackToList => ("Về danh sách hộ", "Back to the list"),
            Msg::FieldCommune => ("Xã, thị trấn", "Commune or town"),
            Msg::FieldVillage => ("Thôn, tổ dân phố", "Village"),
            Msg::FieldSurveyDate => ("Ngày khảo sát", "Survey date"),
            Msg::Members => ("Nhân khẩu", "Members"),
            Msg::AddMember => ("Thêm nhân khẩu", "Add member"),
            Msg::RemoveMember => ("Bỏ nhân khẩu này", "Remove this member"),
            Msg::MemberName => ("Họ và tên", "Full name"),
            Msg::MemberSex => ("Giới tính", "Sex"),
            Msg::Male => ("Nam", "Male"),
            Msg::Female => ("Nữ", "Female"),
            Msg::MemberBirth => ("Ngày sinh", "Date of birth"),
            Msg::MemberRelation => ("Quan hệ với chủ hộ", "Relation to the head"),
            Msg::StorageTitle => ("Dữ liệu trên máy này", "Data on this device"),
            Msg::StorageUsed => ("Đã dùng", "Used"),
            Msg::StorageOfAbout => ("trên tổng khoảng", "of about"),
            Msg::Persisted => ("Trình duyệt đã đồng ý giữ dữ liệu lâu dài.", "The browser agreed to keep the data (persistent storage)."),
            Msg::NotPersisted => ("Trình duyệt chưa đồng ý giữ dữ liệu lâu dài: khi máy thiếu chỗ, dữ liệu có thể bị xóa.", "The browser did not agree to keep the data: it may be deleted when the device runs out of space."),
            Msg::PersistUnknown => ("Trình duyệt này không cho biết có giữ dữ liệu lâu dài hay không.", "This browser does not say whether it keeps the data."),
            Msg::Unexported => ("Số bản ghi chưa xuất:", "Records not yet exported:"),
            Msg::LastExport => ("Lần xuất gần nhất:", "Last export:"),
            Msg::NeverExported => ("chưa xuất lần nào", "never"),
            Msg::ClearWarning => ("Không xóa dữ liệu duyệt web (lịch sử, cookie, dữ liệu trang web) trên máy này: các bản ghi chưa xuất sẽ mất vĩnh viễn.", "Do not clear this browser's data (history, cookies, site data): records not yet exported would be lost for good."),
            Msg::ExportNow => ("Xuất dữ liệu ngay", "Export data now"),
            Msg::ExportFailed => ("Chưa xuất được dữ liệu:", "The data was not exported:"),
            Msg::BadEntriesTitle => ("Mục dữ liệu không đọc được", "Entries that could not be read"),
            Msg::BadEntriesIntro => ("Các mục này bị bỏ qua; mọi dữ liệu khác vẫn dùng bình thường. Hãy xuất nguyên dạng để gửi cán bộ kỹ thuật trước khi xóa.", "These entries are skipped; all other data works normally. Export them as they are for the technical staff before removing them."),
            Msg::BadCorrupt => ("Bị hỏng", "Damaged"),
            Msg::BadForeign => ("Không rõ phiên bản", "Unknown version"),
            Msg::ExportRaw => ("Xuất nguyên dạng", "Export as is"),
            Msg::RemoveEntry => ("Xóa mục này", "Remove this entry"),
            Msg::BadEntriesNotice => ("Có mục dữ liệu trên máy không đọc được; xem trang Đồng bộ.", "Some stored entries could not be read; see the Sync page."),
            Msg::Migrated => ("Dữ liệu cũ đã được chuyển sang định dạng mới.", "Older data was converted to the new format."),
            Msg::ExportNotRecorded => (
                "Đã tải tệp xuất về máy, nhưng chưa ghi nhận được lần xuất vì bộ nhớ đầy: số bản ghi chưa xuất chưa thay đổi. Hãy giữ tệp này.",
                "The export file was downloaded, but the export could not be recorded because storage is full: the count of records not yet exported is unchanged. Keep this file.",
            ),
            Msg::DashNoData => ("Chưa có số liệu khảo sát nào cho bảng chỉ tiêu. Số liệu sẽ có ở đây khi các hộ gia đình được khảo sát (trang Hộ gia đình) hoặc được nhập từ tệp (trang Đồng bộ). Muốn xem thử, hãy tải dữ liệu mẫu.", "There is no survey data for the indicators yet. Figures appear here once households are surveyed (Households page) or imported from a file (Sync page). To try the page, load the sample data."),
            Msg::DashLoadDemo => ("Tải dữ liệu mẫu (demo)", "Load sample data (demo)"),
            Msg::DashDemoBanner => ("Đang xem dữ liệu mẫu — không phải số liệu thật", "Showing sample data — not real figures"),
            Msg::DashClearDemo => ("Xóa dữ liệu mẫu", "Remove sample data"),
            Msg::DashOrgUnit => ("Đơn vị", "Unit"),
            Msg::DashYear => ("Năm", "Year"),
            Msg::DashStatus => ("Trạng thái", "Status"),
            Msg::DashAllStatuses => ("Tất cả trạng thái", "All statuses"),
            Msg::DashValue => ("Giá trị", "Value"),
            Msg::DashNumDen => ("Tử số / mẫu số", "Numerator / denominator"),
            Msg::DashExcluded => ("Bị loại", "Excluded"),
            Msg::DashExcludedTitle => ("Bản ghi bị loại khỏi chỉ tiêu", "Records left out of the indicator"),
            Msg::DashExcludedShow => ("Xem các bản ghi bị loại", "Show the excluded records"),
            Msg::DashHousehold => ("Hộ (chủ hộ)", "Household (head)"),
            Msg::DashPerson => ("Nhân khẩu", "Person"),
            Msg::DashReason => ("Lý do", "Reason"),
            Msg::DashCompare => ("So sánh giữa các xã, thị trấn", "Comparison across the communes and the town"),
            Msg::DashCompareIndicator => ("Chỉ tiêu để so sánh", "Indicator to compare"),
            Msg::DashTargetLine => ("mục tiêu", "target"),
            Msg::DashProgress => ("Tiến độ đến năm 2030", "Progress toward 2030"),
            Msg::DashProgressOneYear => ("Biểu đồ tiến độ sẽ có khi có số liệu từ hai năm trở lên.", "The progress chart appears once there are figures for two or more years."),
            Msg::DashNoRows => ("Không có chỉ tiêu nào khớp với bộ lọc.", "No indicator matches the filters."),
            Msg::DashEngineError => ("Không tính được chỉ tiêu:", "The indicators could not be computed:"),
            Msg::DashHouseholdsUsed => ("Số hộ được tính", "Households counted"),
            Msg::DashNoChart => ("Chỉ tiêu này được đánh giá đạt/chưa đạt, không vẽ thành biểu đồ.", "This indicator is judged yes/no and is not drawn as a chart."),
            Msg::DashMore => ("và {n} bản ghi khác", "and {n} more records"),
            Msg::Online => ("Trực tuyến", "Online"),
            Msg::Offline => ("Ngoại tuyến — dữ liệu vẫn được lưu trên máy", "Offline — data is still saved on this device"),
            Msg::UpdateReady => ("Có phiên bản mới — tải lại", "A new version is available — reload"),
            Msg::UpdateKeepsData => ("Dữ liệu đã lưu trên máy được giữ nguyên khi tải lại.", "Data saved on this device is kept when reloading."),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip_and_default_is_vietnamese() {
        assert_eq!(Lang::default(), Lang::Vi);
        for l in [Lang::Vi, Lang::En] {
            assert_eq!(Lang::from_code(l.code()), Some(l));
        }
        assert_eq!(Lang::from_code(" EN "), Some(Lang::En));
        assert_eq!(Lang::from_code("fr"), None);
    }

    #[test]
    fn text_picks_language() {
        let t = Text::new("Hộ gia đình", "Households");
        assert_eq!(t.get(Lang::Vi), "Hộ gia đình");
        assert_eq!(t.get(Lang::En), "Households");
    }

    #[test]
    fn catalog_is_complete_in_both_languages() {
        for &m in Msg::ALL {
            let (vi, en) = (m.text(Lang::Vi), m.text(Lang::En));
            assert!(!vi.trim().is_empty(), "{m:?} has no Vietnamese text");
            assert!(!en.trim().is_empty(), "{m:?} has no English text");
            assert_ne!(vi, en, "{m:?} is not translated");
        }
    }

    #[test]
    fn vietnamese_keeps_its_diacritics() {
        assert!(Msg::AppName.text(Lang::Vi).contains("Kế hoạch chính sách xã hội huyện Kon Rẫy"));
        assert_eq!(Msg::NavHouseholds.text(Lang::Vi), "Hộ gia đình");
        assert_eq!(Msg::NavIndicators.text(Lang::Vi), "Chỉ tiêu");
        assert_eq!(Msg::NavSync.text(Lang::Vi), "Đồng bộ");
    }
}
