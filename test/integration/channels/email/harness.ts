/** Sending raw email into the Worker (its email() handler), rewriting fixtures, and the fake Mailgun's view. */
import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import worker from "../../../../src/index";
import type { SentMail } from "../../../fakes/email-mailgun";
import apple from "../../../fixtures/email/apple-reply.eml?raw";
import big5 from "../../../fixtures/email/big5-qp.eml?raw";
import dsn from "../../../fixtures/email/dsn-bounce.eml?raw";
import gbk from "../../../fixtures/email/gbk-foxmail.eml?raw";
import gmail from "../../../fixtures/email/gmail-reply.eml?raw";
import htmlOnly from "../../../fixtures/email/html-only.eml?raw";
import inlinePdf from "../../../fixtures/email/inline-image-pdf.eml?raw";
import iso2022jp from "../../../fixtures/email/iso2022jp.eml?raw";
import latin1 from "../../../fixtures/email/latin1-qp.eml?raw";
import ooo from "../../../fixtures/email/out-of-office.eml?raw";
import outlook from "../../../fixtures/email/outlook-reply-zh.eml?raw";
import qq from "../../../fixtures/email/qq-reply.eml?raw";

import { staffTicket, waitFor } from "../../support";

export { count, deliveryOf, staffReply, staffTicket, waitFor } from "../../support";

/** The fixtures (all 7-bit: their charsets live inside base64/quoted-printable/encoded-words). */
export const FIXTURES = { apple, big5, dsn, gbk, gmail, htmlOnly, inlinePdf, iso2022jp, latin1, ooo, outlook, qq };
/** The Message-ID of "our" acknowledgement that the reply fixtures answer. */
export const FIXTURE_OUR_ID = "<rd.msg_fixture0001@relaydesk.test>";
export const SUPPORT = "support@relaydesk.test";

/**
 * A plain-text email as raw MIME: `fromName` shows a display name before the address, `refs` makes
 * it a reply (In-Reply-To the last, References all).
 */
export function plainMail(o: {
  from: string;
  fromName?: string;
  to?: string;
  messageId: string;
  subject: string;
  body: string;
  refs?: string[];
}): string {
  return [
    `From: ${o.fromName ? `${o.fromName} ` : ""}<${o.from}>`,
    `To: <${o.to ?? "support@relaydesk.test"}>`,
    `Subject: ${o.subject}`,
    `Message-ID: ${o.messageId}`,
    ...(o.refs?.length ? [`In-Reply-To: ${o.refs.at(-1)}`, `References: ${o.refs.join(" ")}`] : []),
    `Date: ${new Date().toUTCString()}`,
    "MIME-Version: 1.0",
    "Content-Type: text/plain; charset=utf-8",
    "",
    o.body,
    "",
  ].join("\r\n");
}

export function unique(prefix = "e"): string {
  return `${prefix}${crypto.randomUUID().replace(/-/g, "").slice(0, 12)}`;
}

/** Replaces (or removes, with null) one top-level header of a raw message; adds it when missing. */
export function setHeader(raw: string, name: string, value: string | null): string {
  const end = raw.search(/\r?\n\r?\n/);
  const head = raw.slice(0, end);
  const body = raw.slice(end);
  const re = new RegExp(`^${name}:.*(\\r?\\n[ \\t].*)*`, "im");
  if (value === null)
    return (
      head
        .replace(re, "")
        .replace(/\r\n\r\n/g, "\r\n")
        .replace(/^\r?\n/, "") + body
    );
  if (re.test(head)) return head.replace(re, `${name}: ${value}`) + body;
  return `${head}\r\n${name}: ${value}${body}`;
}

/**
 * A fixture made unique for one test: its own Message-ID and sender (so tests never dedupe or
 * rate-limit each other), and our acknowledgement's id swapped for `ourId`.
 */
export function variant(
  raw: string,
  opts: { from?: string; messageId?: string; ourId?: string; subject?: string; to?: string } = {},
): { raw: string; from: string; messageId: string } {
  const from = opts.from ?? `${unique("c")}@customer.test`;
  const messageId = opts.messageId ?? `<${unique("m")}@customer.test>`;
  let out = raw;
  if (opts.ourId) out = out.split(FIXTURE_OUR_ID).join(opts.ourId);
  out = setHeader(out, "Message-ID", messageId);
  // Keep the display name, swap the address.
  out = out.replace(/^(From:.*?)<[^>]+>/im, `$1<${from}>`);
  if (!/^From:.*<[^>]+>/im.test(out)) out = setHeader(out, "From", from);
  if (opts.subject !== undefined) out = setHeader(out, "Subject", opts.subject);
  if (opts.to !== undefined) out = setHeader(out, "To", opts.to);
  return { raw: out, from, messageId };
}

