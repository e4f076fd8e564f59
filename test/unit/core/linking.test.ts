import { describe, expect, it } from "vitest";
import {
  LINK_FAILURE_WINDOW_MS,
  LINK_MAX_FAILURES,
  linkedText,
  linkIssuedText,
  linkRole,
  mayAttemptLink,
  newLinkCode,
  normalizeLinkCode,
} from "../../../src/core/linking";

describe("link codes", () => {
  it("are 8 Crockford base32 characters shown in two groups", () => {
    const code = newLinkCode();
    expect(code).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/);
    expect(normalizeLinkCode(code)).toBe(code.replace("-", ""));
  });

  it("differ from each other (random)", () => {
    const codes = new Set(Array.from({ length: 50 }, () => newLinkCode()));
    expect(codes.size).toBe(50);
  });

  it("use the random source they are given", () => {
    expect(newLinkCode(() => new Uint8Array([0, 1, 2, 3, 31, 30, 29, 32]))).toBe("0123-ZYX0");
  });

  it("survive retyping: case, spaces, dashes, O for 0 and I/L for 1", () => {
    expect(normalizeLinkCode(" 7kq2 m9xd ")).toBe("7KQ2M9XD");
    expect(normalizeLinkCode("7KQ2-M9XD")).toBe("7KQ2M9XD");
    expect(normalizeLinkCode("O1IL-ABCD")).toBe("0111ABCD");
  });

  it("reject what cannot be a code", () => {
    expect(normalizeLinkCode("")).toBeNull();
    expect(normalizeLinkCode("7KQ2M9X")).toBeNull();
    expect(normalizeLinkCode("7KQ2M9XDD")).toBeNull();
    expect(normalizeLinkCode("7KQ2-M9XU")).toBeNull(); // U is not in the alphabet
  });
});

describe("where linking works", () => {
  it("chat bots issue and redeem; email only issues; the web form neither", () => {
    expect(linkRole("telegram")).toEqual({ issue: true, redeem: true });
    expect(linkRole("discord")).toEqual({ issue: true, redeem: true });
    expect(linkRole("email")).toEqual({ issue: true, redeem: false });
    expect(linkRole("webform")).toEqual({ issue: false, redeem: false });
  });
});

describe("attempt limits", () => {
  const now = new Date("2026-11-25T12:00:00.000Z");
  const ago = (ms: number) => new Date(now.getTime() - ms).toISOString();

  it("allow a first attempt and those under the limit", () => {
    expect(mayAttemptLink(null, now)).toBe(true);
    expect(mayAttemptLink({ failures: LINK_MAX_FAILURES - 1, windowStart: ago(60_000) }, now)).toBe(true);
  });

  it("stop an identity at the limit until the window is over", () => {
    expect(mayAttemptLink({ failures: LINK_MAX_FAILURES, windowStart: ago(60_000) }, now)).toBe(false);
    expect(mayAttemptLink({ failures: LINK_MAX_FAILURES, windowStart: ago(LINK_FAILURE_WINDOW_MS) }, now)).toBe(true);
  });
});

it("the issued text says how to use the code, that support never asks for it, and only its owner types it", () => {
  expect(linkIssuedText("en", "7KQ2-M9XD")).toContain("/link 7KQ2-M9XD");
  expect(linkIssuedText("en", "7KQ2-M9XD")).toContain("10 minutes");
  expect(linkIssuedText("en", "7KQ2-M9XD")).toContain("yourself from your own other account");
  expect(linkIssuedText("en", "7KQ2-M9XD")).toContain("Our support will never ask you for this code");
  expect(linkIssuedText("zh", "7KQ2-M9XD")).toContain("由您本人在自己的另一个账号");
  expect(linkIssuedText("zh", "7KQ2-M9XD")).toContain("客服绝不会向您索要关联码");
  expect(linkIssuedText("zh", "7KQ2-M9XD")).toContain("请勿将它告诉任何人");
});

it("the linked text names the account joined, and says what is shared", () => {
  const tg = { channel: "telegram" as const, displayName: "Official Support" };
  expect(linkedText("en", tg)).toContain('joined to the Telegram "Official Support" account');
  expect(linkedText("en", tg)).toContain("each account still shows only its own conversations");
  expect(linkedText("zh", tg)).toContain("此账号已与 Telegram 「Official Support」 账号关联");
  expect(linkedText("en", { channel: "discord", displayName: null })).toContain("joined to the Discord account");
  expect(linkedText("zh", { channel: "email", displayName: " " })).toContain("已与 邮箱 账号关联");
});
