import { describe, expect, it } from "vitest";
import { MESSAGE_LIMIT, splitText } from "../../../../channels/telegram/split";

describe("splitText", () => {
  it("leaves a short text alone and drops an empty one", () => {
    expect(splitText("hello")).toEqual(["hello"]);
    expect(splitText("  \n ")).toEqual([]);
  });

  it("cuts at the last paragraph break that fits", () => {
    const a = "a".repeat(3000);
    const b = "b".repeat(3000);
    expect(splitText(`${a}\n\n${b}`)).toEqual([a, b]);
  });

  it("falls back to a line break, then a space", () => {
    const line = "x".repeat(3000);
    expect(splitText(`${line}\n${line}`)).toEqual([line, line]);
    const words = Array.from({ length: 1000 }, (_, i) => `w${i}`).join(" ");
    const parts = splitText(words, 100);
    expect(parts.every((p) => p.length <= 100 && !p.startsWith(" ") && !p.endsWith(" "))).toBe(true);
    expect(parts.join(" ")).toBe(words);
  });

  it("never splits a surrogate pair when it must cut inside a word", () => {
    const emoji = "😀".repeat(3000); // 6000 UTF-16 units, no boundary anywhere
    const parts = splitText(emoji);
    expect(parts.every((p) => p.length <= MESSAGE_LIMIT)).toBe(true);
    expect(parts.join("")).toBe(emoji);
    for (const p of parts) expect(p).not.toMatch(/^[\uDC00-\uDFFF]|[\uD800-\uDBFF]$/);
  });

  it("keeps every chunk within the limit for mixed Chinese text", () => {
    const zh = "您好，请提供交易哈希（TxID）以便我们核实。\n".repeat(400);
    const parts = splitText(zh);
    expect(parts.length).toBeGreaterThan(1);
    expect(parts.every((p) => p.length <= MESSAGE_LIMIT)).toBe(true);
    expect(parts.join("\n")).toBe(zh.trim());
  });
});
