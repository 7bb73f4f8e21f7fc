import type { Widen } from "../index.ts";

/**
 * Vietnamese strings of the app shell, the sync indicator, the update prompt and the settings page.
 * Vietnamese is the default locale; terms follow /work/shared/GLOSSARY.md. The English catalog
 * (../en/common.ts) must have the same keys and shapes ({@link CommonDict}); top-level keys must not
 * collide with ../vi/meetings.ts (both are merged into one dictionary; i18n/index.ts checks it).
 *
 * Messages with arguments are functions taking one object, like the meetings catalog.
 */
export const common = {
  app: {
    name: "HọpSố",
    tagline: "Họp không giấy",
    homeLink: "HọpSố — về trang cuộc họp",
  },
  shell: {
    skipToContent: "Bỏ qua, đến nội dung chính",
    navLabel: "Điều hướng chính",
    menu: "Danh mục",
    loadingPage: "Đang tải trang…",
    pageFailed: "Không tải được trang này.",
    reloadPage: "Tải lại trang",
  },
  nav: {
    meetings: "Cuộc họp",
    profile: "Hồ sơ",
    settings: "Cài đặt",
  },
  language: {
    label: "Ngôn ngữ",
    vi: "Tiếng Việt",
    en: "English",
  },
  sync: {
    label: "Trạng thái đồng bộ",
    offline: "Ngoại tuyến",
    offlineNetwork: "Thiết bị đang mất mạng. Các thay đổi được lưu trên máy và sẽ gửi khi có mạng.",
    offlineRelay: "Không kết nối được máy chủ. Các thay đổi được lưu trên máy; đang thử kết nối lại.",
    connecting: "Đang kết nối…",
    syncing: "Đang đồng bộ…",
    synced: "Đã đồng bộ",
    pending: (a: { count: number }) => `${a.count} thay đổi chưa lên máy chủ`,
    lastSynced: (a: { time: string }) => `Đồng bộ lần cuối: ${a.time}`,
    neverSynced: "Chưa đồng bộ lần nào",
  },
  update: {
    available: "Đã có phiên bản mới của HọpSố.",
    apply: "Cập nhật",
    later: "Để sau",
    applying: "Đang cập nhật…",
    updatedElsewhere: "HọpSố đã được cập nhật ở một cửa sổ khác. Tải lại để dùng phiên bản mới.",
    reload: "Tải lại",
    offlineReady: "HọpSố đã sẵn sàng dùng khi mất mạng.",
    dismiss: "Đóng",
  },
  workspace: {
    loading: "Đang mở dữ liệu cơ quan…",
    noSession: "Thiết bị này chưa đăng nhập.",
    notFound:
      "Chưa có dữ liệu cơ quan trên thiết bị này. Lần mở đầu tiên cần kết nối tới máy chủ HọpSố; hãy kết nối mạng rồi thử lại.",
    invalid: "Dữ liệu cơ quan bị lỗi; ứng dụng sẽ không ghi vào để tránh mất dữ liệu.",
    newer: "Dữ liệu được tạo bằng phiên bản HọpSố mới hơn nên chỉ xem được. Hãy cập nhật ứng dụng.",
    older:
      "Đang chờ máy chủ cập nhật dữ liệu. Dữ liệu cơ quan đang theo cấu trúc cũ nên tạm thời chỉ xem được; máy chủ sẽ tự cập nhật khi thiết bị kết nối.",
    replaced: "Máy chủ đang phục vụ một bộ dữ liệu cơ quan khác. Tải lại để mở bộ dữ liệu mới.",
    retry: "Thử lại",
  },
  settings: {
    title: "Cài đặt",
    languageHeading: "Ngôn ngữ hiển thị",
    storageHeading: "Lưu trữ trên thiết bị",
    storageIntro:
      "Cuộc họp và tài liệu được lưu ngay trên thiết bị để dùng khi mất mạng. Lưu trữ lâu dài ngăn trình duyệt tự xóa chúng khi thiếu dung lượng.",
    persisted: "Lưu trữ lâu dài: đã được bật. Trình duyệt sẽ không tự xóa dữ liệu của HọpSố.",
    notPersisted: "Lưu trữ lâu dài: chưa được bật. Trình duyệt có thể xóa dữ liệu khi thiếu dung lượng.",
    persistUnknown: "Đang kiểm tra lưu trữ lâu dài…",
    persistUnsupported: "Trình duyệt này không hỗ trợ lưu trữ lâu dài.",
    requestPersist: "Yêu cầu lưu trữ lâu dài",
    requesting: "Đang yêu cầu…",
    persistGranted: "Trình duyệt đã đồng ý lưu trữ lâu dài.",
    persistDenied:
      "Trình duyệt chưa đồng ý. Cài HọpSố lên màn hình chính hoặc dùng ứng dụng thường xuyên rồi thử lại.",
    usage: (a: { used: string; quota: string; percent: string }) =>
      `Đã dùng ${a.used} trên ${a.quota} được phép (${a.percent}).`,
    usageLoading: "Đang đo dung lượng đã dùng…",
    usageUnknown: "Không đọc được dung lượng đã dùng.",
    aboutHeading: "Thông tin ứng dụng",
    version: "Phiên bản",
    revision: "Bản dựng",
  },
  notFound: {
    title: "Không tìm thấy trang",
    body: "Địa chỉ này không có trong HọpSố.",
    back: "Về danh sách cuộc họp",
  },
};

/** The shape every locale's common catalog must have (same keys, same argument types). */
export type CommonDict = Widen<typeof common>;
