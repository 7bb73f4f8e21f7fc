import { cleanup, fireEvent, render, screen } from "@solidjs/testing-library";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { MemberView } from "../../../../shared/src/index.ts";
import { MeetingDetailsForm } from "./MeetingDetailsForm.tsx";
import { emptyMeetingForm } from "./meetingForm.ts";

vi.mock("../../state/repo.ts", () => ({ repo: undefined }));
vi.mock("../../state/workspace.ts", () => ({
  workspaceHandle: vi.fn(),
  workspaceState: () => ({ kind: "loading" }),
}));

const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

const MEMBERS: MemberView[] = [
  {
    id: "m-an",
    fullName: "Nguyễn Văn An",
    position: "Chủ tịch UBND quận",
    unitId: "u-1",
    unitName: "Văn phòng UBND",
    email: null,
    phone: null,
    workspaceRole: "member",
    disabled: false,
  },
  {
    id: "m-binh",
    fullName: "Trần Thị Bình",
    position: "Chánh Văn phòng",
    unitId: null,
    unitName: null,
    email: null,
    phone: null,
    workspaceRole: "secretary",
    disabled: false,
  },
  {
    id: "m-off",
    fullName: "Lê Văn Nghỉ",
    position: "",
    unitId: null,
    unitName: null,
    email: null,
    phone: null,
    workspaceRole: "member",
    disabled: true,
  },
];

function renderForm(members: MemberView[] = []) {
  const onSubmit = vi.fn();
  render(() => (
    <MeetingDetailsForm
      mode="create"
      initial={emptyMeetingForm("UBND quận Ba Đình")}
      timeZone="Asia/Ho_Chi_Minh"
      members={members}
      onSubmit={onSubmit}
      onCancel={() => {}}
    />
  ));
  const type = (label: string | RegExp, value: string) =>
    fireEvent.input(screen.getByLabelText(label), { target: { value } });
  const submit = async () => {
    fireEvent.click(screen.getByRole("button", { name: "Tạo cuộc họp" }));
    await tick();
  };
  return { onSubmit, type, submit };
}

/** The texts of the elements an input's aria-describedby points at. */
function descriptions(input: HTMLElement): string[] {
  return (input.getAttribute("aria-describedby") ?? "")
    .split(" ")
    .filter(Boolean)
    .map((id) => document.getElementById(id)?.textContent ?? `missing #${id}`);
}

afterEach(cleanup);

