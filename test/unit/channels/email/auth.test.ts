import { describe, expect, it } from "vitest";
import {
  aligned,
  emailRoutingAuth,
  mailgunAuth,
  parseAuthenticationResults,
  parseReceivedSpf,
  postmarkAuth,
  sendgridAuth,
} from "../../../../channels/email/auth";

/** Email Routing's stamp, as a real routed Gmail message carries it (comments, folded results, several spf lines). */
const REAL_CF =
  'mx.cloudflare.net;\r\n\tdkim=pass header.d=gmail.com header.s=20251104 header.b=L6CZ3OJ0;\r\n\tdmarc=pass header.from=gmail.com policy.dmarc=none;\r\n\tspf=none (mx.cloudflare.net: no SPF records found for postmaster@mail-yw1.google.com) smtp.helo=mail-yw1.google.com;\r\n\tspf=pass (mx.cloudflare.net: domain of joe@gmail.com designates 2607:f8b0::112d as permitted sender; really) smtp.mailfrom=joe@gmail.com;\r\n\tarc=pass smtp.remote-ip="2607:f8b0::112d"';

describe("Authentication-Results", () => {
  it("reads the authserv-id and every spf/dkim/dmarc result with its domain (comments may hold ';')", () => {
    const { authservId, results } = parseAuthenticationResults(REAL_CF);
    expect(authservId).toBe("mx.cloudflare.net");
    expect(results).toEqual([
      { method: "dkim", result: "pass", domain: "gmail.com" },
      { method: "dmarc", result: "pass", domain: "gmail.com" },
      { method: "spf", result: "pass", domain: "gmail.com" },
    ]);
    expect(parseAuthenticationResults(`i=2; ${REAL_CF}`).authservId).toBe("mx.cloudflare.net");
  });

  it("Received-SPF: result, envelope domain, receiver", () => {
    expect(
      parseReceivedSpf(
        'pass (mx.cloudflare.net: domain of joe@gmail.com designates 1.2.3.4) receiver=mx.cloudflare.net; client-ip=1.2.3.4; envelope-from="joe@gmail.com"; helo=x;',
      ),
    ).toEqual({ result: "pass", domain: "gmail.com", receiver: "mx.cloudflare.net" });
  });

  it("aligned: same domain or a subdomain either way, never a lookalike", () => {
    expect(aligned("mail.bank.test", "bank.test")).toBe(true);
    expect(aligned("bank.test", "eu.bank.test")).toBe(true);
    expect(aligned("evilbank.test", "bank.test")).toBe(false);
    expect(aligned("bank.test.evil.test", "bank.test")).toBe(false);
  });
});

describe("Email Routing verdicts", () => {
  const headers = (...ar: string[]) => ({ "authentication-results": ar });
  it("a real Gmail stamp verifies its From; not another From", () => {
    expect(emailRoutingAuth("joe@gmail.com", headers(REAL_CF))).toMatchObject({ verified: true, verdict: "pass" });
    expect(emailRoutingAuth("ceo@bank.test", headers(REAL_CF))).toMatchObject({ verified: false });
  });

  it("only Cloudflare's own stamp counts; the sender's copies only count against it", () => {
    const forgedPass = "mx.cloudflare.net; dmarc=pass header.from=bank.test; dkim=pass header.d=bank.test";
    const realFail =
      "mx.cloudflare.net; dkim=none; dmarc=fail header.from=bank.test; spf=fail smtp.mailfrom=x@spoof.test";
    // Cloudflare stamps above the sender's headers: its verdict is the topmost.
    expect(emailRoutingAuth("a@bank.test", headers(realFail, forgedPass))).toMatchObject({
      verified: false,
      verdict: "fail",
    });
    // Even in the wrong order a DMARC failure anywhere wins.
    expect(emailRoutingAuth("a@bank.test", headers(forgedPass, realFail)).verified).toBe(false);
    // Another authserv-id (any earlier hop, or the sender) is ignored.
    expect(emailRoutingAuth("a@bank.test", headers("mx.google.com; dmarc=pass header.from=bank.test"))).toMatchObject({
      verified: false,
      verdict: "none",
    });
    expect(emailRoutingAuth("a@bank.test", {})).toMatchObject({ verified: false, verdict: "none" });
  });

  it("SPF passes only for an aligned envelope; DKIM only for an aligned signer", () => {
    const v = (s: string) => emailRoutingAuth("a@bank.test", headers(`mx.cloudflare.net; ${s}`)).verified;
    expect(v("spf=pass smtp.mailfrom=bounce@mail.bank.test")).toBe(true);
    expect(v("spf=pass smtp.mailfrom=bounce@spoof.test")).toBe(false);
    expect(v("dkim=pass header.d=spoof.test; spf=softfail smtp.mailfrom=a@bank.test")).toBe(false);
    expect(v("dkim=pass header.d=bank.test; dmarc=fail header.from=bank.test")).toBe(false);
  });
});

