/**
 * Who really sent an email: the SPF, DKIM and DMARC verdicts the inbound door reports, judged
 * against the domain of the From address. Pure: every door hands its own evidence in.
 *
 * Only verdicts the door itself wrote count, never the sender's copies: Email Routing's
 * `Authentication-Results` with authserv-id `mx.cloudflare.net` (it stamps them above the
 * sender's headers, so the topmost one is its own), Mailgun's `X-Mailgun-*` headers and form
 * fields, Postmark's topmost `Received-SPF` and `X-Spam-Status`, SendGrid's `SPF`/`dkim` fields.
 * A pass must be aligned with the From domain (DMARC's relaxed alignment); a DMARC failure
 * anywhere in the door's verdicts wins over any pass.
 */

export type AuthVerdict = "pass" | "fail" | "none";

/** What the email channel knows about the sender of one email. */
export interface SenderAuth {
  /** The From address is proven: an aligned DMARC, DKIM or SPF pass, and no DMARC failure or spam flag. */
  verified: boolean;
  /** `pass` (verified), `fail` (the door reported a failure or spam), `none` (the door said nothing usable). */
  verdict: AuthVerdict;
  /** A short account for staff and logs, e.g. `dmarc=fail spf=softfail(mailer.test) dkim=none`. */
  summary: string;
}

type Method = "spf" | "dkim" | "dmarc";

/** One verdict: the method, its result (lowercase), and the domain it speaks for when known. */
export interface AuthResult {
  method: Method;
  result: string;
  domain: string | null;
}

/** Evidence from a door: `passing` comes from the door's own, topmost verdicts; `failing` from any of them. */
export interface AuthEvidence {
  passing: AuthResult[];
  failing: AuthResult[];
  spam: boolean;
}

/** Email Routing's authserv-id (https://developers.cloudflare.com/email-routing/). */
export const CLOUDFLARE_AUTHSERV_ID = "mx.cloudflare.net";

const FAILED = new Set(["fail", "softfail", "permerror", "quarantine", "reject"]);
const HEADER_CAP = 4096;

/** `x@Mail.Example.com` or `Mail.Example.com.` -> `mail.example.com`; null when there is no domain. */
export function domainOf(value: string | null | undefined): string | null {
  if (!value) return null;
  const v = value.trim().replace(/^<|>$/g, "").replace(/^"|"$/g, "");
  // ASCII case only, as addresses are compared (normalizeEmail): no other letter may fold into a domain.
  const d = (v.includes("@") ? v.slice(v.lastIndexOf("@") + 1) : v)
    .replace(/[A-Z]+/g, (x) => x.toLowerCase())
    .replace(/\.$/, "");
  return /^[a-z0-9-]+(\.[a-z0-9-]+)+$/.test(d) && d.length <= 253 ? d : null;
}

/** DMARC relaxed alignment without a public-suffix list: the same domain, or one a subdomain of the other. */
export function aligned(a: string | null, b: string | null): boolean {
  if (!a || !b) return false;
  return a === b || a.endsWith(`.${b}`) || b.endsWith(`.${a}`);
}

/** Comments `( … )` removed (they may hold anything, `;` included). */
function withoutComments(value: string): string {
  let s = value.slice(0, HEADER_CAP);
  for (let i = 0; i < 3; i++) s = s.replace(/\([^()]*\)/g, " ");
  return s;
}

/**
 * An `Authentication-Results` (or `ARC-Authentication-Results`) value: its authserv-id and the
 * spf/dkim/dmarc results (RFC 8601). SPF on the HELO name alone is not about the sender and is left out.
 */