describe("MeetingDetailsForm validation", () => {
  it("shows inline messages tied to their fields and focuses the first one", async () => {
    const { onSubmit, type, submit } = renderForm();
    type("Ngày kết thúc", "");
    type("Đường dẫn họp trực tuyến", "zoom.us/j/1");
    await submit();
    expect(onSubmit).not.toHaveBeenCalled();
    expect(screen.getByRole("alert").textContent).toBe("Có 5 mục cần sửa trước khi lưu.");

    const title = screen.getByLabelText(/Tên cuộc họp/);
    expect(title.getAttribute("aria-invalid")).toBe("true");
    expect(descriptions(title)).toEqual(["0/500 ký tự", "Nhập tên cuộc họp."]);
    expect(document.activeElement).toBe(title);

    const date = screen.getByLabelText(/^Ngày họp/);
    expect(descriptions(date)).toEqual([
      "Định dạng dd/MM/yyyy, ví dụ 05/12/2026",
      "Nhập ngày theo dạng dd/MM/yyyy, ví dụ 05/12/2026.",
    ]);
    expect(descriptions(screen.getByLabelText(/Giờ bắt đầu/))[1]).toBe(
      "Nhập giờ theo dạng HH:mm (24 giờ), ví dụ 14:30.",
    );
    expect(descriptions(screen.getByLabelText("Đường dẫn họp trực tuyến"))[1]).toMatch(/^Đường dẫn phải là/);
  });

  it("rejects an impossible date and an end before the start", async () => {
    const { onSubmit, type, submit } = renderForm();
    type(/Tên cuộc họp/, "Họp giao ban");
    type(/^Ngày họp/, "31/02/2026");
    type(/Giờ bắt đầu/, "14:00");
    type(/Giờ kết thúc/, "09:00");
    await submit();
    expect(onSubmit).not.toHaveBeenCalled();
    expect(descriptions(screen.getByLabelText(/^Ngày họp/))[1]).toBe(
      "Ngày này không có trong lịch (ví dụ 31/02); kiểm tra lại ngày và tháng.",
    );
    expect(document.activeElement).toBe(screen.getByLabelText(/^Ngày họp/));

    type(/^Ngày họp/, "28/02/2026");
    await submit();
    expect(descriptions(screen.getByLabelText(/Giờ kết thúc/))[1]).toBe("Giờ kết thúc phải sau giờ bắt đầu.");
  });

  it("says a title over 500 characters is too long, with a live counter, and keeps what was typed", async () => {
    const { onSubmit, type, submit } = renderForm();
    const long = "Đ".repeat(600);
    type(/Tên cuộc họp/, long);
    type(/^Ngày họp/, "05/12/2026");
    type(/Giờ bắt đầu/, "08:00");
    type(/Giờ kết thúc/, "09:00");
    const title = screen.getByLabelText(/Tên cuộc họp/) as HTMLInputElement;
    expect(descriptions(title)).toEqual(["600/500 ký tự"]);
    await submit();
    expect(onSubmit).not.toHaveBeenCalled();
    expect(screen.getByRole("alert").textContent).toBe("Có 1 mục cần sửa trước khi lưu.");
    expect(title.getAttribute("aria-invalid")).toBe("true");
    expect(descriptions(title)).toEqual([
      "600/500 ký tự",
      "Tên cuộc họp quá dài: tối đa 500 ký tự. Hãy rút gọn.",
    ]);
    expect(document.activeElement).toBe(title);
    expect(title.value).toBe(long);

    type(/Tên cuộc họp/, "Đ".repeat(500));
    expect(descriptions(title)[0]).toBe("500/500 ký tự");
    await submit();
    expect(onSubmit).toHaveBeenCalledTimes(1);
  });

  it("submits UTC instants for dd/MM/yyyy HH:mm in Vietnam time, with participants", async () => {
    const { onSubmit, type, submit } = renderForm();
    type(/Tên cuộc họp/, "Họp giao ban tháng 12");
    type(/^Ngày họp/, "5/12/2026");
    fireEvent.blur(screen.getByLabelText(/^Ngày họp/));
    expect((screen.getByLabelText(/^Ngày họp/) as HTMLInputElement).value).toBe("05/12/2026");
    type(/Giờ bắt đầu/, "8h00");
    type(/Giờ kết thúc/, "11:30");
    type("Địa điểm", "Phòng họp tầng 3");
    fireEvent.click(screen.getByRole("button", { name: "Thêm người dự họp" }));
    await tick();
    type("Họ và tên", "Nguyễn Văn An");
    type("Chức vụ", "Chủ tịch UBND quận");
    await submit();
    expect(onSubmit).toHaveBeenCalledTimes(1);
    expect(onSubmit.mock.calls[0]![0]).toEqual({
      input: {
        title: "Họp giao ban tháng 12",
        issuingBody: "UBND quận Ba Đình",
        kind: "regular",
        startsAt: "2026-12-05T01:00:00.000Z",
        endsAt: "2026-12-05T04:30:00.000Z",
        timeZone: "Asia/Ho_Chi_Minh",
        location: "Phòng họp tầng 3",
        onlineLink: null,
      },
      participants: [
        { fullName: "Nguyễn Văn An", position: "Chủ tịch UBND quận", role: "chair", memberId: null },
      ],
    });
    // Without a directory a participant is a guest, and the form says guests get no access.
    expect(screen.getByText(/Khách ngoài danh bạ không có tài khoản HọpSố/)).toBeTruthy();
  });

  it("picks participants from the directory with a meeting role; a member is offered once", async () => {
    const { onSubmit, type, submit } = renderForm(MEMBERS);
    type(/Tên cuộc họp/, "Họp giao ban");
    type(/^Ngày họp/, "05/12/2026");
    type(/Giờ bắt đầu/, "08:00");
    type(/Giờ kết thúc/, "09:00");
    fireEvent.click(screen.getByRole("button", { name: "Thêm người dự họp" }));
    await tick();
    const first = screen.getByLabelText("Thành viên") as HTMLSelectElement;
    // Disabled members are not offered.
    expect([...first.options].map((o) => o.textContent)).toEqual([
      "— Chọn thành viên —",
      "Nguyễn Văn An — Chủ tịch UBND quận, Văn phòng UBND",
      "Trần Thị Bình — Chánh Văn phòng",
      "Khách ngoài danh bạ (chỉ ghi tên)",
    ]);
    fireEvent.change(first, { target: { value: "m-an" } });
    await tick();
    fireEvent.click(screen.getByRole("button", { name: "Thêm người dự họp" }));
    await tick();
    const second = screen.getAllByLabelText("Thành viên")[1] as HTMLSelectElement;
    expect([...second.options].map((o) => o.value)).toEqual(["", "m-binh", "guest"]);
    fireEvent.change(second, { target: { value: "m-binh" } });
    fireEvent.change(screen.getAllByLabelText("Vai trò")[1]!, { target: { value: "secretary" } });
    await submit();
    expect(onSubmit.mock.calls[0]![0].participants).toEqual([
      { fullName: "Nguyễn Văn An", position: "Chủ tịch UBND quận", role: "chair", memberId: "m-an" },
      { fullName: "Trần Thị Bình", position: "Chánh Văn phòng", role: "secretary", memberId: "m-binh" },
    ]);
  });
});
