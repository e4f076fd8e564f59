/** Postmark's inbound webhook: JSON, basic-auth credentials in the URL, optional RawEmail. */
import * as z from "zod";
import { ValidationError } from "../../../src/core/errors";
import type { Config } from "../../../src/env";
import { issuesOf } from "../../../src/web/validate";
import { postmarkAuth } from "../auth";
import { type ParsedEmail, parsedFromFields, parseRawEmail } from "../mime";
import type { ReceivedEmail } from "../receive";
import { requireBasicAuth } from "./shared";

const PostmarkAddress = z.object({
  Email: z.string(),
  Name: z.string().optional().nullable(),
  /** The `+hash` part of the address, which Postmark also reports on its own. */
  MailboxHash: z.string().optional().nullable(),
});
const PostmarkInbound = z.object({
  From: z.string().optional().default(""),
  FromFull: PostmarkAddress.optional(),
  ToFull: z.array(PostmarkAddress).optional().default([]),
  CcFull: z.array(PostmarkAddress).optional().default([]),
  OriginalRecipient: z.string().optional().default(""),
  Subject: z.string().optional().default(""),
  TextBody: z.string().optional().nullable(),
  HtmlBody: z.string().optional().nullable(),
  Headers: z
    .array(z.object({ Name: z.string(), Value: z.string() }))
    .optional()
    .default([]),
  Attachments: z
    .array(
      z.object({
        Name: z.string(),
        Content: z.string(),
        ContentType: z.string(),
        ContentID: z.string().optional().nullable(),
      }),
    )
    .optional()
    .default([]),
  /** Present when "Include raw email content in JSON payload" is on: then the raw MIME is parsed. */
  RawEmail: z.string().optional().nullable(),
});

/** `support@x` with MailboxHash `abc` -> also `support+abc@x`, so our plus-address token is seen either way. */
function withMailboxHash(a: z.infer<typeof PostmarkAddress>): string[] {
  const [local, domain] = a.Email.split("@");
  if (!a.MailboxHash || !local || !domain || local.includes("+")) return [a.Email];
  return [a.Email, `${local}+${a.MailboxHash}@${domain}`];
}

function base64Bytes(b64: string): Uint8Array {
  try {
    const bin = atob(b64.replace(/\s+/g, ""));
    return Uint8Array.from(bin, (ch) => ch.charCodeAt(0));
  } catch {
    throw new ValidationError("An attachment is not valid base64");
  }
}

/**
 * Postmark's inbound webhook (JSON), with basic-auth credentials in the webhook URL.
 * https://postmarkapp.com/developer/webhooks/inbound-webhook
 */
export async function readPostmark(req: Request, config: Config): Promise<ReceivedEmail> {
  await requireBasicAuth(req, config.postmarkInboundAuth, "Postmark");
  const body = await req.text();
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    throw new ValidationError("The body is not valid JSON");
  }
  const checked = PostmarkInbound.safeParse(json);
  if (!checked.success)
    throw new ValidationError("The body is not a Postmark inbound message", issuesOf(checked.error));
  const p = checked.data;
  // Postmark's verdicts (Received-SPF, X-Spam-Status) are in its Headers list, in both variants.
  const postmarkHeaders: Record<string, string[]> = {};
  for (const h of p.Headers) {
    const key = h.Name.toLowerCase();
    postmarkHeaders[key] = [...(postmarkHeaders[key] ?? []), h.Value];
  }
  const auth = (parsed: ParsedEmail) =>
    postmarkAuth(parsed.from?.address ?? "", p.Headers.length ? postmarkHeaders : parsed.headers);
  const recipients = [p.OriginalRecipient, ...[...p.ToFull, ...p.CcFull].flatMap(withMailboxHash)].filter(Boolean);
  if (p.RawEmail) {
    const raw = new TextEncoder().encode(p.RawEmail);
    const parsed = await parseRawEmail(raw, recipients);
    return {
      source: "postmark",
      parsed,
      auth: auth(parsed),
      original: { data: raw, contentType: "message/rfc822", extension: "eml" },
    };
  }
  const from = p.FromFull
    ? p.FromFull.Name
      ? `"${p.FromFull.Name.replace(/"/g, "")}" <${p.FromFull.Email}>`
      : p.FromFull.Email
    : p.From;
  if (!from) throw new ValidationError("The Postmark message has no sender");
  const parsed = parsedFromFields({
    headers: p.Headers.map((h) => [h.Name, h.Value]),
    from,
    recipients,
    subject: p.Subject,
    text: p.TextBody ?? "",
    html: p.HtmlBody ?? "",
    attachments: p.Attachments.map((a) => ({
      filename: a.Name || "attachment",
      contentType: a.ContentType.split(";", 1)[0]?.toLowerCase() ?? "application/octet-stream",
      data: base64Bytes(a.Content),
      inline: Boolean(a.ContentID),
    })),
  });
  return {
    source: "postmark",
    parsed,
    auth: auth(parsed),
    original: { data: body, contentType: "application/json", extension: "json" },
  };
}
