/** One shape for every inbound email, whichever door it came through: raw MIME (postal-mime) or a provider's parsed fields. */

import PostalMime, { type Address, addressParser, decodeWords, type Email } from "postal-mime";
import { normalizeEmail } from "../../src/core/email-claims";
import { ValidationError } from "../../src/core/errors";
import { cutRedacted } from "../../src/core/redact-cut";
import { storableMessageId } from "../../src/core/redact-ids";
import { htmlToText } from "./html";

export { htmlToText, MAX_HTML_CHARS } from "./html";

export interface ParsedAttachment {
  filename: string;
  contentType: string;
  data: Uint8Array;
  /** Shown inside the HTML (an inline image), not attached as a file. */
  inline: boolean;
}

export interface ParsedEmail {
  /** `<id@host>`, or null when the sender set none. */
  messageId: string | null;
  inReplyTo: string[];
  references: string[];
  from: { address: string; name: string } | null;
  /** Every address the message was sent to: To, Cc, Delivered-To, X-Original-To and the envelope. */
  recipients: string[];
  subject: string;
  date: Date | null;
  /** The text as sent: the text part, or the HTML part made readable. Quoted history included. */
  text: string;
  html: string | null;
  /** Lowercased header name -> values in order. */
  headers: Record<string, string[]>;
  attachments: ParsedAttachment[];
  /** Top-level `Content-Type`, lowercased, without parameters (e.g. `multipart/report`). */
  contentType: string;
  /** The report parts of a DSN, when the message is one. */
  report: { deliveryStatus: string; originalHeaders: string } | null;
}

/** Longest subject read (threading, the ticket's subject); the original keeps the whole header. */
export const MAX_SUBJECT_CHARS = 1000;

/** A subject cut to MAX_SUBJECT_CHARS, on its redacted text: a secret the cut falls in leaves no piece. */
function subjectWithin(subject: string): string {
  return cutRedacted(subject, MAX_SUBJECT_CHARS).text;
}

/** Largest raw message accepted (Cloudflare Email Routing's own limit is 25 MiB). */
export const MAX_RAW_BYTES = 25 * 1024 * 1024;

/**
 * All `<...>` ids in a Message-ID list header (In-Reply-To, References). Like every Message-ID read, an id
 * holding a secret is its hash from here on (storableMessageId): dedupe, threading and storage see only that.
 */
export function messageIdsIn(value: string | undefined | null): string[] {
  if (!value) return [];
  const ids = value.match(/<[^<>\s]+>/g) ?? [];
  return [...new Set(ids.map(storableMessageId))];
}

/** `  <id@host> ` -> `<id@host>`; a bare `id@host` gets its brackets; junk -> null; one holding a secret: its hash. */
export function normalizeMessageId(value: string | undefined | null): string | null {
  if (!value) return null;
  const v = value.trim();
  const m = /<([^<>\s]+)>/.exec(v);
  if (m) return storableMessageId(`<${m[1]}>`);
  return /^[^<>\s]+$/.test(v) && v.length <= 500 ? storableMessageId(`<${v}>`) : null;
}

/** An address as it names a sender or recipient: ASCII case folded only (normalizeEmail says why). */
export function normalizeAddress(address: string): string {
  return normalizeEmail(address);
}

function mailboxes(list: Address[] | Address | undefined): Array<{ address: string; name: string }> {
  const items = Array.isArray(list) ? list : list ? [list] : [];
  return items.flatMap((a) => (a.group ? a.group : [a])).filter((a) => Boolean(a.address)) as Array<{
    address: string;
    name: string;
  }>;
}

function decodeBytes(content: ArrayBuffer | Uint8Array | string): string {
  return typeof content === "string" ? content : new TextDecoder().decode(content);
}

