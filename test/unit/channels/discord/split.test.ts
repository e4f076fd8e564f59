import { describe, expect, it } from "vitest";
import { MESSAGE_LIMIT } from "../../../../channels/discord/deliver";
import { splitMessageText } from "../../../../src/core/split";

describe("splitting replies for Discord (2000 characters)", () => {
  it("keeps short texts whole and cuts long ones at paragraphs, never over the limit", () => {
    expect(splitMessageText("hello", MESSAGE_LIMIT)).toEqual(["hello"]);
    const para = "a".repeat(1500);
    expect(splitMessageText(`${para}\n\n${para}`, MESSAGE_LIMIT)).toEqual([para, para]);
    const parts = splitMessageText("x".repeat(4500), MESSAGE_LIMIT);
    expect(parts.map((p) => p.length)).toEqual([2000, 2000, 500]);
  });

  it("never cuts inside a surrogate pair", () => {
    const parts = splitMessageText(`${"x".repeat(1999)}😀${"y".repeat(10)}`, MESSAGE_LIMIT);
    expect(parts[0]).toBe("x".repeat(1999));
    expect(parts[1]?.startsWith("😀")).toBe(true);
  });
});
