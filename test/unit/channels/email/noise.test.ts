import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { parseRawEmail } from "../../../../channels/email/mime";
import { autoReplyReason, parseBounce } from "../../../../channels/email/noise";

const fixture = (name: string) => readFileSync(resolve(import.meta.dirname, "../../../fixtures/email", name));

async function withHeaders(headers: string, subject = "Question") {
  return parseRawEmail(new TextEncoder().encode(`From: a@b.test\r\nSubject: ${subject}\r\n${headers}\r\n\r\nbody\r\n`));
}

describe("autoReplyReason", () => {
  it("recognizes RFC 3834 Auto-Submitted, X-Autoreply and Precedence", async () => {
    expect(await autoReplyReason(await withHeaders("Auto-Submitted: auto-replied"))).toContain("Auto-Submitted");
    expect(autoReplyReason(await withHeaders("Auto-Submitted: no"))).toBeNull();
    expect(autoReplyReason(await withHeaders("X-Autoreply: yes"))).toContain("x-autoreply");
    for (const p of ["bulk", "junk", "list"])
      expect(autoReplyReason(await withHeaders(`Precedence: ${p}`))).toContain(p);
    expect(autoReplyReason(await withHeaders("Precedence: first-class"))).toBeNull();
  });

  it("recognizes out-of-office subjects in zh and en, not ordinary ones", async () => {
    for (const s of [
      "Out of Office: Re: ticket",
      "Automatic reply: hello",
      "自动回复: 工单",
      "自動回覆：工單",
      "Re: 自动回复",
    ]) {
      expect(autoReplyReason(await withHeaders("", s))).not.toBeNull();
    }
    for (const s of ["Re: [RD-1001] Withdrawal", "My office wallet is gone", "回复: 充值"]) {
      expect(autoReplyReason(await withHeaders("", s))).toBeNull();
    }
  });

  it("flags the out-of-office fixture", async () => {
    expect(autoReplyReason(await parseRawEmail(fixture("out-of-office.eml")))).toContain("auto-replied");
  });
});

describe("parseBounce", () => {
  it("reads the DSN fixture: failed, status, diagnostic, recipient and our Message-ID", async () => {
    const bounce = parseBounce(await parseRawEmail(fixture("dsn-bounce.eml")));
    expect(bounce?.action).toBe("failed");
    expect(bounce?.originalMessageIds).toContain("<rd.msg_fixture0001@relaydesk.test>");
    expect(bounce?.finalRecipient).toBe("nobody@gone.test");
    expect(bounce?.reason).toBe(
      "Bounced (failed 5.1.1): 550 5.1.1 <nobody@gone.test>: Recipient address rejected: User unknown: recipient nobody@gone.test",
    );
  });

  it("is null for ordinary mail", async () => {
    expect(parseBounce(await parseRawEmail(fixture("gmail-reply.eml")))).toBeNull();
  });
});