/** A ForwardableEmailMessage as Email Routing hands it to email(), around a raw message. */
export function routedMessage(raw: string, envelope: { from: string; to?: string }) {
  const bytes = new TextEncoder().encode(raw);
  const rejected: string[] = [];
  const message = {
    from: envelope.from,
    to: envelope.to ?? SUPPORT,
    raw: new Response(bytes).body as ReadableStream<Uint8Array>,
    rawSize: bytes.byteLength,
    headers: new Headers(),
    setReject: (reason: string) => rejected.push(reason),
    forward: async () => ({ messageId: "" }),
    reply: async () => ({ messageId: "" }),
  };
  return { message: message as unknown as ForwardableEmailMessage, rejected };
}

/** SPF/DKIM/DMARC results as Email Routing writes them (`none` leaves a method out). */
export interface AuthSpec {
  dmarc?: "pass" | "fail" | "none";
  spf?: "pass" | "fail" | "softfail" | "none";
  dkim?: "pass" | "fail" | "none";
  /** The envelope sender SPF was checked for (default: the From address). */
  mailfrom?: string;
  /** The DKIM signing domain (default: the From domain). */
  dkimDomain?: string;
}

/**
 * The headers Email Routing stamps above a message it received, as a real routed message shows
 * them: `ARC-Authentication-Results`, `Received-SPF` and `Authentication-Results`, all by
 * `mx.cloudflare.net`, CRLF-joined, ready to prepend.
 */
export function cloudflareAuthHeaders(
  from: string,
  spec: AuthSpec = { dmarc: "pass", spf: "pass", dkim: "pass" },
): string {
  const domain = from.split("@")[1] ?? "invalid.test";
  const mailfrom = spec.mailfrom ?? from;
  const results = [
    spec.dkim && spec.dkim !== "none"
      ? `dkim=${spec.dkim} header.d=${spec.dkimDomain ?? domain} header.s=s1 header.b=abc123`
      : "dkim=none",
    spec.dmarc && spec.dmarc !== "none"
      ? `dmarc=${spec.dmarc} header.from=${domain} policy.dmarc=reject`
      : `dmarc=none header.from=${domain}`,
    spec.spf && spec.spf !== "none"
      ? `spf=${spec.spf} (mx.cloudflare.net: domain of ${mailfrom} designates 192.0.2.10 as permitted sender) smtp.mailfrom=${mailfrom}`
      : `spf=none (mx.cloudflare.net: no SPF records found for ${mailfrom}) smtp.mailfrom=${mailfrom}`,
  ];
  const body = `mx.cloudflare.net;\r\n\t${results.join(";\r\n\t")};\r\n\tarc=none smtp.remote-ip=192.0.2.10`;
  return [
    "Received: from mail.sender.test (192.0.2.10) by cloudflare-email.net (cloudflare) id Test01",
    `ARC-Authentication-Results: i=1; ${body}`,
    `Received-SPF: ${spec.spf ?? "none"} (mx.cloudflare.net: test) receiver=mx.cloudflare.net; client-ip=192.0.2.10; envelope-from="${mailfrom}"; helo=mail.sender.test;`,
    `Authentication-Results: ${body}`,
  ].join("\r\n");
}

/** The From address of a raw message (the envelope sender when it has none). */
export function fromOf(raw: string, fallback: string): string {
  const head = raw.slice(0, raw.search(/\r?\n\r?\n/));
  const line = /^From:(.*(?:\r?\n[ \t].*)*)/im.exec(head)?.[1] ?? "";
  return (/<([^<>\s]+@[^<>\s]+)>/.exec(line)?.[1] ?? /([^\s<>"]+@[^\s<>"]+)/.exec(line)?.[1] ?? fallback).toLowerCase();
}

/**
 * Runs the Worker's real email() handler on a raw message, waiting for its background work. Like
 * Email Routing, it stamps SPF/DKIM/DMARC verdicts on top: passing for the From address unless
 * `auth` says otherwise (`null`: none at all, as `wrangler dev` hands mail over).
 */
