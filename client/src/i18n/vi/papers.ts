import type { BlobReason } from "../../../../shared/src/blobs/protocol.ts";
import type { PaperKind } from "../../../../shared/src/meeting/papers.ts";
import type { Widen } from "../index.ts";

/**
 * Vietnamese strings of meeting papers (tài liệu họp): attaching, the list, versions, receipts and
 * offline copies. Terms follow /work/shared/GLOSSARY.md. The English catalog (../en/papers.ts) has the
 * same shape ({@link PapersDict}).
 */
export const papers = {
  papers: {
    intro: "Tài liệu được gửi tới mọi thành viên dự họp và lưu trên thiết bị để đọc cả khi không có mạng.",
    kind: {
      submission: "Tờ trình",
      draft_resolution: "Dự thảo nghị quyết",
      draft_decision: "Dự thảo quyết định",
      report: "Báo cáo",
      reference: "Tài liệu tham khảo",
      other: "Tài liệu khác",
    } satisfies Record<PaperKind, string>,
    wholeMeeting: "Tài liệu chung của cuộc họp",
    none: "Chưa có tài liệu.",
    noneForItem: "Chưa có tài liệu cho nội dung này.",
    pages: (a: { pages: number }) => `${a.pages} trang`,
    passwordProtected: "Có mật khẩu",
    version: (a: { version: number }) => `Phiên bản ${a.version}`,
    newVersion: "Phiên bản mới",
    notOpened: "Chưa xem",
    opened: "Đã xem",
    onDevice: "Đã có trên máy",
    notOnDevice: "Chưa tải về máy",
    olderVersions: (a: { count: number }) => `Các phiên bản trước (${a.count})`,
    addedOn: (a: { date: string }) => `thêm ngày ${a.date}`,
    newVersionCard: (a: { count: number }) => `${a.count} tài liệu có phiên bản mới`,
    newVersionNotice: (a: { count: number }) =>
      a.count === 1
        ? "Có 1 tài liệu bạn đã xem vừa có phiên bản mới:"
        : `Có ${a.count} tài liệu bạn đã xem vừa có phiên bản mới:`,
    attach: {
      heading: "Thêm tài liệu",
      drop: "Kéo thả tệp PDF vào đây, hoặc",
      pick: "Chọn tệp PDF…",
      pickLabel: "Chọn tệp PDF để thêm (có thể chọn nhiều tệp)",
      kindLabel: "Loại tài liệu",
      targetLabel: "Thuộc",
      onlyPdf: "Chỉ nhận tệp PDF.",
      limit: "Máy chủ giới hạn dung lượng mỗi tệp (mặc định 100 MB).",
      waiting: "Đang chờ tải lên",
      uploading: "Đang tải lên",
      checking: "Máy chủ đang kiểm tra tệp…",
      done: "Đã thêm",
      failed: "Không thêm được",
      dismiss: "Đóng",
      progressLabel: (a: { name: string }) => `Tiến độ tải lên ${a.name}`,
      readOnly: "Chỉ chủ trì và thư ký cuộc họp được thêm tài liệu.",
    },
    replace: "Thay bằng phiên bản mới…",
    replaceLabel: (a: { name: string }) => `Chọn tệp PDF thay cho ${a.name}`,
    remove: "Xóa",
    removeConfirm: (a: { name: string }) => `Xóa tài liệu “${a.name}” cùng mọi phiên bản?`,
    moveLabel: (a: { name: string }) => `Chuyển ${a.name} tới`,
    offline: {
      heading: "Trên thiết bị này",
      ready: "Sẵn sàng ngoại tuyến",
      progress: (a: { done: number; total: number }) => `Đã tải ${a.done}/${a.total} tệp`,
      progressLabel: "Tiến độ tải tài liệu về máy",
      used: (a: { size: string }) => `Dung lượng trên máy: ${a.size}`,
      waiting: "Đang chờ kết nối để tải tài liệu về máy.",
      failed: "Chưa tải được một số tệp:",
      retry: "Thử lại",
      remove: "Xóa tệp khỏi máy",
      removeHint:
        "Cuộc họp đã qua: có thể xóa tệp khỏi máy để giải phóng dung lượng. Tài liệu vẫn còn trên máy chủ.",
      removed: "Đã xóa tệp của cuộc họp này khỏi máy.",
      downloadAgain: "Tải lại về máy",
      noFiles: "Cuộc họp chưa có tài liệu.",
    },
    receipts: {
      heading: "Tình hình nhận và xem tài liệu",
      caption: "Mỗi ô cho biết thành viên đã nhận tài liệu trên thiết bị, đã xem, hay chưa nhận.",
      member: "Thành viên",
      none: "Chưa nhận",
      received: "Đã nhận",
      opened: "Đã xem",
      summary: (a: { opened: number; total: number }) => `${a.opened}/${a.total} đã xem`,
      noMembers: "Cuộc họp chưa có thành viên có tài khoản.",
    },
  },
  /** Why a file was refused or could not be fetched (codes from shared/src/blobs/protocol.ts). */
  blob: {
    bad_hash: "Tên tệp trên máy chủ không hợp lệ.",
    hash_mismatch: "Tệp bị thay đổi hoặc bị cắt trên đường truyền. Hãy thử lại.",
    length_required: "Trình duyệt không gửi kích thước tệp. Hãy thử lại.",
    too_large: "Tệp lớn hơn giới hạn cho phép.",
    empty: "Tệp rỗng.",
    not_pdf: "Không phải tệp PDF.",
    truncated: "Tệp PDF không trọn vẹn (bị cắt cụt).",
    damaged: "Tệp PDF bị hỏng, không đọc được.",
    too_complex: "Tệp quá phức tạp để máy chủ kiểm tra.",
    no_space: "Máy chủ hết dung lượng lưu trữ.",
    forbidden: "Bạn không có quyền với tệp này.",
    not_found: "Máy chủ chưa có tệp này (người gửi chưa tải lên xong).",
    range_not_satisfiable: "Yêu cầu tải một phần tệp không hợp lệ.",
    offline: "Không kết nối được máy chủ.",
    unauthenticated: "Thiết bị chưa đăng nhập.",
    integrity: "Tệp tải về không khớp mã kiểm tra; sẽ tải lại.",
    bad_response: "Máy chủ trả lời không hợp lệ.",
    aborted: "Đã hủy.",
    quota: "Thiết bị hết dung lượng lưu trữ.",
  } satisfies Record<
    BlobReason | "offline" | "unauthenticated" | "integrity" | "bad_response" | "aborted" | "quota",
    string
  >,
};

export type PapersDict = Widen<typeof papers>;
