import type { WorkspaceRole } from "../../../../shared/src/access/policy.ts";
import type { Widen } from "../index.ts";

/**
 * Vietnamese strings of sign-in (mã mời), the end of access, the offline lock and the profile with the
 * member's devices. Terms follow /work/shared/GLOSSARY.md. The English catalog (../en/access.ts) must
 * have the same keys and shapes ({@link AccessDict}); top-level keys must not collide with the other
 * areas (i18n/index.ts checks it).
 */
export const access = {
  join: {
    title: "Đăng nhập thiết bị",
    intro:
      "Nhập mã mời do quản trị viên cấp, hoặc mở đường dẫn trong thư mời. Thiết bị này sẽ được đăng ký cho tài khoản của bạn trong cơ quan.",
    formLabel: "Đăng ký thiết bị bằng mã mời",
    codeLabel: "Mã mời",
    codeHint: "10 ký tự dạng XXXXX-XXXXX; có hay không có dấu gạch, chữ hoa hay chữ thường đều được.",
    codeFromLink: "Mã mời đã được điền sẵn từ đường dẫn.",
    deviceNameLabel: "Tên thiết bị",
    deviceNameHint: "Để bạn nhận ra thiết bị này trong danh sách thiết bị, ví dụ “iPad phòng họp số 1”.",
    keyNote:
      "Thiết bị sẽ tạo một khóa bảo mật riêng (không sao chép ra ngoài được) để ký biểu quyết và ý kiến của bạn.",
    submit: "Đăng ký thiết bị",
    submitting: "Đang đăng ký…",
    codeRequired: "Nhập mã mời.",
    codeInvalid: "Mã mời gồm 10 chữ và số, ví dụ 7K3QD-M9XTA.",
    deviceNameRequired: "Nhập tên thiết bị.",
    success: "Đã đăng ký thiết bị. Đang mở danh sách cuộc họp…",
    alreadySignedIn:
      "Thiết bị này đang đăng nhập. Đăng ký bằng một mã mời mới sẽ thay thế phiên đăng nhập hiện tại.",
    toMeetings: "Về danh sách cuộc họp",
    checking: "Đang kiểm tra đăng nhập…",
    offlineStart: "Thiết bị đang ngoại tuyến. Cần kết nối mạng tới máy chủ HọpSố để đăng nhập.",
    previousEnd: "Lần trước:",
  },
  /** Why an invitation was refused (state/session.ts RedeemFailure). */
  joinError: {
    invalid_code: "Mã mời không đúng. Kiểm tra lại 10 ký tự trong thư mời.",
    invitation_expired: "Mã mời đã hết hạn. Đề nghị quản trị viên cấp mã mới.",
    invitation_used:
      "Mã mời này đã được sử dụng. Mỗi mã chỉ dùng được một lần; đề nghị quản trị viên cấp mã mới.",
    invalid_public_key:
      "Máy chủ không chấp nhận khóa bảo mật của thiết bị. Thử lại; nếu vẫn lỗi, hãy dùng trình duyệt khác.",
    rate_limited: "Đã thử quá nhiều lần. Vui lòng đợi một lúc rồi thử lại.",
    offline: "Không kết nối được máy chủ HọpSố. Kiểm tra kết nối mạng rồi thử lại.",
    crypto_unavailable:
      "Trình duyệt này không tạo được khóa bảo mật cho thiết bị. Hãy mở HọpSố qua địa chỉ https:// bằng trình duyệt mới (Chrome, Edge, Safari, Firefox), không dùng chế độ ẩn danh.",
    server_error: "Máy chủ HọpSố đang gặp lỗi. Vui lòng thử lại sau.",
    retryAfter: (a: { minutes: number }) => `Có thể thử lại sau khoảng ${a.minutes} phút.`,
  },
  ended: {
    title: "Quyền truy cập của thiết bị này đã kết thúc",
    reason: {
      unauthenticated:
        "Máy chủ không còn nhận ra thiết bị này: thông tin đăng nhập trên thiết bị đã mất hoặc hết hạn.",
      credential_invalid:
        "Thông tin đăng nhập của thiết bị không còn hợp lệ (có thể đã được thay mới từ một cửa sổ hoặc thiết bị khác).",
      device_revoked:
        "Thiết bị đã bị thu hồi (bởi quản trị viên, hoặc bạn đã đăng xuất thiết bị này từ một thiết bị khác).",
      member_disabled: "Tài khoản của bạn đã bị vô hiệu hóa trong cơ quan.",
      signed_out: "Bạn đã đăng xuất thiết bị này.",
    },
    erasing: "Đang xóa dữ liệu cuộc họp trên thiết bị…",
    erased: "Dữ liệu cuộc họp và tài liệu đã lưu trên thiết bị này đã được xóa.",
    kept: "Dữ liệu cuộc họp vẫn nằm trên thiết bị nhưng chỉ xem được sau khi đăng nhập lại.",
    eraseFailed:
      "Chưa xóa hết dữ liệu cuộc họp trên thiết bị. Hãy đóng các cửa sổ HọpSố khác rồi bấm “Xóa lại”.",
    retryErase: "Xóa lại",
    stopped: "Thiết bị đã ngừng kết nối tới máy chủ.",
    when: (a: { time: string }) => `Thời điểm: ${a.time}`,
    signInAgain: "Đăng nhập lại",
    signInHint: "Để đăng nhập lại, bạn cần một mã mời mới từ quản trị viên.",
  },
  lock: {
    title: "Dữ liệu cuộc họp đang bị khóa",
    body: (a: { days: number; time: string }) =>
      `Thiết bị này đã không kết nối máy chủ HọpSố quá ${a.days} ngày (lần cuối: ${a.time}). Để bảo vệ tài liệu họp khi thiết bị bị thất lạc, dữ liệu cuộc họp bị khóa cho tới khi thiết bị kết nối lại và máy chủ xác nhận quyền truy cập.`,
    never: "chưa rõ",
    retry: "Kết nối lại",
    checking: "Đang kết nối máy chủ…",
    offline: "Chưa kết nối được máy chủ. Kiểm tra mạng rồi thử lại.",
    error: "Máy chủ chưa xác nhận được. Vui lòng thử lại sau.",
  },
  profile: {
    title: "Hồ sơ",
    memberHeading: "Thông tin thành viên",
    name: "Họ và tên",
    position: "Chức vụ",
    unit: "Đơn vị",
    role: "Vai trò trong cơ quan",
    email: "Thư điện tử",
    phone: "Điện thoại",
    none: "—",
    memberLoading: "Đang chờ dữ liệu cơ quan để hiện thông tin thành viên…",
    memberMissing: "Không tìm thấy bạn trong danh bạ cơ quan trên thiết bị này.",
    disabled: "Tài khoản đã bị vô hiệu hóa",
    thisDeviceHeading: "Thiết bị này",
    deviceName: "Tên thiết bị",
    deviceId: "Mã thiết bị",
    lastContact: "Kết nối máy chủ lần cuối",
    offlineLock: "Tự khóa dữ liệu khi",
    offlineLockDays: (a: { days: number }) => `không kết nối máy chủ quá ${a.days} ngày`,
    refresh: "Làm mới",
    devicesHeading: "Các thiết bị của bạn",
    devicesIntro:
      "Đăng xuất một thiết bị bị mất hoặc không còn dùng: thiết bị đó mất quyền truy cập ngay và tự xóa dữ liệu cuộc họp khi kết nối lại.",
    devicesLoading: "Đang tải danh sách thiết bị…",
    devicesOffline: "Cần kết nối máy chủ để xem và đăng xuất thiết bị.",
    devicesError: "Không tải được danh sách thiết bị.",
    retry: "Thử lại",
    current: "Thiết bị này",
    registered: (a: { time: string }) => `Đăng ký: ${a.time}`,
    lastSeen: (a: { time: string }) => `Hoạt động lần cuối: ${a.time}`,
    neverSeen: "Chưa hoạt động",
    revoked: (a: { time: string }) => `Đã đăng xuất: ${a.time}`,
    signOut: "Đăng xuất",
    signOutLabel: (a: { name: string }) => `Đăng xuất thiết bị ${a.name}`,
    signOutThisLabel: (a: { name: string }) => `Đăng xuất thiết bị này (${a.name})`,
    confirmSignOut: (a: { name: string }) =>
      `Đăng xuất thiết bị “${a.name}”? Thiết bị đó mất quyền truy cập và xóa dữ liệu cuộc họp khi kết nối lại.`,
    confirmSignOutThis:
      "Đăng xuất thiết bị này? Dữ liệu cuộc họp trên thiết bị sẽ bị xóa ngay; để dùng lại, bạn cần mã mời mới.",
    confirm: "Xác nhận đăng xuất",
    cancel: "Hủy",
    signingOut: "Đang đăng xuất…",
    signedOut: (a: { name: string }) => `Đã đăng xuất thiết bị ${a.name}.`,
    signOutFailed: "Không đăng xuất được thiết bị. Kiểm tra kết nối mạng rồi thử lại.",
  },
  /** Workspace roles (GLOSSARY.md). */
  wsRole: {
    admin: "Quản trị viên",
    secretary: "Thư ký cơ quan",
    member: "Thành viên",
    observer: "Khách",
  } satisfies Record<WorkspaceRole, string>,
};

/** The shape every locale's access catalog must have (same keys, same argument types). */
export type AccessDict = Widen<typeof access>;
