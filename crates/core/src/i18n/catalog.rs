//! The message catalog: every `Msg` key with its Vietnamese and English texts, by the page or
//! part of the app that shows it. `Msg::ALL` lists every key for the catalog test.

use super::Msg;

// The keys keep the CamelCase names they had as enum variants (`Msg::AppName`).
#[allow(non_upper_case_globals)]
impl Msg {
    pub const AppName: Msg =
        Msg(&("An Sinh — Kế hoạch chính sách xã hội huyện Kon Rẫy", "An Sinh — Kon Rẫy district social policy plan"));
    pub const AppTagline: Msg = Msg(&(
        "Theo dõi thực hiện Kế hoạch đến năm 2030, kể cả khi không có mạng.",
        "Monitoring the plan to 2030, with or without a connection.",
    ));
    pub const NavOverview: Msg = Msg(&("Tổng quan", "Overview"));
    pub const NavHouseholds: Msg = Msg(&("Hộ gia đình", "Households"));
    pub const NavIndicators: Msg = Msg(&("Chỉ tiêu", "Indicators"));
    pub const NavReports: Msg = Msg(&("Báo cáo", "Reports"));
    pub const NavSync: Msg = Msg(&("Đồng bộ", "Sync"));
    pub const NavPlan: Msg = Msg(&("Kế hoạch", "Plan"));
    pub const NavLabel: Msg = Msg(&("Điều hướng chính", "Main navigation"));
    pub const SwitchLanguage: Msg = Msg(&("English", "Tiếng Việt"));
    pub const SwitchLanguageLabel: Msg = Msg(&("Chuyển sang tiếng Anh", "Switch to Vietnamese"));
    pub const OverviewIntro: Msg = Msg(&(
        "Ứng dụng giúp cán bộ xã, thị trấn và huyện khảo sát hộ gia đình, theo dõi các chỉ tiêu đến năm 2030 và lập báo cáo hằng năm — hoạt động cả khi không có mạng.",
        "The app helps commune, town and district officials survey households, follow the 2030 indicators and draft the yearly report — it works without a connection.",
    ));
    pub const OverviewDeadlineNote: Msg = Msg(&(
        "Báo cáo hằng năm gửi UBND huyện (qua Phòng LĐ-TB&XH) trước ngày 05 tháng 12.",
        "The yearly report goes to the district People's Committee (via Phòng LĐ-TB&XH) before 5 December.",
    ));
    pub const SkipToContent: Msg = Msg(&("Bỏ qua, đến nội dung chính", "Skip to the main content"));
    pub const OverviewSurvey: Msg = Msg(&("Khảo sát năm {y}", "Survey {y}"));
    pub const OverviewSurveyed: Msg = Msg(&("Hộ đã khảo sát", "Households surveyed"));
    pub const OverviewComplete: Msg = Msg(&("Hoàn thành", "Complete"));
    pub const OverviewDrafts: Msg = Msg(&("Phiếu nháp", "Drafts"));
    pub const OverviewDraftErrors: Msg = Msg(&("Phiếu nháp có lỗi", "Drafts with errors"));
    pub const OverviewNoVillage: Msg = Msg(&(
        "Chưa có hộ nào được khảo sát năm nay và chưa nhập số hộ dự kiến của thôn nào.",
        "No household surveyed this year and no village's expected number entered yet.",
    ));
    pub const OverviewLeaving: Msg = Msg(&("Dữ liệu chưa rời máy", "Data not yet off this tablet"));
    pub const OverviewNotExported: Msg = Msg(&("Bản ghi chưa xuất tệp", "Records not exported to a file"));
    pub const OverviewNotSent: Msg = Msg(&("Bản ghi chưa gửi lên huyện", "Records not sent to the district"));
    pub const OverviewConflicts: Msg = Msg(&("Xung đột chờ chọn", "Conflicts waiting"));
    pub const OverviewIndicators: Msg = Msg(&("Chỉ tiêu toàn huyện năm {y}", "District indicators {y}"));
    pub const OverviewIndicatorsLoading: Msg = Msg(&("Đang tính các chỉ tiêu…", "Computing the indicators…"));
    pub const OverviewNext: Msg = Msg(&("Việc nên làm tiếp", "Next step"));
    pub const ActionAddHousehold: Msg = Msg(&("Thêm hộ", "Add a household"));
    pub const ActionExport: Msg = Msg(&("Xuất dữ liệu", "Export the data"));
    pub const ActionWriteReport: Msg = Msg(&("Lập báo cáo", "Write the report"));
    pub const ActionResolveConflicts: Msg = Msg(&("Giải quyết xung đột", "Resolve the conflicts"));
    pub const NotFoundTitle: Msg = Msg(&("Không tìm thấy trang", "Page not found"));
    pub const NotFoundBody: Msg =
        Msg(&("Địa chỉ này không có trong ứng dụng.", "This address is not part of the app."));
    pub const BackHome: Msg = Msg(&("Về trang Tổng quan", "Back to the overview"));
    pub const StorageUnavailable: Msg = Msg(&(
        "Trình duyệt không cho phép lưu dữ liệu trên máy. Hãy tắt chế độ ẩn danh hoặc cho phép lưu trữ, rồi tải lại trang.",
        "The browser does not allow saving data on this device. Turn off private mode or allow storage, then reload.",
    ));
    pub const StorageQuotaExceeded: Msg = Msg(&(
        "Bộ nhớ của trình duyệt đã đầy, chưa lưu được thay đổi mới nhất. Dữ liệu đã lưu trước đó vẫn còn. Hãy xuất dữ liệu ngay (trang Đồng bộ) rồi xóa bớt dữ liệu đã gửi.",
        "The browser's storage is full; the latest change was not saved. Earlier saved data is intact. Export your data now (Sync page), then remove data already sent.",
    ));
    pub const StorageCorrupt: Msg = Msg(&(
        "Một mục dữ liệu trên máy bị hỏng hoặc không đọc được. Các dữ liệu khác vẫn dùng được.",
        "A stored entry is damaged or unreadable. The rest of the data is still usable.",
    ));
    pub const StorageSerialize: Msg = Msg(&(
        "Không chuyển được dữ liệu sang dạng lưu trữ. Hãy báo cho cán bộ kỹ thuật.",
        "The data could not be encoded for storage. Please tell the technical staff.",
    ));
    pub const StorageOther: Msg = Msg(&(
        "Trình duyệt báo lỗi khi lưu dữ liệu. Hãy thử lại; nếu vẫn lỗi, xuất dữ liệu ra tệp.",
        "The browser reported an error while saving. Try again; if it persists, export your data to a file.",
    ));
    pub const SettingNotSaved: Msg = Msg(&("Chưa lưu được cài đặt:", "The setting was not saved:"));
    pub const SettingNotRead: Msg = Msg(&("Không đọc được cài đặt đã lưu:", "A stored setting could not be read:"));
    pub const Dismiss: Msg = Msg(&("Đóng", "Dismiss"));
    pub const PlanSearchLabel: Msg = Msg(&("Tìm trong kế hoạch", "Search the plan"));
    pub const PlanSearchHint: Msg =
        Msg(&("Ví dụ: bảo hiểm, nước sạch, thất nghiệp", "For example: insurance, clean water, unemployment"));
    pub const PlanFilterAgency: Msg = Msg(&("Cơ quan chủ trì", "Lead agency"));
    pub const PlanAllAgencies: Msg = Msg(&("Tất cả", "All"));
    pub const PlanGeneralGoal: Msg = Msg(&("Mục tiêu tổng quát", "General goal"));
    pub const PlanVision: Msg = Msg(&("Tầm nhìn đến năm 2045", "Vision to 2045"));
    pub const PlanIndicators: Msg = Msg(&("Chỉ tiêu chủ yếu đến năm 2030", "Main indicators to 2030"));
    pub const PlanTasks: Msg = Msg(&("Nhiệm vụ, giải pháp; phân công thực hiện", "Tasks and solutions; assignments"));
    pub const PlanOrganisation: Msg = Msg(&("Tổ chức thực hiện", "Implementation"));
    pub const PlanLead: Msg = Msg(&("Chủ trì", "Lead"));
    pub const PlanCoordinating: Msg = Msg(&("Phối hợp", "Coordinating"));
    pub const PlanImplementers: Msg = Msg(&("Thực hiện", "Implementers"));
    pub const PlanLinkedIndicators: Msg = Msg(&("Chỉ tiêu liên quan", "Related indicators"));
    pub const PlanLinkedTasks: Msg = Msg(&("Nhiệm vụ", "Tasks"));
    pub const PlanIndicatorName: Msg = Msg(&("Chỉ tiêu", "Indicator"));
    pub const PlanTarget: Msg = Msg(&("Mục tiêu 2030", "2030 target"));
    pub const PlanNoMatch: Msg =
        Msg(&("Không có chỉ tiêu hay nhiệm vụ nào khớp với tìm kiếm.", "No indicator or task matches the search."));
    pub const PlanMatchCount: Msg = Msg(&("Kết quả", "Results"));
    pub const PlanLoadError: Msg = Msg(&(
        "Không đọc được dữ liệu Kế hoạch. Ứng dụng chưa thể tính chỉ tiêu. Hãy báo cho cán bộ kỹ thuật các lỗi sau:",
        "The plan data could not be read. The app cannot compute indicators yet. Please report these problems to the technical staff:",
    ));
    pub const NextDeadline: Msg = Msg(&("Hạn tiếp theo", "Next deadline"));
    pub const DaysLeft: Msg = Msg(&("còn {n} ngày", "{n} days left"));
    pub const DueToday: Msg = Msg(&("hạn chót là hôm nay", "due today"));
    pub const DeadlineBefore: Msg = Msg(&("trước ngày", "before"));
    pub const ChangedElsewhere: Msg =
        Msg(&("Bản ghi đã được sửa ở thẻ khác.", "This record was changed in another tab."));
    pub const SaveConflictKept: Msg = Msg(&(
        "Thay đổi của thẻ này chưa được lưu và vẫn được giữ; hãy chọn bản để giữ.",
        "This tab's change was not saved and is kept; choose the version to keep.",
    ));
    pub const UnsavedLeave: Msg = Msg(&(
        "Phiếu có thay đổi chưa lưu được. Thay đổi vẫn được giữ trên máy này cho đến khi lưu hoặc bỏ; mở lại hộ này để lưu. Vẫn rời phiếu?",
        "The form has changes that could not be saved. They are kept on this device until saved or discarded; open this household again to save them. Leave the form anyway?",
    ));
    pub const UnsavedRestored: Msg = Msg(&(
        "Đã khôi phục thay đổi chưa lưu của lần trước; đang lưu lại.",
        "Restored the changes not saved last time; saving them again.",
    ));
    pub const DiscardUnsaved: Msg = Msg(&("Bỏ thay đổi chưa lưu", "Discard unsaved changes"));
    pub const ReloadedNewer: Msg =
        Msg(&("Đã tải bản mới nhất từ thẻ kia.", "The newest version from the other tab is loaded."));
    pub const LoadNewer: Msg = Msg(&("Tải bản mới (bỏ thay đổi của tôi)", "Load the newer version (drop my change)"));
    pub const KeepMine: Msg = Msg(&("Giữ bản của tôi (ghi đè bản kia)", "Keep mine (overwrite the other)"));
    pub const DeletedElsewhere: Msg = Msg(&(
        "Hộ này đã bị xóa ở thẻ khác; thay đổi mới chưa được lưu.",
        "This household was deleted in another tab; the latest change is not saved.",
    ));
    pub const RecordNotFound: Msg =
        Msg(&("Không tìm thấy bản ghi này trên máy.", "This record is not on this device."));
    pub const StoreReadOnly: Msg = Msg(&(
        "Dữ liệu trên máy do phiên bản mới hơn của ứng dụng lưu; phiên bản này chỉ xem, không ghi. Hãy mở ứng dụng khi có mạng để cập nhật.",
        "The data on this device was saved by a newer version of the app; this version only reads it. Open the app online to update.",
    ));
    pub const SavedAt: Msg = Msg(&("Đã lưu lúc", "Saved at"));
    pub const Saving: Msg = Msg(&("Đang lưu…", "Saving…"));
    pub const NotSaved: Msg = Msg(&("Chưa lưu được:", "Not saved:"));
    pub const AddHousehold: Msg = Msg(&("Thêm hộ", "Add household"));
    pub const NoHouseholds: Msg = Msg(&(
        "Chưa có hộ nào trên máy này. Bấm “Thêm hộ” để bắt đầu.",
        "No households on this device yet. Press “Add household” to start.",
    ));
    pub const ColHead: Msg = Msg(&("Chủ hộ", "Head of household"));
    pub const ColCommune: Msg = Msg(&("Xã, thị trấn", "Commune"));
    pub const ColVillage: Msg = Msg(&("Thôn, tổ dân phố", "Village"));
    pub const ColSurveyDate: Msg = Msg(&("Ngày khảo sát", "Survey date"));
    pub const ColStatus: Msg = Msg(&("Trạng thái", "Status"));
    pub const ColActions: Msg = Msg(&("Thao tác", "Actions"));
    pub const Edit: Msg = Msg(&("Sửa", "Edit"));
    pub const Delete: Msg = Msg(&("Xóa", "Delete"));
    pub const ConfirmDelete: Msg = Msg(&(
        "Xóa hộ này? Có thể hoàn tác cho đến lần xuất dữ liệu tiếp theo.",
        "Delete this household? It can be undone until the next export.",
    ));
    pub const Cancel: Msg = Msg(&("Hủy", "Cancel"));
    pub const HouseholdDeleted: Msg = Msg(&("Đã xóa hộ.", "Household deleted."));
    pub const Undo: Msg = Msg(&("Hoàn tác", "Undo"));
    pub const Unnamed: Msg = Msg(&("(chưa có tên)", "(no name yet)"));
    pub const HouseholdForm: Msg = Msg(&("Phiếu hộ gia đình", "Household form"));
    pub const BackToList: Msg = Msg(&("Về danh sách hộ", "Back to the list"));
    pub const FieldCommune: Msg = Msg(&("Xã, thị trấn", "Commune or town"));
    pub const FieldVillage: Msg = Msg(&("Thôn, tổ dân phố", "Village"));
    pub const FieldSurveyDate: Msg = Msg(&("Ngày khảo sát", "Survey date"));
    pub const Members: Msg = Msg(&("Nhân khẩu", "Members"));
    pub const AddMember: Msg = Msg(&("Thêm nhân khẩu", "Add member"));
    pub const RemoveMember: Msg = Msg(&("Bỏ nhân khẩu này", "Remove this member"));
    pub const AddHead: Msg = Msg(&("Thêm chủ hộ", "Add the head"));
    pub const AddSpouse: Msg = Msg(&("Thêm vợ/chồng", "Add the spouse"));
    pub const AddChild: Msg = Msg(&("Thêm con", "Add a child"));
    pub const RemoveMemberConfirm: Msg = Msg(&(
        "Bỏ nhân khẩu “{name}” cùng mọi câu trả lời của người này?",
        "Remove “{name}” and every answer about them?",
    ));
    pub const RemoveMemberYes: Msg = Msg(&("Bỏ nhân khẩu", "Remove"));
    pub const MemberRemoved: Msg = Msg(&("Đã bỏ nhân khẩu “{name}”.", "Removed “{name}”."));
    pub const UnnamedMember: Msg = Msg(&("(chưa có tên)", "(no name yet)"));
    pub const Unanswered: Msg = Msg(&("Chưa trả lời", "Not answered"));
    pub const QuestionsLeft: Msg = Msg(&("còn {n} câu", "{n} left"));
    pub const ErrorsLeft: Msg = Msg(&("{n} lỗi", "{n} errors"));
    pub const PartDone: Msg = Msg(&("Đã đủ", "All answered"));
    pub const NextUnanswered: Msg = Msg(&("Câu chưa trả lời tiếp theo", "Next unanswered question"));
    pub const MembersDone: Msg = Msg(&("Nhân khẩu đã đủ: {d}/{n}", "Members complete: {d}/{n}"));
    pub const OpenMember: Msg = Msg(&("Mở", "Open"));
    pub const CloseMember: Msg = Msg(&("Thu gọn", "Collapse"));
    pub const MemberName: Msg = Msg(&("Họ và tên", "Full name"));
    pub const MemberSex: Msg = Msg(&("Giới tính", "Sex"));
    pub const Male: Msg = Msg(&("Nam", "Male"));
    pub const Female: Msg = Msg(&("Nữ", "Female"));
    pub const MemberBirth: Msg = Msg(&("Ngày sinh", "Date of birth"));
    pub const MemberRelation: Msg = Msg(&("Quan hệ với chủ hộ", "Relation to the head"));
    pub const StorageTitle: Msg = Msg(&("Dữ liệu trên máy này", "Data on this device"));
    pub const StorageUsed: Msg = Msg(&("Đã dùng", "Used"));
    pub const StorageOfAbout: Msg = Msg(&("trên tổng khoảng", "of about"));
    pub const Persisted: Msg = Msg(&(
        "Trình duyệt đã đồng ý giữ dữ liệu lâu dài.",
        "The browser agreed to keep the data (persistent storage).",
    ));
    pub const NotPersisted: Msg = Msg(&(
        "Trình duyệt chưa đồng ý giữ dữ liệu lâu dài: khi máy thiếu chỗ, dữ liệu có thể bị xóa.",
        "The browser did not agree to keep the data: it may be deleted when the device runs out of space.",
    ));
    pub const PersistUnknown: Msg = Msg(&(
        "Trình duyệt này không cho biết có giữ dữ liệu lâu dài hay không.",
        "This browser does not say whether it keeps the data.",
    ));
    pub const Unexported: Msg = Msg(&("Số bản ghi chưa xuất:", "Records not yet exported:"));
    pub const LastExport: Msg = Msg(&("Lần xuất gần nhất:", "Last export:"));
    pub const NeverExported: Msg = Msg(&("chưa xuất lần nào", "never"));
    pub const ClearWarning: Msg = Msg(&(
        "Không xóa dữ liệu duyệt web (lịch sử, cookie, dữ liệu trang web) trên máy này: các bản ghi chưa xuất sẽ mất vĩnh viễn.",
        "Do not clear this browser's data (history, cookies, site data): records not yet exported would be lost for good.",
    ));
    pub const ExportNow: Msg = Msg(&("Xuất dữ liệu ngay", "Export data now"));
    pub const ExportFailed: Msg = Msg(&("Chưa xuất được dữ liệu:", "The data was not exported:"));
    pub const BadEntriesTitle: Msg = Msg(&("Mục dữ liệu không đọc được", "Entries that could not be read"));
    pub const BadEntriesIntro: Msg = Msg(&(
        "Các mục này bị bỏ qua; mọi dữ liệu khác vẫn dùng bình thường. Hãy xuất nguyên dạng để gửi cán bộ kỹ thuật trước khi xóa.",
        "These entries are skipped; all other data works normally. Export them as they are for the technical staff before removing them.",
    ));
    pub const BadCorrupt: Msg = Msg(&("Bị hỏng", "Damaged"));
    pub const BadForeign: Msg = Msg(&("Không rõ phiên bản", "Unknown version"));
    pub const ExportRaw: Msg = Msg(&("Xuất nguyên dạng", "Export as is"));
    pub const RemoveEntry: Msg = Msg(&("Xóa mục này", "Remove this entry"));
    pub const BadEntriesNotice: Msg = Msg(&(
        "Có mục dữ liệu trên máy không đọc được; xem trang Đồng bộ.",
        "Some stored entries could not be read; see the Sync page.",
    ));
    pub const Migrated: Msg =
        Msg(&("Dữ liệu cũ đã được chuyển sang định dạng mới.", "Older data was converted to the new format."));
    pub const ExportNotRecorded: Msg = Msg(&(
        "Đã tải tệp xuất về máy, nhưng chưa ghi nhận được lần xuất vì bộ nhớ đầy: số bản ghi chưa xuất chưa thay đổi. Hãy giữ tệp này.",
        "The export file was downloaded, but the export could not be recorded because storage is full: the count of records not yet exported is unchanged. Keep this file.",
    ));
    pub const DashNoData: Msg = Msg(&(
        "Chưa có số liệu khảo sát nào cho bảng chỉ tiêu. Số liệu sẽ có ở đây khi các hộ gia đình được khảo sát (trang Hộ gia đình) hoặc được nhập từ tệp (trang Đồng bộ). Muốn xem thử, hãy tải dữ liệu mẫu.",
        "There is no survey data for the indicators yet. Figures appear here once households are surveyed (Households page) or imported from a file (Sync page). To try the page, load the sample data.",
    ));
    pub const DashLoadDemo: Msg = Msg(&("Tải dữ liệu mẫu (demo)", "Load sample data (demo)"));
    pub const DashDemoBanner: Msg =
        Msg(&("Đang xem dữ liệu mẫu — không phải số liệu thật", "Showing sample data — not real figures"));
    pub const DashClearDemo: Msg = Msg(&("Xóa dữ liệu mẫu", "Remove sample data"));
    pub const DashOrgUnit: Msg = Msg(&("Đơn vị", "Unit"));
    pub const DashYear: Msg = Msg(&("Năm", "Year"));
    pub const DashStatus: Msg = Msg(&("Trạng thái", "Status"));
    pub const DashAllStatuses: Msg = Msg(&("Tất cả trạng thái", "All statuses"));
    pub const DashValue: Msg = Msg(&("Giá trị", "Value"));
    pub const DashNumDen: Msg = Msg(&("Tử số / mẫu số", "Numerator / denominator"));
    pub const DashExcluded: Msg = Msg(&("Bị loại", "Excluded"));
    pub const DashExcludedTitle: Msg = Msg(&("Bản ghi bị loại khỏi chỉ tiêu", "Records left out of the indicator"));
    pub const DashExcludedShow: Msg = Msg(&("Xem các bản ghi bị loại", "Show the excluded records"));
    pub const DashHousehold: Msg = Msg(&("Hộ (chủ hộ)", "Household (head)"));
    pub const DashPerson: Msg = Msg(&("Nhân khẩu", "Person"));
    pub const DashReason: Msg = Msg(&("Lý do", "Reason"));
    pub const DashCompare: Msg = Msg(&("So sánh giữa các xã, thị trấn", "Comparison across the communes and the town"));
    pub const DashCompareIndicator: Msg = Msg(&("Chỉ tiêu để so sánh", "Indicator to compare"));
    pub const DashTargetLine: Msg = Msg(&("mục tiêu", "target"));
    pub const DashProgress: Msg = Msg(&("Tiến độ đến năm 2030", "Progress toward 2030"));
    pub const DashProgressOneYear: Msg = Msg(&(
        "Biểu đồ tiến độ sẽ có khi có số liệu từ hai năm trở lên.",
        "The progress chart appears once there are figures for two or more years.",
    ));
    pub const DashNoRows: Msg = Msg(&("Không có chỉ tiêu nào khớp với bộ lọc.", "No indicator matches the filters."));
    pub const DashEngineError: Msg = Msg(&("Không tính được chỉ tiêu:", "The indicators could not be computed:"));
    pub const DashHouseholdsUsed: Msg = Msg(&("Số hộ được tính", "Households counted"));
    pub const DashNoChart: Msg = Msg(&(
        "Chỉ tiêu này được đánh giá đạt/chưa đạt, không vẽ thành biểu đồ.",
        "This indicator is judged yes/no and is not drawn as a chart.",
    ));
    pub const DashMore: Msg = Msg(&("và {n} bản ghi khác", "and {n} more records"));
    pub const Online: Msg = Msg(&("Trực tuyến", "Online"));
    pub const Offline: Msg =
        Msg(&("Ngoại tuyến — dữ liệu vẫn được lưu trên máy", "Offline — data is still saved on this device"));
    pub const OfflineReady: Msg = Msg(&("Sẵn sàng dùng ngoại tuyến", "Ready to use offline"));
    pub const OfflineNotReady: Msg = Msg(&(
        "Chưa sẵn sàng dùng ngoại tuyến: đang tải các phần của ứng dụng, hãy giữ kết nối mạng.",
        "Not ready for offline use yet: loading the app's parts, stay connected.",
    ));
    pub const UpdateReady: Msg = Msg(&("Có phiên bản mới — tải lại", "A new version is available — reload"));
    pub const UpdateKeepsData: Msg = Msg(&(
        "Dữ liệu đã lưu trên máy được giữ nguyên khi tải lại.",
        "Data saved on this device is kept when reloading.",
    ));
    pub const FormHouseholdSection: Msg = Msg(&("Thông tin chung của hộ", "About the household"));
    pub const QEthnicMinority: Msg = Msg(&("Hộ dân tộc thiểu số", "Ethnic-minority household"));
    pub const QRemoteVillage: Msg = Msg(&("Ở vùng sâu, vùng xa", "In a remote area"));
    pub const QPoverty: Msg = Msg(&("Phân loại hộ nghèo, cận nghèo", "Poverty classification"));
    pub const QDisaster: Msg = Msg(&("Hộ bị ảnh hưởng thiên tai", "Affected by a natural disaster"));
    pub const QMeritorious: Msg = Msg(&("Hộ có người có công với cách mạng", "Has a person with meritorious service"));
    pub const QIncome: Msg = Msg(&("Thu nhập bình quân đầu người mỗi tháng (đồng)", "Monthly income per person (VND)"));
    pub const QHousing: Msg = Msg(&("Loại nhà ở", "Type of dwelling"));
    pub const QFloorArea: Msg = Msg(&("Diện tích nhà ở (m² sàn)", "Floor area (m²)"));
    pub const QWater: Msg = Msg(&("Nguồn nước ăn uống chính", "Main drinking water source"));
    pub const QLatrine: Msg = Msg(&("Nhà tiêu", "Latrine"));
    pub const QRadioTv: Msg = Msg(&("Nghe, xem được phát thanh, truyền hình", "Receives radio or television"));
    pub const QDeaths: Msg =
        Msg(&("Số người của hộ chết trong 12 tháng qua", "Household members who died in the last 12 months"));
    pub const Yes: Msg = Msg(&("Có", "Yes"));
    pub const No: Msg = Msg(&("Không", "No"));
    pub const MemberHealthSection: Msg = Msg(&("Sức khỏe và trợ giúp xã hội", "Health and social assistance"));
    pub const QHealthInsurance: Msg = Msg(&("Có thẻ bảo hiểm y tế (BHYT)", "Has health insurance"));
    pub const QHealthRecord: Msg = Msg(&("Được trạm y tế quản lý sức khỏe", "Has a health record at the station"));
    pub const QPrimaryCare: Msg = Msg(&(
        "Khám chữa bệnh ban đầu tại y tế cơ sở (12 tháng qua)",
        "Primary care at a grassroots facility (last 12 months)",
    ));
    pub const QSocialAssistance: Msg = Msg(&("Hưởng trợ cấp xã hội hằng tháng", "Receives monthly social assistance"));
    pub const MemberSchoolSection: Msg = Msg(&("Học tập", "Schooling"));
    pub const QEnrolment: Msg = Msg(&("Hiện nay có đi học không", "Currently in school"));
    pub const EnrolGeneral: Msg = Msg(&("Phổ thông (lớp 1–12)", "General school (grades 1–12)"));
    pub const QGrade: Msg = Msg(&("Đang học lớp", "Grade"));
    pub const QHighestCompleted: Msg = Msg(&("Học vấn cao nhất đã hoàn thành", "Highest level completed"));
    pub const MemberWorkSection: Msg = Msg(&("Việc làm và bảo hiểm (từ 15 tuổi)", "Work and insurance (15 and over)"));
    pub const QLabourStatus: Msg = Msg(&("Tình trạng việc làm (7 ngày qua)", "Work in the last 7 days"));
    pub const QQualification: Msg = Msg(&("Trình độ chuyên môn kỹ thuật", "Professional qualification"));
    pub const QSocialInsurance: Msg = Msg(&("Tham gia bảo hiểm xã hội (BHXH)", "Social insurance"));
    pub const QUnemploymentInsurance: Msg = Msg(&("Tham gia bảo hiểm thất nghiệp", "Unemployment insurance"));
    pub const QOldAgeBenefit: Msg = Msg(&("Lương hưu, trợ cấp hằng tháng", "Pension or monthly benefit"));
    pub const QLonelyElderly: Msg =
        Msg(&("Người cao tuổi cô đơn, không nơi nương tựa", "Lonely elderly person with no one to rely on"));
    pub const QBirths: Msg = Msg(&("Số con sinh ra sống trong 12 tháng qua", "Live births in the last 12 months"));
    pub const MemberChildSection: Msg = Msg(&("Trẻ em dưới 5 tuổi", "Children under 5"));
    pub const QVaccinated: Msg = Msg(&("Được tiêm chủng đầy đủ trước 1 tuổi", "Fully vaccinated before age 1"));
    pub const QHeight: Msg = Msg(&("Chiều dài/chiều cao (cm)", "Length/height (cm)"));
    pub const QMeasured: Msg = Msg(&("Cách đo", "How measured"));
    pub const QMeasureDate: Msg = Msg(&("Ngày đo", "Date measured"));
    pub const OptionalMark: Msg = Msg(&("(không bắt buộc)", "(optional)"));
    pub const AgeYears: Msg = Msg(&("{n} tuổi tại ngày khảo sát", "{n} years old on the survey date"));
    pub const AgeMonths: Msg = Msg(&("{n} tháng tuổi tại ngày khảo sát", "{n} months old on the survey date"));
    pub const NeedBirthDate: Msg = Msg(&(
        "Nhập ngày sinh để hiện các câu hỏi theo độ tuổi.",
        "Enter the date of birth to see the questions for this age.",
    ));
    pub const ChooseMeasured: Msg =
        Msg(&("Chưa chọn cách đo (nằm hay đứng)", "How measured is not chosen (lying or standing)"));
    pub const ChooseSchooling: Msg = Msg(&(
        "Chưa chọn đủ tình trạng đi học, lớp và học vấn đã hoàn thành",
        "Schooling is not fully answered (enrolment, grade, level completed)",
    ));
    pub const MarkComplete: Msg = Msg(&("Đánh dấu hoàn thành", "Mark as complete"));
    pub const BackToDraft: Msg = Msg(&("Chuyển về nháp", "Back to draft"));
    pub const FormSummary: Msg =
        Msg(&("Còn {e} lỗi và {m} câu chưa trả lời.", "{e} errors and {m} unanswered questions left."));
    pub const FormAllGood: Msg = Msg(&("Đã trả lời đủ, không có lỗi.", "Every question answered, no errors."));
    pub const CannotComplete: Msg = Msg(&(
        "Chưa thể đánh dấu hoàn thành: các câu chưa trả lời và lỗi được ghi ngay dưới từng ô.",
        "Cannot mark as complete yet: each unanswered question and error is shown under its field.",
    ));
    pub const DemotedToDraft: Msg = Msg(&(
        "Phiếu đã chuyển về nháp vì có câu chưa trả lời hoặc có lỗi.",
        "The form went back to draft: a question is unanswered or wrong.",
    ));
    pub const SearchNames: Msg =
        Msg(&("Tìm theo tên chủ hộ hoặc nhân khẩu", "Search by the name of the head or a member"));
    pub const FilterAllCommunes: Msg = Msg(&("Tất cả xã, thị trấn", "All communes"));
    pub const FilterAllVillages: Msg = Msg(&("Tất cả thôn, tổ dân phố", "All villages"));
    pub const FilterAll: Msg = Msg(&("Tất cả", "All"));
    pub const PovertyNotAnswered: Msg = Msg(&("Chưa phân loại", "Not classified yet"));
    pub const SortLabel: Msg = Msg(&("Sắp xếp", "Sort"));
    pub const SortName: Msg = Msg(&("Tên chủ hộ (A–Z)", "Head's name (A–Z)"));
    pub const SortVillage: Msg = Msg(&("Theo thôn", "By village"));
    pub const SortUpdated: Msg = Msg(&("Mới sửa gần đây", "Recently edited"));
    pub const ListCount: Msg = Msg(&("Đang hiện {shown} trong {n} hộ", "Showing {shown} of {n} households"));
    pub const ShowMore: Msg = Msg(&("Xem thêm", "Show more"));
    pub const NoMatch: Msg =
        Msg(&("Không có hộ nào khớp với tìm kiếm và bộ lọc.", "No household matches the search and filters."));
    pub const ProgressTitle: Msg = Msg(&("Tiến độ khảo sát theo thôn, năm {y}", "Survey progress by village, {y}"));
    pub const ColSurveyed: Msg = Msg(&("Đã khảo sát", "Surveyed"));
    pub const ColExpected: Msg = Msg(&("Số hộ dự kiến", "Expected"));
    pub const ColProgress: Msg = Msg(&("Tiến độ", "Progress"));
    pub const ColCompleteCount: Msg = Msg(&("Đã hoàn thành", "Complete"));
    pub const ViewList: Msg = Msg(&("Danh sách hộ", "Household list"));
    pub const ViewProgress: Msg = Msg(&("Tiến độ theo thôn", "Progress by village"));
    pub const ExpectedHelp: Msg = Msg(&(
        "Số hộ dự kiến do xã nhập; tiến độ = số hộ đã khảo sát trong năm / số hộ dự kiến.",
        "The expected number is entered by the commune; progress = households surveyed this year / expected.",
    ));
    pub const ViewFigures: Msg = Msg(&("Số liệu cơ quan", "Office figures"));
    pub const FiguresHelp: Msg = Msg(&(
        "Số liệu do cơ quan chuyên môn nhập cho huyện hoặc từng xã theo năm; mỗi ô được lưu ngay khi nhập xong.",
        "Figures an office enters for the district or each commune, per year; each answer is saved as soon as it is entered.",
    ));
    pub const ViewVillages: Msg = Msg(&("Danh sách thôn", "Village list"));
    pub const VillagesHelp: Msg = Msg(&(
        "Xã sửa danh sách thôn, làng, tổ dân phố của mình: thêm, đổi tên, sáp nhập hoặc đánh dấu không còn sử dụng. Phiếu hộ đã nhập vẫn giữ đúng thôn; thôn không còn sử dụng không được chọn cho phiếu mới. Danh sách đi theo tệp xuất như các phiếu khác.",
        "A commune keeps its own list of villages: add, rename, merge, or mark no longer used. Households keep their village; a village no longer used is not offered for new households. The list travels in exported files like the other records.",
    ));
    pub const VillageNameLabel: Msg = Msg(&("Tên thôn", "Village name"));
    pub const VillageKindLabel: Msg = Msg(&("Loại", "Kind"));
    pub const AddVillage: Msg = Msg(&("Thêm thôn", "Add village"));
    pub const RenameVillage: Msg = Msg(&("Đổi tên", "Rename"));
    pub const RetireVillage: Msg = Msg(&("Không còn sử dụng", "No longer used"));
    pub const ReuseVillage: Msg = Msg(&("Dùng lại", "Use again"));
    pub const MergeVillageInto: Msg = Msg(&("Sáp nhập vào", "Merge into"));
    pub const MergeVillage: Msg = Msg(&("Sáp nhập", "Merge"));
    pub const VillageInUse: Msg = Msg(&("Đang sử dụng", "In use"));
    pub const VillageRetired: Msg = Msg(&("Không còn sử dụng", "No longer used"));
    pub const VillageMergedInto: Msg = Msg(&("Đã sáp nhập vào {name}", "Merged into {name}"));
    pub const UnknownVillage: Msg = Msg(&("Thôn chưa có trong danh sách ({id})", "Village not in the list ({id})"));
    pub const VillageSaved: Msg = Msg(&("Đã lưu danh sách thôn.", "The village list was saved."));
    pub const FiguresUnit: Msg = Msg(&("Đơn vị", "Unit"));
    pub const FiguresYear: Msg = Msg(&("Năm", "Year"));
    pub const ReportUnit: Msg = Msg(&("Đơn vị báo cáo", "Reporting unit"));
    pub const ReportOpen: Msg = Msg(&("Mở hoặc tạo báo cáo", "Open or create the report"));
    pub const ReportStored: Msg = Msg(&("Báo cáo trên máy này", "Reports on this device"));
    pub const ReportNone: Msg = Msg(&("Chưa có báo cáo nào trên máy này.", "No report on this device yet."));
    pub const ReportBack: Msg = Msg(&("Về danh sách báo cáo", "Back to the reports"));
    pub const ReportDocument: Msg = Msg(&("Thông tin văn bản", "Document details"));
    pub const ReportIssuingBody: Msg = Msg(&("Cơ quan ban hành", "Issuing body"));
    pub const ReportNumber: Msg = Msg(&("Số văn bản", "Document number"));
    pub const ReportPlace: Msg = Msg(&("Địa danh", "Place"));
    pub const ReportDate: Msg = Msg(&("Ngày ban hành", "Date of issue"));
    pub const ReportTitle: Msg = Msg(&("Trích yếu", "Subject"));
    pub const ReportIndicators: Msg = Msg(&("Kết quả thực hiện các chỉ tiêu", "Results of the indicators"));
    pub const ReportTasks: Msg = Msg(&("Kết quả thực hiện nhiệm vụ, giải pháp", "Results of the tasks"));
    pub const ReportNarrative: Msg = Msg(&("Kết quả thực hiện", "What was done"));
    pub const ReportDifficulties: Msg = Msg(&("Khó khăn, vướng mắc", "Difficulties"));
    pub const ReportProposals: Msg = Msg(&("Đề xuất, kiến nghị", "Proposals"));
    pub const ReportAdjustments: Msg = Msg(&("Đề nghị điều chỉnh Kế hoạch", "Requested adjustments of the plan"));
    pub const ReportRecipients: Msg = Msg(&("Nơi nhận (mỗi dòng một nơi)", "Recipients (one per line)"));
    pub const ReportSigner: Msg = Msg(&("Họ tên người ký", "Name of the signer"));
    pub const ReportLive: Msg =
        Msg(&("Bản nháp: số liệu lấy trực tiếp từ khảo sát.", "Draft: live figures from the survey."));
    pub const ReportFrozen: Msg = Msg(&("Số liệu đã chốt lúc", "Figures frozen at"));
    pub const ReportBy: Msg = Msg(&("bởi", "by"));
    pub const ReportFinaliseBy: Msg = Msg(&("Người thực hiện (họ tên)", "Your name"));
    pub const ReportFinalise: Msg = Msg(&("Hoàn tất báo cáo", "Finalise the report"));
    pub const ReportEmptyWarning: Msg = Msg(&(
        "Báo cáo gần như chưa có số liệu: {n} trên {t} chỉ tiêu “Chưa có số liệu”. Hoàn tất bây giờ sẽ chốt các ô trống này. Vẫn hoàn tất?",
        "The report has almost no figures: {n} of {t} indicators have no data. Finalising now freezes these blanks. Finalise anyway?",
    ));
    pub const ReportFinaliseAnyway: Msg = Msg(&("Vẫn hoàn tất", "Finalise anyway"));
    pub const ReportPrintNoId: Msg = Msg(&("Chưa chọn báo cáo để in.", "No report chosen to print."));
    pub const ReportNeedsName: Msg = Msg(&("Cần ghi tên người thực hiện.", "Give your name."));
    pub const ReportReopenReason: Msg = Msg(&("Lý do mở lại", "Reason for reopening"));
    pub const ReportReopen: Msg = Msg(&("Mở lại để sửa", "Reopen for editing"));
    pub const ReportHistory: Msg = Msg(&("Lịch sử", "History"));
    pub const ReportPrintView: Msg = Msg(&("Xem bản in", "Print view"));
    pub const ReportPrintNow: Msg = Msg(&("In / Lưu PDF", "Print / Save as PDF"));
    pub const ReportReadOnly: Msg = Msg(&("Báo cáo đã hoàn tất, chỉ xem.", "The report is finalised and read-only."));
    pub const ReportOverdue: Msg = Msg(&("Báo cáo quá hạn", "Overdue reports"));
    pub const ReportDaysOverdue: Msg = Msg(&("quá hạn {n} ngày", "{n} days overdue"));
    pub const ReportDraftWord: Msg = Msg(&("Bản nháp", "Draft"));
    pub const ReportFinalisedWord: Msg = Msg(&("Đã hoàn tất", "Finalised"));
    pub const RollupTitle: Msg = Msg(&("Tổng hợp toàn huyện", "District roll-up"));
    pub const RollupReported: Msg =
        Msg(&("Tình hình báo cáo của các xã, thị trấn", "Reporting by the communes and the town"));
    pub const RollupWhen: Msg = Msg(&("Thời điểm hoàn tất", "Finalised at"));
    pub const RollupDistrict: Msg = Msg(&("Toàn huyện", "District"));
    pub const DeviceId: Msg = Msg(&("Mã thiết bị", "Device id"));
    pub const ExportTitle: Msg = Msg(&("Xuất dữ liệu ra tệp", "Export to a file"));
    pub const ExportEverything: Msg = Msg(&("Tất cả dữ liệu", "Everything"));
    pub const ExportChangesOnly: Msg =
        Msg(&("Chỉ phần thay đổi từ lần xuất trước", "Only changes since the last export"));
    pub const ExportScopeLabel: Msg = Msg(&("Xuất những gì", "What to export"));
    pub const ExportLayoutLabel: Msg = Msg(&("Dạng tệp", "File layout"));
    pub const ExportProtectLabel: Msg =
        Msg(&("Bảo vệ dữ liệu cá nhân trong tệp", "Protecting personal data in the file"));
    pub const ExportCompact: Msg = Msg(&("Gọn (tệp nhỏ hơn)", "Compact (smaller file)"));
    pub const ExportReadable: Msg = Msg(&("Dễ đọc (có xuống dòng)", "Readable (indented)"));
    pub const ExportButton: Msg = Msg(&("Xuất tệp", "Export file"));
    pub const ExportDone: Msg = Msg(&("Đã xuất {n} bản ghi vào tệp {file}.", "Exported {n} records to {file}."));
    pub const ExportNothingNew: Msg = Msg(&(
        "Không có gì mới để xuất: mọi thay đổi đã nằm trong tệp đã lưu lần trước.",
        "Nothing new to export: every change is in the file saved last time.",
    ));
    pub const ExportAskSaved: Msg = Msg(&(
        "Tệp xuất lúc {time} đã được lưu an toàn chưa? Các bản ghi chỉ được tính là đã xuất khi bạn xác nhận.",
        "Was the file exported at {time} saved safely? Records count as exported only once you confirm.",
    ));
    pub const ExportConfirmSaved: Msg = Msg(&("Tệp đã được lưu", "The file was saved"));
    pub const ExportNotSavedHint: Msg = Msg(&(
        "Nếu tệp chưa lưu được (đã huỷ tải xuống), hãy bấm “Xuất tệp” lại: không bản ghi nào bị bỏ sót.",
        "If the file was not saved (download cancelled), press “Export file” again: no record is left out.",
    ));
    pub const ExportConfirmed: Msg = Msg(&("Đã ghi nhận: tệp đã được lưu.", "Recorded: the file was saved."));
    pub const ImportTitle: Msg = Msg(&("Nhập dữ liệu từ tệp", "Import from a file"));
    pub const ImportButton: Msg = Msg(&("Nhập tệp", "Import file"));
    pub const ImportHint: Msg = Msg(&(
        "Chọn tệp gói dữ liệu (.json) xuất từ máy khác. Cả tệp được kiểm tra trước khi nhập; tệp có lỗi thì không có gì thay đổi.",
        "Choose a bundle file (.json) exported by another device. The whole file is checked before anything is imported; a file with an error changes nothing.",
    ));
    pub const ImportReading: Msg = Msg(&("Đang đọc và kiểm tra tệp…", "Reading and checking the file…"));
    pub const ImportDone: Msg = Msg(&("Đã nhập tệp:", "File imported:"));
    pub const ImportAdded: Msg = Msg(&("thêm", "added"));
    pub const ImportUpdated: Msg = Msg(&("cập nhật", "updated"));
    pub const ImportDeleted: Msg = Msg(&("xoá", "deleted"));
    pub const ImportKeptLocal: Msg = Msg(&("giữ bản trên máy", "kept this device's version"));
    pub const ImportConflicts: Msg = Msg(&("xung đột", "conflicts"));
    pub const ImportUnchanged: Msg = Msg(&("không đổi", "unchanged"));
    pub const ImportAlready: Msg = Msg(&(
        "Tệp này đã được nhập trước đây — không có gì thay đổi.",
        "This file was imported before — nothing changed.",
    ));
    pub const ImportUnknownVillages: Msg = Msg(&(
        "{n} phiếu hộ có thôn chưa có trong danh sách: {ids}. Các phiếu đã được nhập; danh sách hộ ghi “thôn chưa có trong danh sách” cho đến khi nhận được danh sách thôn của xã (nhập tệp của xã hoặc thêm thôn ở “Danh sách thôn”).",
        "{n} households are in a village not in the list: {ids}. They were imported; the household list marks them until the commune's village list arrives (import the commune's file or add the village under “Village list”).",
    ));
    pub const NothingChanged: Msg = Msg(&("Không có gì thay đổi.", "Nothing changed."));
    pub const ImportUnreadable: Msg = Msg(&("Không đọc được tệp đã chọn.", "The chosen file could not be read."));
    pub const ConflictsTitle: Msg = Msg(&("Xung đột cần chọn bản giữ lại", "Conflicts to resolve"));
    pub const ConflictsIntro: Msg = Msg(&(
        "Cùng một bản ghi đã được sửa ở hai nơi. Hãy so sánh các bản và chọn bản cần giữ; bản được chọn thay các bản kia trên mọi máy nhận được nó.",
        "The same record was edited in two places. Compare the versions and keep one; the one kept replaces the others on every device it reaches.",
    ));
    pub const ConflictVersion: Msg = Msg(&("Bản {n}", "Version {n}"));
    pub const ConflictUpdated: Msg = Msg(&("Cập nhật lúc", "Updated at"));
    pub const ConflictDeletedVersion: Msg = Msg(&("Bản này đã bị xoá", "This version is a deletion"));
    pub const KeepThis: Msg = Msg(&("Giữ bản này", "Keep this version"));
    pub const ConflictBadge: Msg = Msg(&("Xung đột", "Conflict"));
    pub const ResolveFailed: Msg = Msg(&("Chưa giữ được bản đã chọn.", "The chosen version could not be kept."));
    pub const OutboxNotRead: Msg = Msg(&("Không đọc được hộp thư gửi:", "Could not read the outbox:"));
    pub const OutboxNotSaved: Msg = Msg(&("Chưa ghi được trạng thái gửi:", "Could not record the upload state:"));
    pub const UploadTitle: Msg = Msg(&("Gửi dữ liệu lên huyện", "Upload to the district"));
    pub const UploadUrl: Msg = Msg(&("Địa chỉ gửi (máy nhận của huyện)", "Upload address (the district's receiver)"));
    pub const UploadUrlSave: Msg = Msg(&("Lưu địa chỉ", "Save the address"));
    pub const UploadUrlSaved: Msg = Msg(&("Đã lưu địa chỉ gửi.", "Upload address saved."));
    pub const UploadNoUrl: Msg = Msg(&(
        "Chưa đặt địa chỉ gửi: dữ liệu chỉ rời máy khi xuất tệp.",
        "No upload address yet: data leaves this device only by file export.",
    ));
    pub const UploadOfflineWait: Msg = Msg(&("Ngoại tuyến: sẽ tự gửi khi có mạng.", "Offline: will send once online."));
    pub const UploadAuto: Msg = Msg(&(
        "Tự động gửi khi có thay đổi và có mạng.",
        "Sends automatically when something changes and the device is online.",
    ));
    pub const UploadSending: Msg = Msg(&("Đang gửi…", "Sending…"));
    pub const UploadSendNow: Msg = Msg(&("Gửi ngay", "Send now"));
    pub const UploadWaiting: Msg =
        Msg(&("Bản ghi đã thay đổi, chưa vào gói gửi:", "Changed records not yet in a bundle:"));
    pub const HubEnrolCode: Msg = Msg(&(
        "Mã đăng ký với máy chủ huyện (cán bộ huyện cấp)",
        "Enrolment code for the district hub (from the district office)",
    ));
    pub const HubEnrol: Msg = Msg(&("Đăng ký máy", "Enrol this device"));
    pub const HubEnrolled: Msg =
        Msg(&("Máy đã được đăng ký với máy chủ huyện.", "This device is enrolled with the district hub."));
    pub const HubEnrolNeedUrl: Msg =
        Msg(&("Hãy lưu địa chỉ gửi của máy chủ huyện trước.", "Save the district hub's upload address first."));
    pub const HubEnrolFailed: Msg = Msg(&("Không đăng ký được:", "Enrolment failed:"));
    pub const OutboxTitle: Msg = Msg(&("Hộp thư gửi", "Outbox"));
    pub const OutboxPending: Msg = Msg(&("Chờ gửi", "Pending"));
    pub const OutboxFailing: Msg = Msg(&("Gửi lỗi, sẽ thử lại", "Failed, will retry"));
    pub const OutboxSent: Msg = Msg(&("Đã gửi", "Sent"));
    pub const OutboxBundles: Msg = Msg(&("gói", "bundles"));
    pub const OutboxRecords: Msg = Msg(&("bản ghi", "records"));
    pub const OutboxRecordsHead: Msg = Msg(&("Số bản ghi", "Records"));
    pub const OutboxEmpty: Msg = Msg(&("Chưa có gói nào.", "No bundle yet."));
    pub const OutboxBundle: Msg = Msg(&("Gói", "Bundle"));
    pub const OutboxCreated: Msg = Msg(&("Tạo lúc", "Created"));
    pub const OutboxSize: Msg = Msg(&("Dung lượng", "Size"));
    pub const OutboxAttempts: Msg = Msg(&("Số lần gửi", "Attempts"));
    pub const OutboxStatus: Msg = Msg(&("Trạng thái", "Status"));
    pub const OutboxNextAttempt: Msg = Msg(&("Thử lại lúc", "Next attempt at"));
    pub const OutboxAckedAt: Msg = Msg(&("Máy nhận xác nhận lúc", "Acknowledged at"));
    pub const OutboxDuplicate: Msg = Msg(&("(máy nhận đã có gói này)", "(the receiver had it already)"));
    /// A lazily loaded part of the app (code splitting) could not be fetched.
    pub const PartNotLoaded: Msg = Msg(&(
        "Chưa tải được phần này của ứng dụng (mất mạng?). Hãy thử lại khi có mạng; dữ liệu đã lưu vẫn còn.",
        "This part of the app could not be loaded (no network?). Try again when online; saved data is kept.",
    ));

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
        Msg::OverviewIntro,
        Msg::OverviewDeadlineNote,
        Msg::SkipToContent,
        Msg::OverviewSurvey,
        Msg::OverviewSurveyed,
        Msg::OverviewComplete,
        Msg::OverviewDrafts,
        Msg::OverviewDraftErrors,
        Msg::OverviewNoVillage,
        Msg::OverviewLeaving,
        Msg::OverviewNotExported,
        Msg::OverviewNotSent,
        Msg::OverviewConflicts,
        Msg::OverviewIndicators,
        Msg::OverviewIndicatorsLoading,
        Msg::OverviewNext,
        Msg::ActionAddHousehold,
        Msg::ActionExport,
        Msg::ActionWriteReport,
        Msg::ActionResolveConflicts,
        Msg::NotFoundTitle,
        Msg::NotFoundBody,
        Msg::BackHome,
        Msg::StorageUnavailable,
        Msg::StorageQuotaExceeded,
        Msg::StorageCorrupt,
        Msg::StorageSerialize,
        Msg::StorageOther,
        Msg::SettingNotSaved,
        Msg::SettingNotRead,
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
        Msg::PlanLead,
        Msg::PlanCoordinating,
        Msg::PlanImplementers,
        Msg::PlanLinkedIndicators,
        Msg::PlanLinkedTasks,
        Msg::PlanIndicatorName,
        Msg::PlanTarget,
        Msg::PlanNoMatch,
        Msg::PlanMatchCount,
        Msg::PlanLoadError,
        Msg::NextDeadline,
        Msg::DaysLeft,
        Msg::DueToday,
        Msg::DeadlineBefore,
        Msg::ChangedElsewhere,
        Msg::SaveConflictKept,
        Msg::UnsavedLeave,
        Msg::UnsavedRestored,
        Msg::DiscardUnsaved,
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
        Msg::AddHead,
        Msg::AddSpouse,
        Msg::AddChild,
        Msg::RemoveMemberConfirm,
        Msg::RemoveMemberYes,
        Msg::MemberRemoved,
        Msg::UnnamedMember,
        Msg::Unanswered,
        Msg::QuestionsLeft,
        Msg::ErrorsLeft,
        Msg::PartDone,
        Msg::NextUnanswered,
        Msg::MembersDone,
        Msg::OpenMember,
        Msg::CloseMember,
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
        Msg::OfflineReady,
        Msg::OfflineNotReady,
        Msg::UpdateReady,
        Msg::UpdateKeepsData,
        Msg::FormHouseholdSection,
        Msg::QEthnicMinority,
        Msg::QRemoteVillage,
        Msg::QPoverty,
        Msg::QDisaster,
        Msg::QMeritorious,
        Msg::QIncome,
        Msg::QHousing,
        Msg::QFloorArea,
        Msg::QWater,
        Msg::QLatrine,
        Msg::QRadioTv,
        Msg::QDeaths,
        Msg::Yes,
        Msg::No,
        Msg::MemberHealthSection,
        Msg::QHealthInsurance,
        Msg::QHealthRecord,
        Msg::QPrimaryCare,
        Msg::QSocialAssistance,
        Msg::MemberSchoolSection,
        Msg::QEnrolment,
        Msg::EnrolGeneral,
        Msg::QGrade,
        Msg::QHighestCompleted,
        Msg::MemberWorkSection,
        Msg::QLabourStatus,
        Msg::QQualification,
        Msg::QSocialInsurance,
        Msg::QUnemploymentInsurance,
        Msg::QOldAgeBenefit,
        Msg::QLonelyElderly,
        Msg::QBirths,
        Msg::MemberChildSection,
        Msg::QVaccinated,
        Msg::QHeight,
        Msg::QMeasured,
        Msg::QMeasureDate,
        Msg::OptionalMark,
        Msg::AgeYears,
        Msg::AgeMonths,
        Msg::NeedBirthDate,
        Msg::ChooseMeasured,
        Msg::ChooseSchooling,
        Msg::MarkComplete,
        Msg::BackToDraft,
        Msg::FormSummary,
        Msg::FormAllGood,
        Msg::CannotComplete,
        Msg::DemotedToDraft,
        Msg::SearchNames,
        Msg::FilterAllCommunes,
        Msg::FilterAllVillages,
        Msg::FilterAll,
        Msg::PovertyNotAnswered,
        Msg::SortLabel,
        Msg::SortName,
        Msg::SortVillage,
        Msg::SortUpdated,
        Msg::ListCount,
        Msg::ShowMore,
        Msg::NoMatch,
        Msg::ProgressTitle,
        Msg::ColSurveyed,
        Msg::ColExpected,
        Msg::ColProgress,
        Msg::ColCompleteCount,
        Msg::ViewList,
        Msg::ViewProgress,
        Msg::ExpectedHelp,
        Msg::ViewFigures,
        Msg::FiguresHelp,
        Msg::ViewVillages,
        Msg::VillagesHelp,
        Msg::VillageNameLabel,
        Msg::VillageKindLabel,
        Msg::AddVillage,
        Msg::RenameVillage,
        Msg::RetireVillage,
        Msg::ReuseVillage,
        Msg::MergeVillageInto,
        Msg::MergeVillage,
        Msg::VillageInUse,
        Msg::VillageRetired,
        Msg::VillageMergedInto,
        Msg::UnknownVillage,
        Msg::VillageSaved,
        Msg::FiguresUnit,
        Msg::FiguresYear,
        Msg::ReportUnit,
        Msg::ReportOpen,
        Msg::ReportStored,
        Msg::ReportNone,
        Msg::ReportBack,
        Msg::ReportDocument,
        Msg::ReportIssuingBody,
        Msg::ReportNumber,
        Msg::ReportPlace,
        Msg::ReportDate,
        Msg::ReportTitle,
        Msg::ReportIndicators,
        Msg::ReportTasks,
        Msg::ReportNarrative,
        Msg::ReportDifficulties,
        Msg::ReportProposals,
        Msg::ReportAdjustments,
        Msg::ReportRecipients,
        Msg::ReportSigner,
        Msg::ReportLive,
        Msg::ReportFrozen,
        Msg::ReportBy,
        Msg::ReportFinaliseBy,
        Msg::ReportFinalise,
        Msg::ReportEmptyWarning,
        Msg::ReportFinaliseAnyway,
        Msg::ReportPrintNoId,
        Msg::ReportNeedsName,
        Msg::ReportReopenReason,
        Msg::ReportReopen,
        Msg::ReportHistory,
        Msg::ReportPrintView,
        Msg::ReportPrintNow,
        Msg::ReportReadOnly,
        Msg::ReportOverdue,
        Msg::ReportDaysOverdue,
        Msg::ReportDraftWord,
        Msg::ReportFinalisedWord,
        Msg::RollupTitle,
        Msg::RollupReported,
        Msg::RollupWhen,
        Msg::RollupDistrict,
        Msg::DeviceId,
        Msg::ExportTitle,
        Msg::ExportEverything,
        Msg::ExportChangesOnly,
        Msg::ExportScopeLabel,
        Msg::ExportLayoutLabel,
        Msg::ExportProtectLabel,
        Msg::ExportCompact,
        Msg::ExportReadable,
        Msg::ExportButton,
        Msg::ExportDone,
        Msg::ExportNothingNew,
        Msg::ExportAskSaved,
        Msg::ExportConfirmSaved,
        Msg::ExportNotSavedHint,
        Msg::ExportConfirmed,
        Msg::ImportTitle,
        Msg::ImportButton,
        Msg::ImportHint,
        Msg::ImportReading,
        Msg::ImportDone,
        Msg::ImportAdded,
        Msg::ImportUpdated,
        Msg::ImportDeleted,
        Msg::ImportKeptLocal,
        Msg::ImportConflicts,
        Msg::ImportUnchanged,
        Msg::ImportAlready,
        Msg::ImportUnknownVillages,
        Msg::NothingChanged,
        Msg::ImportUnreadable,
        Msg::ConflictsTitle,
        Msg::ConflictsIntro,
        Msg::ConflictVersion,
        Msg::ConflictUpdated,
        Msg::ConflictDeletedVersion,
        Msg::KeepThis,
        Msg::ConflictBadge,
        Msg::ResolveFailed,
        Msg::OutboxNotRead,
        Msg::OutboxNotSaved,
        Msg::UploadTitle,
        Msg::UploadUrl,
        Msg::UploadUrlSave,
        Msg::UploadUrlSaved,
        Msg::UploadNoUrl,
        Msg::UploadOfflineWait,
        Msg::UploadAuto,
        Msg::UploadSending,
        Msg::UploadSendNow,
        Msg::UploadWaiting,
        Msg::HubEnrolCode,
        Msg::HubEnrol,
        Msg::HubEnrolled,
        Msg::HubEnrolNeedUrl,
        Msg::HubEnrolFailed,
        Msg::OutboxTitle,
        Msg::OutboxPending,
        Msg::OutboxFailing,
        Msg::OutboxSent,
        Msg::OutboxBundles,
        Msg::OutboxRecords,
        Msg::OutboxRecordsHead,
        Msg::OutboxEmpty,
        Msg::OutboxBundle,
        Msg::OutboxCreated,
        Msg::OutboxSize,
        Msg::OutboxAttempts,
        Msg::OutboxStatus,
        Msg::OutboxNextAttempt,
        Msg::OutboxAckedAt,
        Msg::OutboxDuplicate,
        Msg::PartNotLoaded,
    ];
}
