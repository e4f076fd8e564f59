import { describe, expect, it } from "vitest";
import { detectLanguage, languageFromAcceptLanguage } from "../../../src/core/language";

describe("detectLanguage", () => {
  it("recognises Chinese", () => {
    expect(detectLanguage("我的提现没到账，请帮忙查一下")).toBe("zh");
    expect(detectLanguage("您好")).toBe("zh");
  });

  it("recognises English", () => {
    expect(detectLanguage("My deposit has not arrived after two hours")).toBe("en");
  });

  it("calls Chinese with crypto jargon, ids and hashes Chinese", () => {
    expect(detectLanguage("我的USDT提现没到账 TxID 0xabc…")).toBe("zh");
    expect(detectLanguage("KYC 审核被拒绝了，UID 12345678")).toBe("zh");
  });

  it("calls English with a stray Han character or a short Chinese name English", () => {
    expect(detectLanguage("Please check my withdrawal of 500 USDT to the address I gave, thanks 谢")).toBe("en");
    expect(detectLanguage("My account was hacked and the attacker changed my email address, name 王")).toBe("en");
  });

  it("falls back to English for emoji, digits and empty text", () => {
    expect(detectLanguage("")).toBe("en");
    expect(detectLanguage("   ")).toBe("en");
    expect(detectLanguage("🙏🙏🙏 😡")).toBe("en");
    expect(detectLanguage("0x4f3a…9b 1234")).toBe("en");
  });

  it("needs at least two Han characters", () => {
    expect(detectLanguage("好")).toBe("en");
    expect(detectLanguage("好的")).toBe("zh");
  });
});

describe("languageFromAcceptLanguage", () => {
  it("returns null without a header or without a supported language", () => {
    expect(languageFromAcceptLanguage(undefined)).toBeNull();
    expect(languageFromAcceptLanguage(null)).toBeNull();
    expect(languageFromAcceptLanguage("")).toBeNull();
    expect(languageFromAcceptLanguage("fr-FR,fr;q=0.9,de;q=0.8")).toBeNull();
    expect(languageFromAcceptLanguage("*")).toBeNull();
  });

  it("maps regional Chinese and English tags", () => {
    expect(languageFromAcceptLanguage("zh-CN")).toBe("zh");
    expect(languageFromAcceptLanguage("zh-TW")).toBe("zh");
    expect(languageFromAcceptLanguage("zh-Hant-HK")).toBe("zh");
    expect(languageFromAcceptLanguage("en-GB")).toBe("en");
    expect(languageFromAcceptLanguage("EN-us")).toBe("en");
  });

  it("takes the first supported language in header order when q is equal", () => {
    expect(languageFromAcceptLanguage("zh-CN,en")).toBe("zh");
    expect(languageFromAcceptLanguage("en,zh-CN")).toBe("en");
  });

  it("ranks by q-value, not by position", () => {
    expect(languageFromAcceptLanguage("en;q=0.3, zh-CN;q=0.9")).toBe("zh");
    expect(languageFromAcceptLanguage("zh-TW;q=0.5,en-US;q=0.8")).toBe("en");
    expect(languageFromAcceptLanguage("en-US,en;q=0.9,zh-CN;q=0.8,zh;q=0.7")).toBe("en");
    expect(languageFromAcceptLanguage("fr-FR, de;q=0.9, zh-TW;q=0.4")).toBe("zh");
  });

  it("ignores entries with an unreadable q-value", () => {
    expect(languageFromAcceptLanguage("zh;q=abc, en;q=0.2")).toBe("en");
  });

  it("never picks a language the header marks not acceptable (q=0)", () => {
    expect(languageFromAcceptLanguage("zh;q=0, fr")).toBeNull();
    expect(languageFromAcceptLanguage("en;q=0, zh-CN;q=0.1")).toBe("zh");
  });
});
