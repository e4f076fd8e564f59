/** Which uploaded files the form accepts: how many, how big, what kind, and that they are what they claim. */
import { AppError } from "../../src/core/errors";
import type { InboundAttachment } from "../../src/core/inbound";

export const ALLOWED_ATTACHMENT_TYPES = [
  "image/png",
  "image/jpeg",
  "image/gif",
  "image/webp",
  "application/pdf",
  "text/plain",
  "text/csv",
  "video/mp4",
] as const;
export type AllowedAttachmentType = (typeof ALLOWED_ATTACHMENT_TYPES)[number];

/** The file pickers' filter (a convenience only: the server checks every file again). */
export const FILE_INPUT_ACCEPT = [
  ".png",
  ".jpg",
  ".jpeg",
  ".gif",
  ".webp",
  ".pdf",
  ".txt",
  ".csv",
  ".mp4",
  ...ALLOWED_ATTACHMENT_TYPES,
].join(",");

/** Leading bytes each type must start with; `null` matches any byte (WebP's RIFF size). */
const MAGIC: Partial<Record<AllowedAttachmentType, Array<Array<number | null>>>> = {
  "image/png": [[0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]],
  "image/jpeg": [[0xff, 0xd8, 0xff]],
  "image/gif": [ascii("GIF87a"), ascii("GIF89a")],
  "image/webp": [[...ascii("RIFF"), null, null, null, null, ...ascii("WEBP")]],
  "application/pdf": [ascii("%PDF-")],
};

function ascii(s: string): number[] {
  return [...s].map((ch) => ch.charCodeAt(0));
}

/** `Image/PNG; charset=x` -> `image/png`. */
function baseType(type: string): string {
  return (type.split(";", 1)[0] ?? "").trim().toLowerCase();
}

/** Whether `bytes` start the way files of `type` must (types without a signature always pass). */
export function matchesMagicBytes(type: AllowedAttachmentType, bytes: Uint8Array): boolean {
  const signatures = MAGIC[type];
  if (!signatures) return true;
  return signatures.some((sig) => sig.length <= bytes.length && sig.every((b, i) => b === null || bytes[i] === b));
}

export interface AttachmentLimits {
  maxCount: number;
  maxBytes: number;
}

/**
 * Checks every file before any is read or stored: count and size (413), then type and content (415).
 * Returns them ready for `InboundMessage.attachments`.
 */
export async function acceptAttachments(files: File[], limits: AttachmentLimits): Promise<InboundAttachment[]> {
  if (files.length > limits.maxCount) {
    throw new AppError(413, "too_many_attachments", `At most ${limits.maxCount} files may be attached`);
  }
  for (const file of files) {
    if (file.size > limits.maxBytes) {
      throw new AppError(413, "attachment_too_large", `Each file may be at most ${limits.maxBytes} bytes`, {
        filename: file.name,
        size: file.size,
      });
    }
    if (!isAllowedType(baseType(file.type))) {
      throw attachmentTypeError(file, "This file type is not accepted");
    }
  }
  const accepted: InboundAttachment[] = [];
  for (const file of files) {
    const contentType = baseType(file.type) as AllowedAttachmentType;
    const data = new Uint8Array(await file.arrayBuffer());
    if (!matchesMagicBytes(contentType, data)) {
      throw attachmentTypeError(file, "The file's content does not match its declared type");
    }
    accepted.push({ filename: cleanFilename(file.name), contentType, data });
  }
  return accepted;
}

function isAllowedType(type: string): type is AllowedAttachmentType {
  return (ALLOWED_ATTACHMENT_TYPES as readonly string[]).includes(type);
}

function attachmentTypeError(file: File, message: string): AppError {
  return new AppError(415, "attachment_type_not_allowed", message, {
    filename: file.name,
    type: file.type,
    allowed: ALLOWED_ATTACHMENT_TYPES,
  });
}

/** Keeps the name people chose, minus path parts and control characters. */
function cleanFilename(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? "";
  // biome-ignore lint/suspicious/noControlCharactersInRegex: stripping control characters is the point
  const clean = base.replace(/[\u0000-\u001f\u007f]/g, "").trim();
  return clean.slice(0, 200) || "attachment";
}
