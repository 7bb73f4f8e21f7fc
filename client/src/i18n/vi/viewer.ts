import type { Widen } from "../index.ts";

/**
 * Vietnamese strings of the PDF viewer (`viewer`) and of offline search over meeting documents
 * (`paperSearch`). Terms follow /work/shared/GLOSSARY.md ("tài liệu họp"). The English catalog
 * (../en/viewer.ts) has the same keys and shapes ({@link ViewerDict}).
 */
export const viewer = {
  viewer: {
    regionLabel: (a: { name: string }) => `Trình xem tài liệu: ${a.name}`,
    toolbarLabel: "Công cụ xem tài liệu",
    loading: "Đang mở tài liệu…",
    loadingViewer: "Đang tải trình xem tài liệu…",
    previous: "Trang trước",
    next: "Trang sau",
    pageLabel: "Trang",
    pageOf: (a: { count: number }) => `/ ${a.count}`,
    pageAnnounce: (a: { page: number; count: number }) => `Trang ${a.page} trên ${a.count}`,
    zoomOut: "Thu nhỏ",
    zoomIn: "Phóng to",
    zoomLabel: "Thu phóng",
    fitWidth: "Vừa chiều rộng",
    fitPage: "Vừa trang",
    percent: (a: { percent: number }) => `${a.percent}%`,
    rotate: "Xoay trang",
    rotated: (a: { degrees: number }) => `Đã xoay ${a.degrees}°`,
    thumbnails: "Trang thu nhỏ",
    showThumbnails: "Hiện trang thu nhỏ",
    hideThumbnails: "Ẩn trang thu nhỏ",
    thumbnailLabel: (a: { page: number }) => `Trang ${a.page}`,
    pagesLabel: "Các trang tài liệu",
    pageRegion: (a: { page: number }) => `Trang ${a.page}`,
    pageFailed: "Không hiển thị được trang này.",
    findLabel: "Tìm trong tài liệu",
    findPlaceholder: "Tìm trong tài liệu (Ctrl+F)",
    findPrevious: "Kết quả trước",
    findNext: "Kết quả sau",
    findClose: "Xóa tìm kiếm",
    finding: "Đang tìm…",
    findCount: (a: { current: number; total: number; pages: number }) =>
      `Kết quả ${a.current}/${a.total} (trên ${a.pages} trang)`,
    findNone: "Không tìm thấy trong tài liệu này.",
    findNoText: "Tài liệu này là bản quét, không có lớp chữ: không tìm kiếm được.",
    shortcuts:
      "Phím tắt: PageUp/PageDown chuyển trang, Home/End trang đầu/cuối, + và − thu phóng, R xoay, Ctrl+F tìm.",
    passwordTitle: "Tài liệu có mật khẩu",
    passwordIntro: "Nhập mật khẩu để mở tài liệu. Mật khẩu chỉ dùng trên thiết bị này và không được lưu.",
    passwordLabel: "Mật khẩu",
    passwordWrong: "Sai mật khẩu. Hãy thử lại.",
    passwordRequired: "Nhập mật khẩu.",
    passwordOpen: "Mở",
    passwordCancel: "Hủy",
    cancelled: "Chưa mở tài liệu vì chưa nhập mật khẩu.",
    enterPassword: "Nhập mật khẩu",
    damaged: "Tệp bị hỏng hoặc không phải là tệp PDF hợp lệ, nên không mở được.",
    failed: "Không mở được tài liệu này.",
    retry: "Thử lại",
    opened: (a: { name: string; count: number }) => `Đã mở “${a.name}”, ${a.count} trang.`,
  },
  paperSearch: {
    heading: "Tìm trong tài liệu họp",
    meetingLabel: "Tìm trong tài liệu của cuộc họp",
    allLabel: "Tìm trong tài liệu của mọi cuộc họp",
    placeholder: "Ví dụ: kết luận (gõ không dấu cũng được)",
    submit: "Tìm",
    hint: "Tìm ngay trên thiết bị, không cần mạng; không phân biệt dấu, chữ hoa hay chữ thường.",
    resultsLabel: "Kết quả tìm kiếm",
    count: (a: { hits: number; files: number }) => `${a.hits} trang có kết quả, trong ${a.files} tài liệu`,
    none: (a: { query: string }) => `Không tìm thấy “${a.query}” trong tài liệu đã có trên thiết bị.`,
    pageHit: (a: { page: number }) => `Trang ${a.page}`,
    openHit: (a: { name: string; page: number }) => `Mở ${a.name}, trang ${a.page}`,
    notSearchable: "Không tìm kiếm được (bản quét, không có lớp chữ):",
    indexing: (a: { done: number; total: number }) => `Đang chuẩn bị tìm kiếm: ${a.done}/${a.total} tài liệu`,
    notLocal: (a: { count: number }) =>
      `${a.count} tài liệu chưa tải về thiết bị nên chưa tìm được trong đó.`,
    failedFiles: (a: { count: number }) =>
      `${a.count} tài liệu không đọc được chữ (tệp hỏng hoặc có mật khẩu).`,
    more: (a: { shown: number; total: number }) => `Hiện ${a.shown} trên ${a.total} trang có kết quả.`,
    noPapers: "Chưa có tài liệu nào trên thiết bị này.",
  },
  paperViewer: {
    back: "Tài liệu họp",
    loading: "Đang tải tài liệu…",
    unavailableTitle: "Không mở được tài liệu",
    notFound: "Không tìm thấy tài liệu này trong cuộc họp (có thể đã bị gỡ).",
    notLocal:
      "Tài liệu chưa có trên thiết bị này. Khi có mạng, ứng dụng sẽ tự tải về; sau đó mở được cả khi mất mạng.",
    downloading: (a: { percent: number }) => `Đang tải về: ${a.percent}%`,
    readError: "Không đọc được tệp từ bộ nhớ của thiết bị.",
    newVersion: "Tài liệu này đã có phiên bản mới.",
    openNewVersion: "Mở phiên bản mới",
    version: (a: { version: number }) => `Phiên bản ${a.version}`,
    pages: (a: { count: number }) => `${a.count} trang`,
  },
  searchPage: {
    title: "Tìm kiếm tài liệu",
    intro: "Tìm một cụm từ trong tài liệu của mọi cuộc họp đã tải về thiết bị này — không cần mạng.",
    nav: "Tìm kiếm",
  },
};

/** The shape every locale's viewer catalog must have (same keys, same argument types). */
export type ViewerDict = Widen<typeof viewer>;