export async function receive(
  raw: string,
  envelope: { from: string; to?: string },
  auth: AuthSpec | null = { dmarc: "pass", spf: "pass", dkim: "pass" },
): Promise<{ rejected: string[] }> {
  const stamped = auth ? `${cloudflareAuthHeaders(fromOf(raw, envelope.from), auth)}\r\n${raw}` : raw;
  const { message, rejected } = routedMessage(stamped, envelope);
  const ctx = createExecutionContext();
  await worker.email?.(message, env, ctx);
  await waitOnExecutionContext(ctx);
  return { rejected };
}

export interface InboundRow {
  kind: string;
  source: string;
  ticket_id: string | null;
  message_id: string | null;
  detail: string | null;
  raw_r2_key: string | null;
}

/** The email_inbound record of a Message-ID. */
export async function inboundRecord(messageId: string): Promise<InboundRow | null> {
  return env.DB.prepare("SELECT * FROM email_inbound WHERE message_id_header = ?1").bind(messageId).first<InboundRow>();
}

/** The ticket id an inbound email became (throws when it became none). */
export async function ticketOf(messageId: string): Promise<string> {
  const row = await inboundRecord(messageId);
  if (!row?.ticket_id) throw new Error(`no ticket for ${messageId}: ${JSON.stringify(row)}`);
  return row.ticket_id;
}

export type { SentMail };

/** The fake Mailgun, through its control endpoints. */
export const fakeMailgun = {
  async sent(to?: string): Promise<SentMail[]> {
    const res = await fetch(`${env.EMAIL_API_ROOT}/__sent${to ? `?to=${encodeURIComponent(to)}` : ""}`);
    return ((await res.json()) as { sent: SentMail[] }).sent;
  },
  async fail(rule: { status: number; times?: number; retry_after?: number }) {
    await fetch(`${env.EMAIL_API_ROOT}/__control/fail`, { method: "POST", body: JSON.stringify(rule) });
  },
};

/** Header value of a raw MIME message (first occurrence, unfolded). */
export function headerOf(mime: string, name: string): string | null {
  const head = mime.slice(0, mime.search(/\r?\n\r?\n/));
  const m = new RegExp(`^${name}:(.*(?:\\r?\\n[ \\t].*)*)`, "im").exec(head);
  return m?.[1] ? m[1].replace(/\r?\n[ \t]+/g, " ").trim() : null;
}

/** Waits for the email the fake Mailgun received for `to` matching `pred`. */
export async function waitForMail(to: string, pred: (m: SentMail) => boolean = () => true): Promise<SentMail> {
  const end = Date.now() + 15_000;
  for (;;) {
    const found = (await fakeMailgun.sent(to)).find(pred);
    if (found) return found;
    if (Date.now() > end) throw new Error(`no email to ${to}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** The bounce token our email carries (`X-Relaydesk-Bounce-Token`), as its recipient sees it in the raw headers. */
export async function bounceTokenSentTo(to: string, messageIdHeader: string): Promise<string> {
  const mail = await waitForMail(to, (m) => headerOf(m.mime, "Message-ID") === messageIdHeader);
  const token = headerOf(mail.mime, "X-Relaydesk-Bounce-Token");
  if (!token) throw new Error(`no bounce token on ${messageIdHeader}`);
  return token;
}

/**
 * A customer's first email from `address` (a fresh Message-ID), and our acknowledgement once it is
 * sent: the ticket, the acknowledgement's message id and the Message-ID it went out with.
 */
export async function customerWithSentAck(
  address: string,
  subject: string,
): Promise<{ ticketId: string; ackId: string; ackHeader: string }> {
  const messageId = `<${unique("m")}@${address.split("@")[1]}>`;
  await receive(plainMail({ from: address, messageId, subject, body: "Where is it?" }), { from: address });
  const ticketId = await ticketOf(messageId);
  const ack = await waitFor(async () => {
    const m = (await staffTicket(ticketId)).messages.find((x) => x.author === "bot");
    return m?.delivery?.status === "sent" ? m : undefined;
  }, "acknowledgement sent");
  return { ticketId, ackId: ack.id, ackHeader: ack.delivery?.providerMessageId as string };
}