/** Parses a raw RFC 822 message; `envelopeTo` is the SMTP recipient when the transport knows it. */
export async function parseRawEmail(raw: Uint8Array | ArrayBuffer, envelopeTo: string[] = []): Promise<ParsedEmail> {
  if (raw.byteLength > MAX_RAW_BYTES) throw new ValidationError("The email is larger than 25 MiB");
  if (raw.byteLength === 0) throw new ValidationError("The email is empty");
  let email: Email;
  try {
    // Attached emails stay attachments: their text is not the customer's message.
    email = await PostalMime.parse(raw, { forceRfc822Attachments: true });
  } catch (err) {
    throw new ValidationError(`The email could not be parsed: ${err instanceof Error ? err.message : "unknown"}`);
  }
  const headers: Record<string, string[]> = {};
  for (const h of email.headers) headers[h.key] = [...(headers[h.key] ?? []), h.value];
  const contentType = (headers["content-type"]?.[0] ?? "text/plain").split(";", 1)[0]?.trim().toLowerCase() ?? "";
  const from = mailboxes(email.from)[0] ?? null;

  let report: ParsedEmail["report"] = null;
  const attachments: ParsedAttachment[] = [];
  for (const a of email.attachments) {
    const type = a.mimeType.toLowerCase();
    if (
      contentType === "multipart/report" &&
      (type === "message/delivery-status" ||
        type === "text/rfc822-headers" ||
        type === "message/rfc822-headers" ||
        type === "message/rfc822")
    ) {
      report ??= { deliveryStatus: "", originalHeaders: "" };
      if (type === "message/delivery-status") report.deliveryStatus = decodeBytes(a.content);
      else if (!report.originalHeaders) report.originalHeaders = decodeBytes(a.content).split(/\r?\n\r?\n/, 1)[0] ?? "";
      continue;
    }
    const data = typeof a.content === "string" ? new TextEncoder().encode(a.content) : new Uint8Array(a.content);
    attachments.push({
      filename: a.filename || defaultFilename(type),
      contentType: type,
      data,
      inline: a.disposition === "inline" || Boolean(a.related),
    });
  }

  const recipients = [
    ...mailboxes(email.to).map((m) => m.address),
    ...mailboxes(email.cc).map((m) => m.address),
    ...(headers["delivered-to"] ?? []),
    ...(headers["x-original-to"] ?? []),
    ...envelopeTo,
  ].map(normalizeAddress);

  const text = email.text?.trim() ? email.text : email.html ? htmlToText(email.html) : "";
  return {
    messageId: normalizeMessageId(email.messageId),
    inReplyTo: messageIdsIn(email.inReplyTo),
    references: messageIdsIn(email.references),
    from: from ? { address: normalizeAddress(from.address), name: from.name ?? "" } : null,
    recipients: [...new Set(recipients)],
    subject: subjectWithin(email.subject ?? ""),
    date: email.date && !Number.isNaN(Date.parse(email.date)) ? new Date(email.date) : null,
    text: normalizeNewlines(text),
    html: email.html ?? null,
    headers,
    attachments,
    contentType,
    report,
  };
}

function defaultFilename(type: string): string {
  const ext = type.split("/")[1]?.replace(/[^a-z0-9]+/g, "") || "bin";
  return `attachment.${ext}`;
}

export function normalizeNewlines(text: string): string {
  return text.replace(/\r\n?/g, "\n");
}

/** What a provider's parsed webhook gives us, before it becomes a ParsedEmail. */
export interface ProviderFields {
  /** Every header as `[name, value]`, in order (Message-ID, In-Reply-To, References, Auto-Submitted...). */
  headers: Array<[string, string]>;
  /** The From header (`Name <a@b>`), already decoded by the provider. */
  from: string;
  /** Recipient addresses (To, Cc, the envelope). */
  recipients: string[];
  subject: string;
  text: string;
  html: string;
  attachments: ParsedAttachment[];
}

/** The same ParsedEmail from a provider's parsed fields (Mailgun's form, Postmark's JSON, SendGrid's form). */
export function parsedFromFields(f: ProviderFields): ParsedEmail {
  const headers: Record<string, string[]> = {};
  for (const [name, value] of f.headers) {
    const key = name.toLowerCase();
    headers[key] = [...(headers[key] ?? []), decodeWords(value)];
  }
  const first = (name: string) => headers[name]?.[0];
  const from = (addressParser(f.from, { flatten: true })[0] ?? null) as { address?: string; name?: string } | null;
  const date = first("date");
  const contentType = (first("content-type") ?? "text/plain").split(";", 1)[0]?.trim().toLowerCase() ?? "";
  const text = f.text.trim() ? f.text : f.html ? htmlToText(f.html) : "";
  return {
    messageId: normalizeMessageId(first("message-id")),
    inReplyTo: messageIdsIn(first("in-reply-to")),
    references: messageIdsIn(headers.references?.join(" ")),
    from: from?.address ? { address: normalizeAddress(from.address), name: from.name ?? "" } : null,
    recipients: [...new Set(f.recipients.map(normalizeAddress).filter(Boolean))],
    subject: subjectWithin(f.subject || first("subject") || ""),
    date: date && !Number.isNaN(Date.parse(date)) ? new Date(date) : null,
    text: normalizeNewlines(text),
    html: f.html || null,
    headers,
    attachments: f.attachments,
    contentType,
    // Parsed webhooks do not carry the report parts; DSNs arrive through the raw-MIME variants.
    report: null,
  };
}

/** `Name: value` header lines (SendGrid's `headers` field) -> pairs, folded lines joined. */
export function headerPairs(block: string): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  for (const line of block.replace(/\r?\n[ \t]+/g, " ").split(/\r?\n/)) {
    const m = /^([!-9;-~]+)\s*:\s*(.*)$/.exec(line);
    if (m?.[1]) out.push([m[1], m[2] ?? ""]);
  }
  return out;
}
