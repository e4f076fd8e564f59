/**
 * What the identity tests share: fresh random texts and addresses, the fake Mailgun's view of one
 * mailbox, the confirmation link inside a mail, and answering a mail as its recipient would.
 */
import { env, exports } from "cloudflare:workers";
import { fakeMailgun, headerOf, receive, type SentMail } from "../email/harness";
import { BASE, BROWSER_ACCEPT, uniqueIp } from "./builders";

const WORDS = ["deposit", "提现", "TxID", "KYC", "钱包", "withdrawal", "账户", "USDT", "order", "审核"];

/** A random message body nobody else's test (or the other customer) could contain. */
export function randomBody(tag: string): string {
  const hex = crypto.randomUUID().replace(/-/g, "");
  const pick = () => WORDS[(crypto.getRandomValues(new Uint8Array(1))[0] ?? 0) % WORDS.length];
  return `${tag}-${hex.slice(0, 16)} ${pick()} ${pick()} ${hex.slice(16)}`;
}

/** A fresh address, in a random mix of cases (addresses are compared case-insensitively). */
export function randomAddress(): string {
  const local = `v${crypto.randomUUID().replace(/-/g, "").slice(0, 14)}`;
  return `${local}@victim-${crypto.randomUUID().slice(0, 6)}.test`;
}

/** The same address as someone else might type it: other letter cases, spaces around it. */
export function retyped(address: string): string {
  const flipped = [...address].map((ch, i) => (i % 2 ? ch.toUpperCase() : ch)).join("");
  return `  ${flipped} `;
}

/** Every mail the fake Mailgun accepted for `to` (any case). */
export async function mailsTo(to: string): Promise<SentMail[]> {
  const all = await fakeMailgun.sent();
  return all.filter((m) => m.to.toLowerCase() === to.trim().toLowerCase());
}

/** The decoded text of a mail's text/plain part (our mails are base64). */
export function mailText(mime: string): string {
  const parts = mime.split(/\r?\n--/);
  for (const part of parts) {
    if (!/content-type:\s*text\/plain/i.test(part)) continue;
    const body = part.slice(part.search(/\r?\n\r?\n/)).replace(/\s+/g, "");
    try {
      return new TextDecoder().decode(Uint8Array.from(atob(body), (c) => c.charCodeAt(0)));
    } catch {
      return body;
    }
  }
  return mime;
}

/** A mail's Subject, RFC 2047 encoded-words decoded. */
export function mailSubject(mime: string): string {
  return (headerOf(mime, "Subject") ?? "").replace(/=\?utf-8\?B\?([^?]*)\?=/gi, (_, b64: string) =>
    new TextDecoder().decode(Uint8Array.from(atob(b64), (c) => c.charCodeAt(0))),
  );
}

/** Waits for a mail to `to` matching `pred`. */
export async function waitForMailTo(to: string, pred: (m: SentMail) => boolean = () => true): Promise<SentMail> {
  const end = Date.now() + 15_000;
  for (;;) {
    const found = (await mailsTo(to)).find(pred);
    if (found) return found;
    if (Date.now() > end) throw new Error(`no email to ${to}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** The `/verify-email/<token>` path in a confirmation mail. */
export function confirmationPath(mail: SentMail): string {
  const m = /\/verify-email\/([A-Za-z0-9_-]+)/.exec(mailText(mail.mime));
  if (!m) throw new Error("no confirmation link in the mail");
  return `/verify-email/${m[1]}`;
}

/** The confirmation mail for ticket `number` sent to `to`. */
export function confirmationMailFor(to: string, number: string): Promise<SentMail> {
  return waitForMailTo(to, (m) => /\/verify-email\//.test(mailText(m.mime)) && mailText(m.mime).includes(number));
}

/** Calls a path like an API client (JSON) or, with `browser`, like a browser. */
export function call(method: string, path: string, opts: { browser?: boolean; json?: unknown } = {}) {
  const headers: Record<string, string> = { "CF-Connecting-IP": uniqueIp() };
  if (opts.browser) headers.Accept = BROWSER_ACCEPT;
  if (opts.json !== undefined) headers["Content-Type"] = "application/json";
  return exports.default.fetch(`${BASE}${path}`, {
    method,
    headers,
    body: opts.json === undefined ? undefined : JSON.stringify(opts.json),
    redirect: "manual",
  });
}

/**
 * The mailbox owner answers a mail we sent them, as a mail client would: to its Reply-To, with
 * In-Reply-To/References to it, "Re:" its subject. Returns the answer's Message-ID.
 */
export async function answerMail(mail: SentMail, from: string, body: string): Promise<string> {
  const ourId = headerOf(mail.mime, "Message-ID") ?? "";
  const replyTo =
    /<?([^<>\s]+@[^<>\s]+)>?/.exec(headerOf(mail.mime, "Reply-To") ?? "")?.[1] ?? "support@relaydesk.test";
  const subject = mailSubject(mail.mime);
  const messageId = `<ans.${crypto.randomUUID()}@victim.test>`;
  await receive(rawEmail({ from, to: replyTo, subject: `Re: ${subject}`, messageId, inReplyTo: ourId, body }), {
    from,
    to: replyTo,
  });
  return messageId;
}

/** A plain RFC 822 email. */
export function rawEmail(m: {
  from: string;
  to: string;
  subject: string;
  messageId: string;
  inReplyTo?: string;
  body: string;
}): string {
  return [
    `From: Mailbox Owner <${m.from}>`,
    `To: <${m.to}>`,
    `Subject: ${m.subject}`,
    `Message-ID: ${m.messageId}`,
    ...(m.inReplyTo ? [`In-Reply-To: ${m.inReplyTo}`, `References: ${m.inReplyTo}`] : []),
    `Date: ${new Date().toUTCString()}`,
    "MIME-Version: 1.0",
    "Content-Type: text/plain; charset=utf-8",
    "Content-Transfer-Encoding: 8bit",
    "",
    m.body,
    "",
  ].join("\r\n");
}

/** The text of a customer's ticket page (`/t/:token`), following a same-customer merge redirect. */
export async function ticketPage(token: string): Promise<string> {
  let res = await call("GET", `/t/${token}`, { browser: true });
  if (res.status === 302) res = await call("GET", res.headers.get("Location") ?? "", { browser: true });
  if (res.status !== 200) throw new Error(`ticket page: ${res.status}`);
  return res.text();
}

/** The ticket's contact and whether any stored message of it contains `text`. */
export async function contactOfTicket(ticketId: string): Promise<string | null> {
  const row = await env.DB.prepare("SELECT contact_id FROM tickets WHERE id = ?1")
    .bind(ticketId)
    .first<{ contact_id: string }>();
  return row?.contact_id ?? null;
}
