/** Downloads a customer's file from Telegram (getFile, then the file URL) within the size limits. */
import { type Api, GrammyError } from "grammy";
import type { InboundAttachment } from "../../src/core/inbound";
import { fileUrl, type TelegramSettings } from "./config";
import { type MediaRef, tooLargePlaceholder } from "./content";

/** Bots may download files of at most 20 MB. https://core.telegram.org/bots/api#getfile */
export const BOT_DOWNLOAD_LIMIT = 20 * 1024 * 1024;

const DOWNLOAD_TIMEOUT_MS = 30_000;

export type FetchedMedia = { kind: "file"; attachment: InboundAttachment } | { kind: "placeholder"; text: string };

/**
 * Fetches one file. Files over the limit, or that Telegram will not hand out, become a
 * placeholder; a temporary failure throws (without the file URL) so that Telegram redelivers.
 */
export async function fetchMedia(
  api: Api,
  settings: TelegramSettings,
  media: MediaRef,
  maxBytes: number,
): Promise<FetchedMedia> {
  const limit = Math.min(BOT_DOWNLOAD_LIMIT, maxBytes);
  const tooLarge = (size: number): FetchedMedia => ({
    kind: "placeholder",
    text: tooLargePlaceholder(media.filename, size),
  });
  const unavailable: FetchedMedia = { kind: "placeholder", text: `[file unavailable: ${media.filename}]` };
  if (media.size !== undefined && media.size > limit) return tooLarge(media.size);
  if (!settings.token) return { kind: "placeholder", text: `[file not downloaded: ${media.filename}]` };

  let filePath: string | undefined;
  let reportedSize: number | undefined;
  try {
    const file = await api.getFile(media.fileId);
    filePath = file.file_path;
    reportedSize = file.file_size;
  } catch (err) {
    if (err instanceof GrammyError && err.error_code === 400) {
      return /too big/i.test(err.description) ? tooLarge(media.size ?? limit + 1) : unavailable;
    }
    const why = err instanceof GrammyError ? `${err.error_code}` : "network";
    throw new Error(`Telegram getFile failed (${why})`);
  }
  if (!filePath) return unavailable;
  if (reportedSize !== undefined && reportedSize > limit) return tooLarge(reportedSize);

  let res: Response;
  try {
    res = await fetch(fileUrl(settings, filePath), { signal: AbortSignal.timeout(DOWNLOAD_TIMEOUT_MS) });
  } catch {
    // The underlying error could echo the URL, which carries the token: say only what happened.
    throw new Error("Downloading a Telegram file failed (network)");
  }
  if (res.status === 400 || res.status === 404) {
    await res.body?.cancel();
    return unavailable;
  }
  if (!res.ok) {
    await res.body?.cancel();
    throw new Error(`Downloading a Telegram file failed (HTTP ${res.status})`);
  }
  const data = await readAtMost(res, limit);
  if (!data) return tooLarge(reportedSize ?? media.size ?? limit + 1);
  return { kind: "file", attachment: { filename: media.filename, contentType: media.contentType, data } };
}

/** The body, or null as soon as it turns out longer than `limit` bytes. */
async function readAtMost(res: Response, limit: number): Promise<Uint8Array | null> {
  const declared = Number(res.headers.get("Content-Length") ?? "NaN");
  if (declared > limit) {
    await res.body?.cancel();
    return null;
  }
  if (!res.body) return new Uint8Array();
  const chunks: Uint8Array[] = [];
  let total = 0;
  const reader = res.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > limit) {
      await reader.cancel();
      return null;
    }
    chunks.push(value);
  }
  const out = new Uint8Array(total);
  let offset = 0;
  for (const c of chunks) {
    out.set(c, offset);
    offset += c.byteLength;
  }
  return out;
}