describe("provider verdicts", () => {
  it("Mailgun: SPF for the envelope sender, DKIM only for a single aligned signer, Sflag is spam", () => {
    const sig = { "dkim-signature": ["v=1; a=rsa-sha256; d=bank.test; s=s1; b=x"] };
    const none = { spf: "", dkim: "", sflag: "", envelopeSender: "" };
    expect(mailgunAuth("a@bank.test", { ...sig, "x-mailgun-dkim-check-result": ["Pass"] }, none).verified).toBe(true);
    expect(mailgunAuth("a@bank.test", {}, { ...none, spf: "Pass", envelopeSender: "a@bank.test" }).verified).toBe(true);
    expect(mailgunAuth("a@bank.test", {}, { ...none, spf: "Pass", envelopeSender: "x@spoof.test" }).verified).toBe(
      false,
    );
    const two = {
      "dkim-signature": [...sig["dkim-signature"], "v=1; d=spoof.test; b=y"],
      "x-mailgun-dkim-check-result": ["Pass"],
    };
    expect(mailgunAuth("a@bank.test", two, none).verified).toBe(false);
    const spam = { ...sig, "x-mailgun-dkim-check-result": ["Pass"], "x-mailgun-sflag": ["Yes"] };
    expect(mailgunAuth("a@bank.test", spam, none)).toMatchObject({ verified: false, verdict: "fail" });
  });

  it("Mailgun: a verdict header the sender wrote in their own message never outranks the form field Mailgun posts", () => {
    // Mailgun's own verdict that is no pass (no SPF record, a soft fail…), and a forged "Pass" header in the message.
    for (const real of ["None", "Neutral", "SoftFail", "Fail", "TempError"]) {
      const forged = { "x-mailgun-spf": ["Pass"], "x-mailgun-dkim-check-result": ["Pass"] };
      const sig = { "dkim-signature": ["v=1; d=bank.test; b=x"] };
      const fields = { spf: real, dkim: real === "None" ? "" : real, sflag: "", envelopeSender: "a@bank.test" };
      expect(mailgunAuth("a@bank.test", { ...forged, ...sig }, fields).verified, real).toBe(false);
    }
    // With no form field at all (an older route), the headers are still read.
    const noFields = { spf: "", dkim: "", sflag: "", envelopeSender: "a@bank.test" };
    expect(mailgunAuth("a@bank.test", { "x-mailgun-spf": ["Pass"] }, noFields).verified).toBe(true);
  });

  it("Postmark: the topmost Received-SPF and X-Spam-Status", () => {
    const spf = (r: string, env = "a@bank.test") =>
      `${r} (sender SPF) identity=mailfrom; envelope-from=${env}; receiver=x`;
    expect(postmarkAuth("a@bank.test", { "received-spf": [spf("Pass")] }).verified).toBe(true);
    expect(postmarkAuth("a@bank.test", { "received-spf": [spf("Fail"), spf("Pass")] }).verified).toBe(false);
    expect(postmarkAuth("a@bank.test", { "received-spf": [spf("Pass", "x@spoof.test")] }).verified).toBe(false);
    expect(
      postmarkAuth("a@bank.test", { "received-spf": [spf("Pass")], "x-spam-status": ["Yes, score=9"] }).verified,
    ).toBe(false);
  });

  it("SendGrid: SPF and the dkim field ({@domain : result}, several)", () => {
    const sg = (spf: string, dkim: string, envelopeFrom = "a@bank.test") =>
      sendgridAuth("a@bank.test", { spf, dkim, envelopeFrom }).verified;
    expect(sg("pass", "")).toBe(true);
    expect(sg("fail", "{@bank.test : pass}")).toBe(true);
    expect(sg("fail", "{@spoof.test : pass, @bank.test : fail}")).toBe(false);
    expect(sg("pass", "", "x@spoof.test")).toBe(false);
    expect(sg("", "")).toBe(false);
  });
});
