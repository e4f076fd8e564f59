import { describe, expect, it } from "vitest";
import { acknowledgement, SAFETY_LINE } from "../../../src/core/replies";

describe("SAFETY_LINE", () => {
  it("says, in both languages, that support never asks for credentials or seed phrases", () => {
    expect(SAFETY_LINE.en).toBe(
      "Official support will never ask for your password, 2FA code, private key or seed phrase.",
    );
    expect(SAFETY_LINE.zh).toBe("官方客服绝不会向您索要密码、两步验证码（2FA）、私钥或助记词。");
  });
});

describe("acknowledgement", () => {
  it("in English names the ticket, the expected hours and ends with the safety line", () => {
    const text = acknowledgement("en", { ticketNumber: "RD-1042", expectedHours: 24 });
    expect(text).toContain("RD-1042");
    expect(text).toContain("24 hours");
    expect(text).toContain("We received your request");
    expect(text.split("\n").at(-1)).toBe(SAFETY_LINE.en);
    expect(text).not.toMatch(/[\u4e00-\u9fff]/);
  });

  it("in English says '1 hour', not '1 hours'", () => {
    const text = acknowledgement("en", { ticketNumber: "RD-7", expectedHours: 1 });
    expect(text).toContain("within 1 hour;");
    expect(text).not.toContain("1 hours");
  });

  it("in Chinese names the ticket, the expected hours and ends with the Chinese safety line", () => {
    const text = acknowledgement("zh", { ticketNumber: "RD-1042", expectedHours: 24 });
    expect(text).toContain("工单号：RD-1042");
    expect(text).toContain("24 小时");
    expect(text.split("\n").at(-1)).toBe(SAFETY_LINE.zh);
    expect(text).not.toContain(SAFETY_LINE.en);
  });

  it("has a reopened variant in both languages, still with the safety line", () => {
    const en = acknowledgement("en", { ticketNumber: "RD-1042", expectedHours: 3, reopened: true });
    expect(en).toContain("Your ticket RD-1042 has been reopened.");
    expect(en).not.toContain("We received your request");
    expect(en).toContain("3 hours");
    expect(en).toContain(SAFETY_LINE.en);

    const zh = acknowledgement("zh", { ticketNumber: "RD-1042", expectedHours: 3, reopened: true });
    expect(zh).toContain("您的工单 RD-1042 已重新打开。");
    expect(zh).not.toContain("我们已收到您的请求");
    expect(zh).toContain("3 小时");
    expect(zh).toContain(SAFETY_LINE.zh);
  });
});
