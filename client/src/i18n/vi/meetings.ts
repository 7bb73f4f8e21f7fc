import type { ReasonCode } from "../../../../shared/src/errors.ts";
import { MEETING_TEXT_LIMITS } from "../../../../shared/src/meeting/changes.ts";
import type { MeetingKind, MeetingRole, MeetingStatus } from "../../../../shared/src/meeting/types.ts";

/**
 * Vietnamese strings of the meeting screens (list, meeting page, form). Vietnamese is the default
 * locale; terms follow /work/shared/GLOSSARY.md. The English catalog (../en/meetings.ts) must have the
 * same keys and shapes ({@link MeetingsDict}).
 *
 * Messages with arguments are functions so they resolve the same way whatever template resolver the
 * i18n module uses.
 */
export const meetings = {
  /** Section tabs of a meeting (components/meeting/MeetingLayout.tsx). */
  tabs: {
    overview: "Tổng quan",
    papers: "Tài liệu",
    opinions: "Ý kiến",
    run: "Điều hành họp",
    votes: "Biểu quyết",
    conclusion: "Kết luận",
    label: "Các mục của cuộc họp",
  },
  kind: {
    regular: "Họp thường kỳ",
    thematic: "Họp chuyên đề",
    council_session: "Kỳ họp HĐND",
    written_consultation: "Lấy ý kiến bằng văn bản",
  } satisfies Record<MeetingKind, string>,
  status: {
    draft: "Dự thảo",
    published: "Đã gửi tài liệu",
    in_session: "Đang họp",
    concluded: "Đã kết luận",
    archived: "Lưu trữ",
  } satisfies Record<MeetingStatus, string>,
  /** Button text for moving a meeting to a status. */
  transition: {
    draft: "Chuyển về dự thảo",
    published: "Gửi tài liệu",
    in_session: "Bắt đầu họp",
    concluded: "Kết luận cuộc họp",
    archived: "Lưu trữ",
  } satisfies Record<MeetingStatus, string>,
  role: {
    chair: "Chủ trì",
    secretary: "Thư ký",
    participant: "Thành phần dự họp",
    observer: "Khách mời",
  } satisfies Record<MeetingRole, string>,
  /** UI text for every shared ReasonCode (shared/src/errors.ts). */
  error: {
    not_found: "Không tìm thấy mục này; có thể nó đã bị xóa trên thiết bị khác.",
    deleted: "Mục này đã bị xóa.",
    invalid_input: "Dữ liệu nhập chưa hợp lệ. Vui lòng kiểm tra lại.",
    invalid_transition: "Không thể chuyển cuộc họp sang trạng thái này.",
    read_only: "Cuộc họp này chỉ được xem, không thể sửa.",
    newer_schema: "Cuộc họp này được tạo bằng phiên bản ứng dụng mới hơn. Cập nhật ứng dụng để sửa.",
    invalid_document: "Dữ liệu cuộc họp bị lỗi; ứng dụng sẽ không ghi vào để tránh mất dữ liệu.",
    awaiting_migration: "Đang chờ máy chủ cập nhật dữ liệu nên tạm thời chưa sửa được.",
    unknown: "Đã có lỗi xảy ra. Vui lòng thử lại.",
  } satisfies Record<ReasonCode | "awaiting_migration" | "unknown", string>,
  list: {
    heading: "Cuộc họp",
    tabsLabel: "Thời gian",
    upcoming: "Sắp tới",
    past: "Đã qua",
    filterLabel: "Lọc cuộc họp",
    filterPlaceholder: "Tìm theo tên, cơ quan, địa điểm…",
    clearFilter: "Xóa bộ lọc",
    create: "Tạo cuộc họp",
    loading: "Đang tải danh sách cuộc họp…",
    workspaceUnavailable: "Chưa tải được dữ liệu cơ quan. Kiểm tra kết nối mạng rồi thử lại.",
    emptyUpcoming: "Chưa có cuộc họp sắp tới.",
    emptyPast: "Chưa có cuộc họp đã qua.",
    emptyFiltered: (a: { filter: string }) => `Không có cuộc họp nào khớp với “${a.filter}”.`,
    emptyHint: "Bấm “Tạo cuộc họp” để lên lịch cuộc họp đầu tiên.",
    count: (a: { count: number }) => `${a.count} cuộc họp`,
    unavailableCard: "Cuộc họp chưa có trên thiết bị này (đang chờ đồng bộ).",
    invalidCard: "Dữ liệu cuộc họp bị lỗi.",
    newerCard: "Cần cập nhật ứng dụng để xem đầy đủ.",
    olderCard: "Đang chờ máy chủ cập nhật dữ liệu.",
    loadingCard: "Đang tải…",
  },
  docState: {
    loading: "Đang tải cuộc họp…",
    unavailable:
      "Cuộc họp chưa có trên thiết bị này. Nếu bạn được mời dự họp, ứng dụng sẽ tự tải về khi kết nối được máy chủ; nếu không, bạn không có quyền xem cuộc họp này.",
    invalidTitle: "Dữ liệu cuộc họp bị lỗi",
    invalidBody:
      "Tài liệu này không đúng cấu trúc nên ứng dụng chỉ hiển thị lỗi và không ghi gì vào, để tránh làm hỏng dữ liệu.",
    invalidIssues: "Chi tiết lỗi",
    newerTitle: "Cập nhật ứng dụng",
    newerBody:
      "Cuộc họp này được lưu bằng phiên bản HọpSố mới hơn. Bạn có thể xem nhưng không thể sửa cho đến khi cập nhật ứng dụng.",
    olderTitle: "Đang chờ máy chủ cập nhật dữ liệu",
    olderBody:
      "Cuộc họp này đang theo cấu trúc dữ liệu cũ. Máy chủ sẽ tự cập nhật khi thiết bị kết nối; trong lúc chờ, bạn chỉ xem được.",
    backToList: "Về danh sách cuộc họp",
  },
  meeting: {
    details: "Thông tin cuộc họp",
    issuingBody: "Cơ quan tổ chức",
    kind: "Loại cuộc họp",
    time: "Thời gian",
    timeRange: (a: { date: string; start: string; end: string }) => `${a.start}–${a.end}, ${a.date}`,
    timeRangeMultiDay: (a: { startDate: string; start: string; endDate: string; end: string }) =>
      `${a.start} ${a.startDate} – ${a.end} ${a.endDate}`,
    location: "Địa điểm",
    onlineLink: "Họp trực tuyến",
    noLocation: "Chưa có địa điểm",
    status: "Trạng thái",
    nextStatus: "Chuyển trạng thái",
    edit: "Sửa thông tin",
    back: "Danh sách cuộc họp",
    participants: "Thành phần dự họp",
    noParticipants: "Chưa có thành phần dự họp.",
    participantCount: (a: { count: number }) => `${a.count} người`,
    addParticipant: "Thêm người dự họp",
    removeParticipant: (a: { name: string }) => `Bỏ ${a.name} khỏi thành phần dự họp`,
    statusChanged: (a: { status: string }) => `Đã chuyển trạng thái: ${a.status}.`,
    viewOnly: "Bạn chỉ xem được cuộc họp này. Chủ trì, thư ký cuộc họp và thư ký cơ quan mới được sửa.",
    guest: "Khách ngoài danh bạ",
    guestNoAccess: "Khách ngoài danh bạ: không có quyền truy cập trên HọpSố",
  },
  history: {
    heading: "Lịch sử thay đổi",
    intro: "Ai đã thay đổi gì trong cuộc họp này, từ thiết bị nào và khi nào.",
    show: "Xem lịch sử thay đổi",
    hide: "Ẩn lịch sử",
    refresh: "Làm mới",
    loading: "Đang tải lịch sử…",
    empty: "Chưa có thay đổi nào.",
    offline:
      "Đang ngoại tuyến: chỉ hiện các thay đổi có trên thiết bị; thông tin ai đã thay đổi sẽ có khi kết nối máy chủ.",
    auditUnavailable: "Máy chủ chưa có nhật ký cho cuộc họp này; chỉ hiện các thay đổi có trên thiết bị.",
    auditError: "Không tải được nhật ký từ máy chủ; chỉ hiện các thay đổi có trên thiết bị.",
    who: "Người thay đổi",
    device: "Thiết bị",
    when: "Thời gian",
    what: "Nội dung",
    unknown: "Chưa rõ",
    notOnServer: "Chưa lên máy chủ",
    notInLog: "Không có trong nhật ký máy chủ",
    noMessage: "(không có mô tả)",
    relay: "Máy chủ HọpSố",
    admin: "Quản trị viên (công cụ quản trị)",
    receivedAt: (a: { time: string }) => `máy chủ nhận lúc ${a.time}`,
    more: "Xem thêm",
    count: (a: { shown: number; total: number }) =>
      `Đang hiện ${a.shown} trên ${a.total} thay đổi, mới nhất trước.`,
  },
  agenda: {
    heading: "Chương trình họp",
    empty: "Chưa có nội dung nào trong chương trình họp.",
    total: (a: { minutes: string }) => `Tổng thời lượng dự kiến: ${a.minutes}`,
    minutes: (a: { minutes: number }) => `${a.minutes} phút`,
    hoursMinutes: (a: { hours: number; minutes: number }) =>
      a.minutes === 0 ? `${a.hours} giờ` : `${a.hours} giờ ${a.minutes} phút`,
    presenter: "Trình bày",
    noPresenter: "Chưa có người trình bày",
    add: "Thêm nội dung",
    edit: "Sửa",
    remove: "Xóa",
    removed: (a: { title: string }) => `Đã xóa nội dung “${a.title}”.`,
    deletedHeading: (a: { count: number }) => `Nội dung đã xóa (${a.count})`,
    restore: "Khôi phục",
    restored: (a: { title: string }) => `Đã khôi phục nội dung “${a.title}”.`,
    up: "Lên",
    down: "Xuống",
    dragHandle: (a: { title: string }) => `Kéo để sắp xếp “${a.title}”`,
    reorderHelp:
      "Sắp xếp nội dung: kéo biểu tượng ⠿, hoặc chọn một nội dung rồi dùng nút Lên/Xuống hay Alt + mũi tên lên/xuống.",
    moved: (a: { title: string; position: number; total: number }) =>
      `Đã chuyển “${a.title}” tới vị trí ${a.position} trên ${a.total}.`,
    formAddHeading: "Thêm nội dung",
    formEditHeading: "Sửa nội dung",
    title: "Tên nội dung",
    presenterLabel: "Người trình bày",
    plannedMinutes: "Thời lượng (phút)",
    description: "Mô tả",
    save: "Lưu",
    cancel: "Hủy",
    titleRequired: "Nhập tên nội dung.",
    minutesInvalid: "Thời lượng là số phút nguyên từ 0 đến 1440.",
  },
  form: {
    createHeading: "Tạo cuộc họp",
    editHeading: "Sửa thông tin cuộc họp",
    title: "Tên cuộc họp",
    issuingBody: "Cơ quan tổ chức",
    kind: "Loại cuộc họp",
    date: "Ngày họp",
    dateHint: "Định dạng dd/MM/yyyy, ví dụ 05/12/2026",
    endDate: "Ngày kết thúc",
    endDateHint: "Để trống nếu cuộc họp kết thúc trong ngày; dạng dd/MM/yyyy",
    startTime: "Giờ bắt đầu",
    endTime: "Giờ kết thúc",
    timeHint: "24 giờ, HH:mm, ví dụ 14:30",
    location: "Địa điểm",
    onlineLink: "Đường dẫn họp trực tuyến",
    onlineLinkHint:
      "Không bắt buộc; địa chỉ web đầy đủ, bắt đầu bằng https:// (hoặc http:// trong mạng nội bộ)",
    participants: "Thành phần dự họp",
    participantName: "Họ và tên",
    participantPosition: "Chức vụ",
    participantRole: "Vai trò",
    participantNumber: (a: { n: number }) => `Người dự họp ${a.n}`,
    addParticipant: "Thêm người dự họp",
    removeParticipant: (a: { n: number }) => `Xóa người dự họp ${a.n}`,
    create: "Tạo cuộc họp",
    save: "Lưu thay đổi",
    cancel: "Hủy",
    saving: "Đang lưu…",
    errorSummary: (a: { count: number }) => `Có ${a.count} mục cần sửa trước khi lưu.`,
    titleRequired: "Nhập tên cuộc họp.",
    titleTooLong: `Tên cuộc họp quá dài: tối đa ${MEETING_TEXT_LIMITS.title} ký tự. Hãy rút gọn.`,
    issuingBodyTooLong: `Tên cơ quan quá dài: tối đa ${MEETING_TEXT_LIMITS.issuingBody} ký tự.`,
    locationTooLong: `Địa điểm quá dài: tối đa ${MEETING_TEXT_LIMITS.location} ký tự.`,
    titleCount: (a: { count: number; max: number }) => `${a.count}/${a.max} ký tự`,
    dateInvalid: "Nhập ngày theo dạng dd/MM/yyyy, ví dụ 05/12/2026.",
    dateNotReal: "Ngày này không có trong lịch (ví dụ 31/02); kiểm tra lại ngày và tháng.",
    timeInvalid: "Nhập giờ theo dạng HH:mm (24 giờ), ví dụ 14:30.",
    endBeforeStart: "Giờ kết thúc phải sau giờ bắt đầu.",
    linkInvalid: "Đường dẫn phải là địa chỉ web đầy đủ, bắt đầu bằng https:// hoặc http://.",
    participantNameRequired: "Nhập họ và tên.",
    participantMember: "Thành viên",
    chooseMember: "— Chọn thành viên —",
    guestOption: "Khách ngoài danh bạ (chỉ ghi tên)",
    guestNote:
      "Khách ngoài danh bạ không có tài khoản HọpSố nên không xem được cuộc họp trên ứng dụng; tên chỉ được ghi vào thành phần dự họp.",
    memberRequired: "Chọn một thành viên, hoặc “Khách ngoài danh bạ”.",
    noDirectory: "Danh bạ cơ quan chưa có thành viên nào; chỉ thêm được khách ngoài danh bạ.",
    notAllowed: "Chỉ quản trị viên và thư ký cơ quan được tạo cuộc họp.",
  },
};

type Widen<T> = T extends string
  ? string
  : T extends (...args: infer A) => string
    ? (...args: A) => string
    : { readonly [K in keyof T]: Widen<T[K]> };

/** The shape every locale's meetings catalog must have (same keys, same argument types). */
export type MeetingsDict = Widen<typeof meetings>;
