import { cleanup, fireEvent, render, screen } from "@solidjs/testing-library";
import { createSignal } from "solid-js";
import { afterEach, describe, expect, it } from "vitest";
import { TimeInput } from "./NotificationSettings.tsx";

afterEach(cleanup);

describe("quiet hours and digest times", () => {
  it("are 24-hour HH:mm text fields, not the browser's AM/PM time picker", () => {
    const [value, setValue] = createSignal("21:00");
    render(() => (
      <label for="from">
        Từ
        <TimeInput id="from" value={value()} disabled={false} onChange={setValue} describedBy="fmt" />
      </label>
    ));
    const input = screen.getByRole("textbox", { name: "Từ" }) as HTMLInputElement;
    expect(input.type).toBe("text");
    expect(input.value).toBe("21:00");
    expect(input.getAttribute("placeholder")).toBe("HH:mm");
    expect(input.getAttribute("aria-describedby")).toBe("fmt");
    expect(input.getAttribute("aria-invalid")).toBeNull();
  });

  it("normalizes 7h30 to 07:30 on blur and marks an impossible time invalid", () => {
    const [value, setValue] = createSignal("21:00");
    render(() => <TimeInput id="t" value={value()} disabled={false} onChange={setValue} describedBy="fmt" />);
    const input = screen.getByRole("textbox") as HTMLInputElement;
    fireEvent.input(input, { target: { value: "7h30" } });
    fireEvent.blur(input);
    expect(value()).toBe("07:30");
    expect(input.value).toBe("07:30");
    fireEvent.input(input, { target: { value: "25:00" } });
    fireEvent.blur(input);
    expect(value()).toBe("25:00");
    expect(input.getAttribute("aria-invalid")).toBe("true");
  });
});
