import { describe, expect, it } from "vitest";
import { asksForHuman, type KbArticle, matchArticles } from "../../../src/core/kb";

const article = (id: string, language: "en" | "zh", title: string, keywords: string[], enabled = true): KbArticle => ({
  id,
  language,
  title,
  body: `${title} body`,
  keywords,
  enabled,
});

const ARTICLES = [
  article("dep", "en", "Deposit not arrived", ["deposit", "not credited"]),
  article("wd", "en", "Withdrawal pending", ["withdraw", "pending", "stuck"]),
  article("2fa", "en", "Reset 2FA", ["2fa", "authenticator"]),
  article("kyc", "en", "KYC rejected", ["kyc"]),
  article("off", "en", "Disabled deposit article", ["deposit"], false),
  article("dep-zh", "zh", "充值未到账", ["充值", "未到账"]),
];

describe("matchArticles", () => {
  it("picks the articles of the ticket's language whose keywords the text mentions, best first", () => {
    const got = matchArticles("my withdrawal is stuck and pending, also a deposit", "en", ARTICLES);
    expect(got.map((a) => a.id)).toEqual(["wd", "dep"]);
    expect(matchArticles("充值一直未到账", "zh", ARTICLES).map((a) => a.id)).toEqual(["dep-zh"]);
    expect(matchArticles("充值一直未到账", "en", ARTICLES)).toEqual([]);
  });

  it("returns at most three, never disabled ones, never ones already suggested", () => {
    const text = "deposit withdraw 2fa kyc";
    expect(matchArticles(text, "en", ARTICLES)).toHaveLength(3);
    expect(matchArticles(text, "en", ARTICLES).map((a) => a.id)).not.toContain("off");
    expect(matchArticles("deposit", "en", ARTICLES, new Set(["dep"]))).toEqual([]);
  });

  it("matches English keywords at word starts only", () => {
    expect(matchArticles("redeposit", "en", ARTICLES)).toEqual([]);
  });
});

describe("asksForHuman", () => {
  it.each([
    "human",
    "/human",
    "I want to talk to an agent please",
    "Can I speak to a real person?",
    "人工",
    "转人工",
    "我要真人客服",
    "请转人工客服",
  ])("%s -> yes", (t) => expect(asksForHuman(t)).toBe(true));

  it.each(["my deposit is missing", "人工智能交易机器人怎么用", "humanitarian donation", "agenda"])("%s -> no", (t) =>
    expect(asksForHuman(t)).toBe(false),
  );
});
