/**
 * Which uploaded files Relaydesk accepts (the web form's customers and staff replying alike): how
 * many, how big, what kind, and that they are what they claim; and how a stored file may be shown
 * to a browser, decided from its bytes, never from the name or type its sender gave.
 */
import { AppError } from "./errors";
import type { InboundAttachment } from "./inbound";

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

/** What a browser may show in the staff thread: these images as thumbnails, PDFs as a first page. */
export const PREVIEW_TYPES = ["image/png", "image/jpeg", "image/gif", "image/webp", "application/pdf"] as const;
export type PreviewType = (typeof PREVIEW_TYPES)[number];

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

/** The type a file's leading bytes prove (an image kind or PDF), or null. */
export function sniffType(bytes: Uint8Array): PreviewType | null {
  return PREVIEW_TYPES.find((t) => matchesMagicBytes(t, bytes)) ?? null;
}

/** How far into a file markup is looked for (browsers sniff about the first 512 bytes; this is wider). */
const MARKUP_SCAN_BYTES = 4096;
/** Tags that make a file a page or a script when something renders it as HTML, SVG or XML. */
const MARKUP =
  /<(?:!doctype|html|head|body|script|svg|iframe|object|embed|meta|style|link|form|img|\?xml|x:script|xsl)/i;

/** Whether the file's start holds HTML, SVG or XML markup (a polyglot: valid image bytes that are also a page). */
export function containsMarkup(bytes: Uint8Array): boolean {
  const head = bytes.subarray(0, MARKUP_SCAN_BYTES);
  // Latin-1 keeps one character per byte, so a tag is found whatever the bytes around it are; NULs of UTF-16 are dropped.
  const text = new TextDecoder("latin1").decode(head).replaceAll("\0", "");
  return MARKUP.test(text);
}

/**
 * How a stored file is served to staff: inline, with the type its bytes prove, only for a previewable
 * image or PDF holding no markup; anything else (HTML or SVG named `.png`, a polyglot, an unknown
 * kind) is an `application/octet-stream` download.
 */
export function servingOf(
  bytes: Uint8Array,
): { inline: true; contentType: PreviewType } | { inline: false; contentType: "application/octet-stream" } {
  const type = sniffType(bytes);
  if (type && !containsMarkup(bytes)) return { inline: true, contentType: type };
  return { inline: false, contentType: "application/octet-stream" };
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
export function cleanFilename(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? "";
  // biome-ignore lint/suspicious/noControlCharactersInRegex: stripping control characters is the point
  const clean = base.replace(/[\u0000-\u001f\u007f]/g, "").trim();
  return clean.slice(0, 200) || "attachment";
}
