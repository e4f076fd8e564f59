import { describe, expect, it } from "vitest";
import { stripQuotedText } from "../../../../channels/email/quotes";

describe("stripQuotedText", () => {
  it("cuts Gmail's wrapped 'On ... wrote:' and the quote under it", () => {
    const text =
      "Sure, done.\n\nOn Tue, Nov 24, 2026 at 9:15 AM Relaydesk Support <support@x.test>\nwrote:\n\n> old text\n";
    expect(stripQuotedText(text)).toEqual({ text: "Sure, done.", stripped: true });
  });

  it("cuts Chinese Gmail/Apple '在 ... 写道：'", () => {
    expect(stripQuotedText("好的\n\n在 2026年11月24日 09:15，客服 <s@x.test> 写道：\n> 旧\n").text).toBe("好的");
    expect(stripQuotedText("好的\n\n在 2026年11月24日 上午9:15，客服 寫道:\n> 舊\n").text).toBe("好的");
  });

  it("cuts Outlook's -----Original Message----- and '发件人:' header blocks", () => {
    expect(stripQuotedText("Done\n-----Original Message-----\nFrom: a\nSent: b\n").text).toBe("Done");
    expect(
      stripQuotedText("已处理\n\n发件人: 客服 <s@x.test>\n发送时间: 2026年11月24日 9:15\n收件人: 我\n主题: 工单\n\n旧")
        .text,
    ).toBe("已处理");
    expect(stripQuotedText("Done\n\nFrom: Support <s@x.test>\nSent: Tuesday\nTo: me\nSubject: x\n\nold").text).toBe(
      "Done",
    );
  });

  it("cuts Foxmail/QQ's 原始邮件 block", () => {
    expect(stripQuotedText("收到\n------------------\u00a0原始邮件\u00a0------------------\n发件人: x\n").text).toBe(
      "收到",
    );
  });

  it("cuts the signature delimiter and mobile footers, keeps normal text", () => {
    expect(stripQuotedText("Thanks\n-- \nBob\nACME").text).toBe("Thanks");
    expect(stripQuotedText("Thanks\n\nSent from my iPhone").text).toBe("Thanks");
    expect(stripQuotedText("Thanks\n发自我的iPhone").text).toBe("Thanks");
    expect(stripQuotedText("From: here on it works, thanks")).toEqual({
      text: "From: here on it works, thanks",
      stripped: false,
    });
  });

  it("a reply that is only a quote keeps its full text (nothing a customer sent disappears)", () => {
    const text = "On Tue, Nov 24, 2026 at 9:15 AM X <x@y.test> wrote:\n> only the quote";
    expect(stripQuotedText(text)).toEqual({ text, stripped: false });
  });
});