export function parseAuthenticationResults(value: string): { authservId: string; results: AuthResult[] } {
  const parts = withoutComments(value)
    .split(";")
    .map((p) => p.trim())
    .filter(Boolean);
  if (/^i=\d+$/i.test(parts[0] ?? "")) parts.shift(); // ARC's instance tag
  const authservId = (parts.shift() ?? "").split(/\s+/)[0]?.toLowerCase() ?? "";
  const results: AuthResult[] = [];
  for (const part of parts) {
    const m = /^(spf|dkim|dmarc)\s*=\s*([a-z]+)/i.exec(part);
    if (!m?.[1] || !m[2]) continue;
    const method = m[1].toLowerCase() as Method;
    const props = new Map<string, string>();
    for (const p of part.slice(m[0].length).matchAll(/(?<![a-z.-])([a-z]+\.[a-z-]+)\s*=\s*("[^"]*"|\S+)/gi)) {
      props.set((p[1] ?? "").toLowerCase(), (p[2] ?? "").replace(/^"|"$/g, ""));
    }
    let domain: string | null = null;
    if (method === "dkim") domain = domainOf(props.get("header.d") ?? props.get("header.i"));
    else if (method === "dmarc") domain = domainOf(props.get("header.from"));
    else {
      if (!props.has("smtp.mailfrom")) continue;
      domain = domainOf(props.get("smtp.mailfrom"));
    }
    results.push({ method, result: m[2].toLowerCase(), domain });
  }
  return { authservId, results };
}

/** A `Received-SPF` value: the result, the envelope sender's domain and the receiver. */
export function parseReceivedSpf(value: string): { result: string; domain: string | null; receiver: string | null } {
  const v = value.slice(0, HEADER_CAP);
  const result = (/^\s*([a-z]+)/i.exec(v)?.[1] ?? "none").toLowerCase();
  const rest = withoutComments(v);
  const field = (name: string) => new RegExp(`\\b${name}\\s*=\\s*("[^"]*"|[^;\\s]+)`, "i").exec(rest)?.[1] ?? null;
  const envelope = field("envelope-from")?.replace(/^"|"$/g, "") ?? null;
  return {
    result,
    domain: domainOf(envelope),
    receiver: field("receiver")?.replace(/^"|"$/g, "").toLowerCase() ?? null,
  };
}

/** Judges the evidence against the From address. */
export function judgeSender(fromAddress: string, evidence: AuthEvidence): SenderAuth {
  const from = domainOf(fromAddress);
  const all = [...evidence.passing, ...evidence.failing];
  const dmarcFailed = all.some(
    (r) => r.method === "dmarc" && FAILED.has(r.result) && (r.domain === null || aligned(r.domain, from)),
  );
  const alignedPass = evidence.passing.some(
    (r) =>
      r.result === "pass" &&
      (r.method === "dmarc" ? r.domain === null || aligned(r.domain, from) : aligned(r.domain, from)),
  );
  const verified = Boolean(from) && alignedPass && !dmarcFailed && !evidence.spam;
  const failed = dmarcFailed || evidence.spam || all.some((r) => FAILED.has(r.result));
  return { verified, verdict: verified ? "pass" : failed ? "fail" : "none", summary: summarize(evidence) };
}

function summarize(evidence: AuthEvidence): string {
  const seen = new Set<string>();
  const parts: string[] = [];
  for (const r of [...evidence.passing, ...evidence.failing]) {
    const text = `${r.method}=${r.result.replace(/[^a-z]/g, "")}${r.domain ? `(${r.domain})` : ""}`;
    if (!seen.has(text)) parts.push(text);
    seen.add(text);
  }
  if (evidence.spam) parts.push("spam");
  return (parts.join(" ") || "no verdict").slice(0, 300);
}

/** Lowercased header name -> values in order, topmost first (ParsedEmail.headers). */
type Headers = Record<string, string[]>;

/**
 * Email Routing (the email() handler): the verdicts Cloudflare stamps on the message as
 * `Authentication-Results: mx.cloudflare.net; …` (and `ARC-Authentication-Results`,
 * `Received-SPF … receiver=mx.cloudflare.net`). The topmost trusted one is Cloudflare's own;
 * copies further down may be the sender's and only ever count against it.
 */
export function emailRoutingAuth(fromAddress: string, headers: Headers): SenderAuth {
  const trusted = (name: string) =>
    (headers[name] ?? [])
      .map(parseAuthenticationResults)
      .filter((r) => r.authservId === CLOUDFLARE_AUTHSERV_ID)
      .map((r) => r.results);
  const ar = trusted("authentication-results");
  const arc = trusted("arc-authentication-results");
  const spf = (headers["received-spf"] ?? [])
    .map(parseReceivedSpf)
    .filter((r) => r.receiver === CLOUDFLARE_AUTHSERV_ID)
    .map((r) => [{ method: "spf" as const, result: r.result, domain: r.domain }]);
  return judgeSender(fromAddress, {
    passing: ar[0] ?? arc[0] ?? spf[0] ?? [],
    failing: [...ar, ...arc, ...spf].flat(),
    spam: false,
  });
}

/** The one DKIM signing domain of the message, or null when it has none or several. */
function dkimSigningDomain(headers: Headers): string | null {
  const domains = new Set(
    (headers["dkim-signature"] ?? []).map((v) => domainOf(/(?:^|;)\s*d\s*=\s*([^;\s]+)/i.exec(v)?.[1] ?? "")),
  );
  return domains.size === 1 ? ([...domains][0] ?? null) : null;
}

/**
 * Mailgun routes: `X-Mailgun-Spf` (about the envelope sender, `sender`), `X-Mailgun-Dkim-Check-Result`
 * (about the message's DKIM signature: counted only when all of them are by one domain) and
 * `X-Mailgun-Sflag: Yes` (spam), from the headers and the form fields Mailgun posts beside them.
 * https://documentation.mailgun.com/docs/mailgun/user-manual/receive-forward-store/receive-http
 */
export function mailgunAuth(
  fromAddress: string,
  headers: Headers,
  fields: { spf: string; dkim: string; sflag: string; envelopeSender: string },
): SenderAuth {
  // Mailgun posts its verdicts as form fields beside the message, so no sender wrote them; a header of the same
  // name may be one the sender put in their own message. Where Mailgun posted fields, only they can pass the
  // sender (the headers still count against them); the headers alone only where it posted none.
  const posted = Boolean(fields.spf || fields.dkim || fields.sflag);
  const clean = (vs: string[]) => vs.map((v) => v.trim().toLowerCase()).filter(Boolean);
  const values = (name: string, field: string) => clean([field, ...(headers[name] ?? [])]);
  const envelope =
    domainOf(fields.envelopeSender) ??
    domainOf(headers["x-envelope-from"]?.[0]) ??
    domainOf(headers["return-path"]?.[0]);
  const dkimDomain = dkimSigningDomain(headers);
  const results = (method: "spf" | "dkim", vs: string[]) =>
    vs.map((result) => ({ method, result, domain: method === "spf" ? envelope : dkimDomain }));
  const read = (method: "spf" | "dkim", name: string, field: string) => ({
    all: results(method, values(name, field)),
    passing: results(method, (posted ? clean([field]) : values(name, field)).slice(0, 1)),
  });
  const spf = read("spf", "x-mailgun-spf", fields.spf);
  const dkim = read("dkim", "x-mailgun-dkim-check-result", fields.dkim);
  return judgeSender(fromAddress, {
    passing: [...spf.passing, ...dkim.passing],
    failing: [...spf.all, ...dkim.all],
    spam: values("x-mailgun-sflag", fields.sflag).some((v) => v === "yes"),
  });
}

/**
 * Postmark inbound: its `Received-SPF` (the topmost one; envelope-from in it) and
 * `X-Spam-Status: Yes`; an `Authentication-Results` only when Postmark wrote it.
 * https://postmarkapp.com/developer/webhooks/inbound-webhook
 */
export function postmarkAuth(fromAddress: string, headers: Headers): SenderAuth {
  const spf = headers["received-spf"]?.[0];
  const parsedSpf = spf ? parseReceivedSpf(spf) : null;
  const ar = (headers["authentication-results"] ?? [])
    .map(parseAuthenticationResults)
    .filter((r) => /(^|\.)postmarkapp\.com$/.test(r.authservId))
    .map((r) => r.results);
  const spfResults: AuthResult[] = parsedSpf
    ? [{ method: "spf", result: parsedSpf.result, domain: parsedSpf.domain }]
    : [];
  return judgeSender(fromAddress, {
    passing: [...spfResults, ...(ar[0] ?? [])],
    failing: ar.flat(),
    spam: /^\s*yes\b/i.test(headers["x-spam-status"]?.[0] ?? ""),
  });
}

/**
 * SendGrid Inbound Parse: the `SPF` field (about the envelope sender) and the `dkim` field,
 * `{@example.com : pass}` or several comma-separated.
 * https://www.twilio.com/docs/sendgrid/for-developers/parsing-email/setting-up-the-inbound-parse-webhook
 */
export function sendgridAuth(
  fromAddress: string,
  fields: { spf: string; dkim: string; envelopeFrom: string },
): SenderAuth {
  const passing: AuthResult[] = [];
  const spf = fields.spf.trim().toLowerCase();
  if (/^[a-z]+$/.test(spf)) passing.push({ method: "spf", result: spf, domain: domainOf(fields.envelopeFrom) });
  for (const m of fields.dkim.slice(0, HEADER_CAP).matchAll(/@?([a-z0-9.-]+)\s*:\s*([a-z]+)/gi)) {
    passing.push({ method: "dkim", result: (m[2] ?? "").toLowerCase(), domain: domainOf(m[1]) });
  }
  return judgeSender(fromAddress, { passing, failing: passing, spam: false });
}
