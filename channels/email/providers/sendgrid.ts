/** SendGrid Inbound Parse: multipart, basic-auth credentials in the URL, optional raw MIME. */
import { ValidationError } from "../../../src/core/errors";
import type { Config } from "../../../src/env";
import { sendgridAuth } from "../auth";
import { headerPairs, type ParsedEmail, parsedFromFields, parseRawEmail } from "../mime";
import type { ReceivedEmail } from "../receive";
import { field, fileAttachments, formAsJson, readForm, requireBasicAuth, splitList } from "./shared";

/**
 * SendGrid Inbound Parse (multipart), with basic-auth credentials in the URL. With "POST the raw,
 * full MIME message" on, the message is in `email`; otherwise in `headers`, `text`, `html` and
 * `attachmentN` files. https://www.twilio.com/docs/sendgrid/for-developers/parsing-email/setting-up-the-inbound-parse-webhook
 */
export async function readSendgrid(req: Request, config: Config): Promise<ReceivedEmail> {
  await requireBasicAuth(req, config.sendgridInboundAuth, "SendGrid");
  const form = await readForm(req);
  let envelopeTo: string[] = [];
  let envelopeFrom = "";
  try {
    const envelope = JSON.parse(field(form, "envelope") || "{}") as { to?: unknown; from?: unknown };
    envelopeTo = Array.isArray(envelope.to) ? envelope.to.filter((x): x is string => typeof x === "string") : [];
    envelopeFrom = typeof envelope.from === "string" ? envelope.from : "";
  } catch {
    envelopeTo = [];
  }
  // SendGrid's verdicts come as form fields in both variants: `SPF` and `dkim` ({@domain : pass}).
  const auth = (parsed: ParsedEmail) =>
    sendgridAuth(parsed.from?.address ?? "", { spf: field(form, "SPF"), dkim: field(form, "dkim"), envelopeFrom });
  const email = form.get("email");
  if (email !== null) {
    const raw = typeof email === "string" ? new TextEncoder().encode(email) : new Uint8Array(await email.arrayBuffer());
    const parsed = await parseRawEmail(raw, envelopeTo);
    return {
      source: "sendgrid",
      parsed,
      auth: auth(parsed),
      original: { data: raw, contentType: "message/rfc822", extension: "eml" },
    };
  }
  const from = field(form, "from");
  if (!from) throw new ValidationError("The SendGrid post has no sender");
  const files: Array<{ file: File; inline?: boolean }> = [];
  let info: Record<string, { "content-id"?: string }> = {};
  try {
    info = JSON.parse(field(form, "attachment-info") || "{}");
  } catch {
    info = {};
  }
  for (const [k, v] of form.entries()) {
    if (/^attachment\d+$/.test(k) && typeof v !== "string")
      files.push({ file: v as File, inline: Boolean(info[k]?.["content-id"]) });
  }
  const parsed = parsedFromFields({
    headers: headerPairs(field(form, "headers")),
    from,
    recipients: [...envelopeTo, ...splitList(field(form, "to")), ...splitList(field(form, "cc"))],
    subject: field(form, "subject"),
    text: field(form, "text"),
    html: field(form, "html"),
    attachments: await fileAttachments(files),
  });
  return {
    source: "sendgrid",
    parsed,
    auth: auth(parsed),
    original: { data: formAsJson(form), contentType: "application/json", extension: "json" },
  };
}
