/** What every provider door shares: form reading, uploaded files, credentials in the URL. */
import { timingSafeEqual } from "hono/utils/buffer";
import { normalizeEmail } from "../../../src/core/email-claims";
import { AuthenticationError, ValidationError } from "../../../src/core/errors";
import type { ParsedAttachment } from "../mime";

/** The body as a form (multipart or urlencoded), or a ValidationError. */
export async function readForm(req: Request): Promise<FormData> {
  const type = req.headers.get("Content-Type") ?? "";
  if (!/^(multipart\/form-data|application\/x-www-form-urlencoded)\b/i.test(type)) {
    throw new ValidationError("Send the body as multipart/form-data or application/x-www-form-urlencoded");
  }
  try {
    return await req.formData();
  } catch {
    throw new ValidationError("The form body could not be read");
  }
}

/** A text field of a form ("" when absent or a file). */
export function field(form: FormData, name: string): string {
  const v = form.get(name);
  return typeof v === "string" ? v : "";
}

/** Uploaded files as attachments. */
export async function fileAttachments(files: Array<{ file: File; inline?: boolean }>): Promise<ParsedAttachment[]> {
  const out: ParsedAttachment[] = [];
  for (const { file, inline } of files) {
    out.push({
      filename: file.name || "attachment",
      contentType:
        (file.type || "application/octet-stream").split(";", 1)[0]?.toLowerCase() ?? "application/octet-stream",
      data: new Uint8Array(await file.arrayBuffer()),
      inline: Boolean(inline),
    });
  }
  return out;
}

/** The fields of a form as JSON (files by name and size only): what we keep as the original. */
export function formAsJson(form: FormData): string {
  const out: Record<string, unknown> = {};
  for (const [k, v] of form.entries()) {
    out[k] = typeof v === "string" ? v : { filename: (v as File).name, type: (v as File).type, size: (v as File).size };
  }
  return JSON.stringify(out);
}

/** Every address in an address-list header value, lowercased. */
export function splitList(value: string): string[] {
  // Split first, then test each piece: one unanchored pattern would rescan a long run at every start.
  return value
    .split(/[\s<>,;"]+/)
    .filter((t) => t.length <= 320 && t.includes("@") && /^[^@]+@.*[^@]$/.test(t))
    .map(normalizeEmail);
}

/** `Authorization: Basic` (credentials in the webhook URL) compared in constant time; unset accepts nothing. */
export async function requireBasicAuth(req: Request, expected: string, provider: string): Promise<void> {
  const m = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(req.headers.get("Authorization") ?? "");
  let given = "";
  try {
    given = m?.[1] ? atob(m[1]) : "";
  } catch {
    given = "";
  }
  if (!expected || !given || !(await timingSafeEqual(given, expected))) {
    throw new AuthenticationError(`The ${provider} webhook credentials are missing or wrong`);
  }
}
