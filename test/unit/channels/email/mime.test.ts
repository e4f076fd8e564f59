import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { baseSubject, replySubject, replyTokenIn, ticketNumberInSubject } from "../../../../channels/email/address";
import { htmlToText, messageIdsIn, normalizeMessageId, parseRawEmail } from "../../../../channels/email/mime";
import { composeMime } from "../../../../channels/email/outbound/compose";
import { stripQuotedText } from "../../../../channels/email/quotes";

const fixture = (name: string) => readFileSync(resolve(import.meta.dirname, "../../../fixtures/email", name));

describe("parseRawEmail on the fixtures", () => {
  it("decodes GBK, Big5, Latin-1 and ISO-2022-JP bodies, subjects and names", async () => {
    const gbk = await parseRawEmail(fixture("gbk-foxmail.eml"));
    expect([gbk.subject, gbk.from?.name, gbk.messageId]).toEqual([
      "提现三小时未到账",
      "王小明",
      "<202611240912332051317@foxmail.test>",
    ]);
    expect(gbk.text).toContain("请帮忙查一下，谢谢！");
    const big5 = await parseRawEmail(fixture("big5-qp.eml"));
    expect(big5.text).toContain("一直顯示驗證碼錯誤");
    const latin1 = await parseRawEmail(fixture("latin1-qp.eml"));
    expect(latin1.text).toContain("the déposit never showed up in my account");
    expect((await parseRawEmail(fixture("iso2022jp.eml"))).subject).toBe("出金について");
  });

  it("reads threading headers and recipients of the Gmail reply", async () => {
    const r = await parseRawEmail(fixture("gmail-reply.eml"), ["envelope@relaydesk.test"]);
    expect(r.inReplyTo).toEqual(["<rd.msg_fixture0001@relaydesk.test>"]);
    expect(r.references).toEqual(["<CAOriginal-bob-0001@mail.gmail.test>", "<rd.msg_fixture0001@relaydesk.test>"]);
    expect(r.recipients).toEqual(["support+tokenplaceholder@relaydesk.test", "envelope@relaydesk.test"]);
  });

  it("strips the Outlook 发件人 block of the gb2312 reply", async () => {
    const r = await parseRawEmail(fixture("outlook-reply-zh.eml"));
    expect(r.subject).toBe("回复: [RD-1001] KYC 被拒");
    expect(stripQuotedText(r.text).text).toBe("好的，我已经按照你们说的重新提交了KYC资料。");
  });

  it("keeps inline images and files as attachments, marks inline ones", async () => {
    const r = await parseRawEmail(fixture("inline-image-pdf.eml"));
    expect(r.attachments.map((a) => [a.filename, a.contentType, a.inline])).toEqual([
      ["error.png", "image/png", true],
      ["statement.pdf", "application/pdf", false],
    ]);
  });

  it("rejects an empty message", async () => {
    await expect(parseRawEmail(new Uint8Array())).rejects.toThrow(/empty/);
  });
});

describe("htmlToText", () => {
  it("turns blocks into lines, keeps links, drops styles, quotes blockquotes", () => {
    const text = htmlToText(
      '<style>p{x:y}</style><p>Hello &amp; <b>welcome</b></p><ul><li>one</li><li>two</li></ul><a href="https://x.test/a">docs</a><blockquote>old<br>older</blockquote>',
    );
    expect(text).toBe("Hello & welcome\n\n- one\n- two\ndocs (https://x.test/a)\n> old\n> older");
  });
});

describe("addresses and subjects", () => {
  it("finds our plus-address token only on our own address", () => {
    const support = { local: "support", domain: "relaydesk.test" };
    const token = "abcdefghij0123456789wxyz";
    expect(replyTokenIn([`support+${token}@relaydesk.test`], support)).toBe(token);
    expect(replyTokenIn([`SUPPORT+${token.toUpperCase()}@RelayDesk.test`], support)).toBe(token);
    expect(replyTokenIn([`other+${token}@relaydesk.test`, `support+${token}@evil.test`], support)).toBeNull();
    expect(replyTokenIn(["support+short@relaydesk.test"], support)).toBeNull();
  });

  it("reads ticket numbers and builds reply subjects", () => {
    expect(ticketNumberInSubject("Re: [RD-1042] Deposit")).toBe(1042);
    expect(ticketNumberInSubject("回复：rd-77 充值")).toBe(77);
    expect(ticketNumberInSubject("Order 1042")).toBeNull();
    expect(baseSubject("Re: 回复：Fwd: Deposit")).toBe("Deposit");
    expect(replySubject("RD-1042", "Re: [RD-1042] Deposit")).toBe("Re: [RD-1042] Deposit");
    expect(replySubject("RD-7", "提现")).toBe("Re: [RD-7] 提现");
  });

  it("normalizes Message-ID lists", () => {
    expect(messageIdsIn("<a@b> <c@d>\r\n <a@b>")).toEqual(["<a@b>", "<c@d>"]);
    expect(normalizeMessageId(" x@y ")).toBe("<x@y>");
    expect(normalizeMessageId("two words")).toBeNull();
  });
});

describe("composeMime", () => {
  it("writes threading headers, text and HTML, attachments, and parses back", async () => {
    const raw = composeMime({
      from: { address: "support@relaydesk.test", name: "客服" },
      to: { address: "wang@foxmail.test", name: "王小明" },
      replyTo: "support+abcdefghij0123456789wxyz@relaydesk.test",
      subject: "Re: [RD-1042] 提现",
      text: "您好\r\n已处理",
      html: "<p>您好</p>",
      messageId: "<rd.msg_1@relaydesk.test>",
      inReplyTo: "<c1@foxmail.test>",
      references: ["<c1@foxmail.test>", "<rd.msg_0@relaydesk.test>"],
      attachments: [
        { filename: "对账单.pdf", contentType: "application/pdf", data: new TextEncoder().encode("%PDF-1.4") },
      ],
      autoSubmitted: true,
    });
    expect(raw).toMatch(/\r\n/);
    const parsed = await parseRawEmail(new TextEncoder().encode(raw));
    expect(parsed.messageId).toBe("<rd.msg_1@relaydesk.test>");
    expect(parsed.inReplyTo).toEqual(["<c1@foxmail.test>"]);
    expect(parsed.references).toEqual(["<c1@foxmail.test>", "<rd.msg_0@relaydesk.test>"]);
    expect(parsed.subject).toBe("Re: [RD-1042] 提现");
    expect(parsed.text).toBe("您好\n已处理");
    expect(parsed.html).toBe("<p>您好</p>");
    expect(parsed.headers["reply-to"]?.[0]).toContain("support+abcdefghij0123456789wxyz@relaydesk.test");
    expect(parsed.headers["auto-submitted"]).toEqual(["auto-replied"]);
    expect(parsed.attachments.map((a) => a.filename)).toEqual(["对账单.pdf"]);
  });
});
