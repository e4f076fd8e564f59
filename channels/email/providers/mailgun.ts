/** Mailgun's inbound route posts: signed (HMAC-SHA256), parsed form or raw MIME. */
import { timingSafeEqual } from "hono/utils/buffer";
import * as z from "zod";
import { AuthenticationError, ValidationError } from "../../../src/core/errors";
import { hmacSha256Hex } from "../../../src/core/ids";
import type { Config } from "../../../src/env";
import { mailgunAuth } from "../auth";
import { type ParsedEmail, parsedFromFields, parseRawEmail } from "../mime";
import type { ReceivedEmail } from "../receive";
import { field, fileAttachments, formAsJson, readForm, splitList } from "./shared";

/** Mailgun signs each POST; older than this is a replay. */
export const MAILGUN_MAX_AGE_SECONDS = 5 * 60;

/**
 * Mailgun signs every POST (inbound routes and event webhooks alike): HMAC-SHA256 of timestamp +
 * token with the webhook signing key, at most 5 minutes old. Throws AuthenticationError (401).
 * https://documentation.mailgun.com/docs/mailgun/user-manual/webhooks/securing-webhooks
 */
export async function verifyMailgunSignature(
  config: Config,
  sig: { timestamp: string; token: string; signature: string },
  now: Date,
): Promise<void> {
  if (!config.mailgunSigningKey) throw new AuthenticationError("Mailgun webhooks are not configured");
  const { timestamp, token } = sig;
  const signature = sig.signature.toLowerCase();
  if (!/^\d{1,12}$/.test(timestamp) || !token || !/^[0-9a-f]{64}$/.test(signature)) {
    throw new AuthenticationError("The Mailgun signature is missing or malformed");
  }
  const expected = await hmacSha256Hex(config.mailgunSigningKey, timestamp + token);
  if (!(await timingSafeEqual(expected, signature))) throw new AuthenticationError("The Mailgun signature is wrong");
  if (Math.abs(now.getTime() / 1000 - Number(timestamp)) > MAILGUN_MAX_AGE_SECONDS) {
    throw new AuthenticationError("The Mailgun signature is older than 5 minutes");
  }
}

/**
 * Mailgun's inbound route (`forward()` action), signed as verifyMailgunSignature checks. The "raw
 * MIME" variant (a URL ending in `mime`) sends `body-mime`; the parsed one sends `body-plain`,
 * `message-headers` and `attachment-N` files.
 * https://documentation.mailgun.com/docs/mailgun/user-manual/receive-forward-store/receive-http
 */
export async function readMailgun(req: Request, config: Config, now: Date): Promise<ReceivedEmail> {
  if (!config.mailgunSigningKey) throw new AuthenticationError("Mailgun webhooks are not configured");
  // The signature is inside the form, so the form is read first; nothing else happens before it is checked.
  const form = await readForm(req).catch(() => {
    throw new AuthenticationError("The Mailgun signature is missing");
  });
  const timestamp = field(form, "timestamp");
  const token = field(form, "token");
  await verifyMailgunSignature(config, { timestamp, token, signature: field(form, "signature") }, now);

  // A signature is good once: the token is remembered until the signature is too old anyway (receive.ts).
  const replay = {
    key: `mailgun:${token}`,
    expiresAt: new Date((Number(timestamp) + MAILGUN_MAX_AGE_SECONDS + 60) * 1000).toISOString(),
  };
  const auth = (parsed: ParsedEmail) =>
    mailgunAuth(parsed.from?.address ?? "", parsed.headers, {
      spf: field(form, "X-Mailgun-Spf"),
      dkim: field(form, "X-Mailgun-Dkim-Check-Result"),
      sflag: field(form, "X-Mailgun-Sflag"),
      envelopeSender: field(form, "sender"),
    });
  const recipient = field(form, "recipient");
  const mime = form.get("body-mime");
  if (mime !== null) {
    const raw = typeof mime === "string" ? new TextEncoder().encode(mime) : new Uint8Array(await mime.arrayBuffer());
    const parsed = await parseRawEmail(raw, recipient ? [recipient] : []);
    return {
      source: "mailgun",
      parsed,
      auth: auth(parsed),
      replay,
      original: { data: raw, contentType: "message/rfc822", extension: "eml" },
    };
  }
  let headers: Array<[string, string]> = [];
  try {
    const parsed = JSON.parse(field(form, "message-headers") || "[]") as unknown;
    headers = z.array(z.tuple([z.string(), z.string()])).parse(parsed);
  } catch {
    throw new ValidationError("message-headers is not a list of [name, value] pairs");
  }
  const files: Array<{ file: File; inline?: boolean }> = [];
  for (const [k, v] of form.entries()) {
    if (/^attachment-\d+$/.test(k) && typeof v !== "string") files.push({ file: v as File });
  }
  const from = field(form, "from") || field(form, "sender");
  if (!from) throw new ValidationError("The Mailgun post has no sender");
  const parsed = parsedFromFields({
    headers,
    from,
    recipients: [recipient, ...splitList(field(form, "To"))],
    subject: field(form, "subject"),
    text: field(form, "body-plain"),
    html: field(form, "body-html"),
    attachments: await fileAttachments(files),
  });
  return {
    source: "mailgun",
    parsed,
    auth: auth(parsed),
    replay,
    original: { data: formAsJson(form), contentType: "application/json", extension: "json" },
  };
}
