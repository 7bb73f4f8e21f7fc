/**
 * Vietnamese strings of reminders (issue 9): notification texts (shared by the app and the service
 * worker, which imports this file alone), the in-app reminder list and the notification settings page.
 * Terms follow /work/shared/GLOSSARY.md (nhắc việc, nhiệm vụ, hạn xử lý, người giao). Dates dd/MM/yyyy,
 * times 24 h, in Asia/Ho_Chi_Minh (formatted by the caller). The English catalog (../en/reminders.ts) has
 * the same keys and shapes ({@link RemindersDict}).
 */
export const reminders = {
  reminder: {
    task_assigned: (a: { due: string }) =>
      a.due ? `Bạn được giao nhiệm vụ mới, hạn xử lý ${a.due}.` : "Bạn được giao nhiệm vụ mới.",
    task_due_soon: (a: { due: string; days: number }) =>
      `Nhiệm vụ còn ${a.days} ngày làm việc đến hạn xử lý (${a.due}).`,
    task_due_today: (a: { due: string }) => `Hôm nay là hạn xử lý nhiệm vụ (${a.due}).`,
    task_overdue: (a: { due: string; days: number }) =>
      `Nhiệm vụ đã quá hạn ${a.days} ngày làm việc (hạn ${a.due}).`,
    task_overdue_escalated: (a: { due: string; days: number }) =>
      `Nhiệm vụ bạn giao đã quá hạn ${a.days} ngày làm việc (hạn ${a.due}); cần đôn đốc.`,
    meeting_upcoming: (a: { when: string; hours: number }) =>
      a.hours >= 24
        ? `Cuộc họp bắt đầu lúc ${a.when} (còn 1 ngày).`
        : `Cuộc họp bắt đầu lúc ${a.when} (còn ${a.hours} giờ).`,
    meeting_unopened_papers: (a: { unopened: number; total: number; when: string }) =>
      `Bạn chưa mở ${a.unopened}/${a.total} tài liệu của cuộc họp lúc ${a.when}.`,
    consultation_deadline: (a: { when: string }) =>
      `Phiếu lấy ý kiến bạn chưa trả lời hết hạn lúc ${a.when}.`,
    vote_open: "Đang biểu quyết — bạn dự họp trực tuyến và chưa biểu quyết.",
    digest: (a: { count: number }) => `Bạn có ${a.count} việc cần lưu ý hôm nay.`,
    digestTitle: "Nhắc việc trong ngày",
    testTitle: "Thông báo thử của HọpSố",
    testBody: (a: { when: string }) => `Thiết bị này nhận được thông báo nhắc việc (gửi lúc ${a.when}).`,
    actionOpen: "Mở",
    actionDone: "Đánh dấu hoàn thành",
    actionSnooze: "Nhắc lại sau 1 giờ",
    doneTitle: "Đã đánh dấu hoàn thành",
    doneBody: "Nhiệm vụ đã được đánh dấu hoàn thành trên thiết bị này; sẽ đồng bộ khi có mạng.",
    failedTitle: "Chưa thực hiện được",
    failedBody: "Mở ứng dụng để thực hiện thao tác này.",
  },
  inApp: {
    heading: "Nhắc việc",
    regionLabel: "Nhắc việc đến hạn",
    dismiss: "Đã xem",
    dismissLabel: (a: { title: string }) => `Đã xem nhắc việc: ${a.title}`,
    snooze: "Nhắc lại sau 1 giờ",
    markDone: "Hoàn thành",
    open: "Mở",
    more: (a: { count: number }) => `và ${a.count} nhắc việc khác`,
  },
  notifications: {
    title: "Thông báo nhắc việc",
    intro:
      "HọpSố nhắc bạn khi được giao nhiệm vụ, khi nhiệm vụ sắp đến hạn hoặc quá hạn, trước cuộc họp, khi có phiếu lấy ý kiến chưa trả lời và khi đang biểu quyết — theo ngày làm việc, giờ hành chính và ngày nghỉ lễ.",
    settingsLink: "Thông báo nhắc việc",
    enabledLabel: "Nhận nhắc việc",
    enabledHint: "Tắt: không gửi nhắc việc nào đến các thiết bị của bạn, kể cả trong ứng dụng.",
    deviceHeading: "Thông báo trên thiết bị này",
    deviceOn: "Thiết bị này đang nhận thông báo đẩy, kể cả khi ứng dụng đóng.",
    deviceOff:
      "Thiết bị này chưa nhận thông báo đẩy. Khi ứng dụng đang mở, nhắc việc vẫn hiện trong ứng dụng.",
    deviceChecking: "Đang kiểm tra…",
    enableDevice: "Bật thông báo trên thiết bị này",
    disableDevice: "Tắt thông báo trên thiết bị này",
    denied:
      "Trình duyệt đang chặn thông báo của HọpSố. Mở cài đặt trang web của trình duyệt (biểu tượng ổ khóa cạnh địa chỉ) và cho phép Thông báo, rồi thử lại.",
    unsupported: "Trình duyệt này không hỗ trợ thông báo đẩy. Nhắc việc vẫn hiện khi ứng dụng đang mở.",
    iosInstall:
      "Trên iPhone/iPad, thông báo chỉ hoạt động khi HọpSố được cài lên Màn hình chính: bấm nút Chia sẻ trong Safari, chọn “Thêm vào MH chính”, mở HọpSố từ biểu tượng đó rồi bật thông báo tại đây.",
    offline: "Cần kết nối mạng để bật hoặc tắt thông báo đẩy.",
    failed: (a: { reason: string }) => `Không bật được thông báo: ${a.reason}`,
    test: "Gửi thông báo thử",
    testSent: (a: { count: number }) => `Đã gửi thông báo thử đến ${a.count} thiết bị.`,
    testNone: "Chưa có thiết bị nào của bạn nhận thông báo đẩy.",
    testFailed: "Không gửi được thông báo thử (mất mạng hoặc máy chủ không trả lời).",
    quietHeading: "Giờ yên lặng",
    quietLabel: "Không nhắc trong khoảng giờ",
    quietHint:
      "Nhắc việc rơi vào khoảng này được dời đến cuối khoảng; nhắc việc khẩn (cuộc họp sắp bắt đầu) vẫn gửi.",
    quietStart: "Từ",
    quietEnd: "Đến",
    digestHeading: "Bản tin hằng ngày",
    digestLabel: "Gộp các nhắc việc ít khẩn thành một bản tin mỗi ngày",
    digestTime: "Giờ gửi bản tin",
    save: "Lưu cài đặt",
    saved: "Đã lưu. Các thiết bị của bạn dùng cài đặt này, kể cả khi đang ngoại tuyến.",
    saveFailed: (a: { reason: string }) => `Chưa lưu được: ${a.reason}`,
    invalidQuiet: "Giờ bắt đầu và giờ kết thúc phải khác nhau.",
    invalidTime: "Nhập giờ theo dạng HH:mm (24 giờ), ví dụ 21:00.",
    timeFormat: "24 giờ, HH:mm, ví dụ 21:00.",
    noPrivate: "Chưa mở được dữ liệu riêng của bạn trên thiết bị này; thử lại khi có mạng.",
    rulesHeading: "Quy tắc nhắc việc của cơ quan",
    rulesIntro:
      "Chỉ quản trị viên thay đổi được. Áp dụng cho mọi thành viên; ngày làm việc không tính thứ Bảy, Chủ nhật và ngày nghỉ lễ, Tết.",
    rulesBeforeDue: "Nhắc trước hạn xử lý (số ngày làm việc, cách nhau bằng dấu phẩy)",
    rulesEscalate: "Báo người giao khi nhiệm vụ quá hạn quá (ngày làm việc)",
    rulesMeeting: "Nhắc trước cuộc họp (số giờ, cách nhau bằng dấu phẩy; 24 = 1 ngày)",
    rulesSave: "Lưu quy tắc",
    rulesSaved: "Đã lưu quy tắc nhắc việc cho cả cơ quan.",
    rulesInvalid: "Nhập số nguyên: ngày làm việc 1–60, số ngày quá hạn 0–60, số giờ từ 1 trở lên.",
    timeHint: "Giờ theo múi giờ Việt Nam (GMT+7), định dạng 24 giờ.",
  },
};

type Widen<T> = T extends string
  ? string
  : T extends (...args: infer A) => string
    ? (...args: A) => string
    : { readonly [K in keyof T]: Widen<T[K]> };

/** The shape every reminders catalog has. */
export type RemindersDict = Widen<typeof reminders>;
