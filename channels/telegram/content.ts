/** What a Telegram message says: its text, the one file it carries, or a readable placeholder. */
import type { Message, User } from "grammy/types";
import type { Language } from "../../src/core/inbound";

/** A file to fetch with getFile. */
export interface MediaRef {
  fileId: string;
  filename: string;
  contentType: string;
  /** As Telegram reports it, when it does. */
  size?: number;
}

export interface MessageContent {
  /** Text or caption, plus a placeholder for kinds that carry no file (stickers, locations, ...). */
  text: string;
  media: MediaRef | null;
}

/** Splits a message into its text and its file. Nothing is dropped: unknown kinds become a placeholder. */
export function describeMessage(m: Message): MessageContent {
  const body = m.text ?? m.caption ?? "";
  const media = mediaOf(m);
  const placeholder = media ? null : placeholderOf(m, body);
  return { text: [body, placeholder].filter(Boolean).join("\n"), media };
}

function mediaOf(m: Message): MediaRef | null {
  const id = m.message_id;
  if (m.photo?.length) {
    // The same photo in several sizes: keep the one with the most pixels.
    const best = [...m.photo].sort((a, b) => a.width * a.height - b.width * b.height)[m.photo.length - 1];
    if (best)
      return { fileId: best.file_id, filename: `photo_${id}.jpg`, contentType: "image/jpeg", size: best.file_size };
  }
  // An animation also comes with a `document` field; take the more specific one first.
  const file =
    (m.animation && { f: m.animation, name: m.animation.file_name ?? `animation_${id}.mp4`, type: "video/mp4" }) ||
    (m.document && {
      f: m.document,
      name: m.document.file_name ?? `document_${id}`,
      type: "application/octet-stream",
    }) ||
    (m.video && { f: m.video, name: m.video.file_name ?? `video_${id}.mp4`, type: "video/mp4" }) ||
    (m.voice && { f: m.voice, name: `voice_${id}.ogg`, type: "audio/ogg" }) ||
    (m.audio && { f: m.audio, name: m.audio.file_name ?? `audio_${id}.mp3`, type: "audio/mpeg" }) ||
    (m.video_note && { f: m.video_note, name: `video_note_${id}.mp4`, type: "video/mp4" }) ||
    null;
  if (!file) return null;
  const mime = "mime_type" in file.f ? file.f.mime_type : undefined;
  return { fileId: file.f.file_id, filename: file.name, contentType: mime || file.type, size: file.f.file_size };
}

function placeholderOf(m: Message, body: string): string | null {
  if (m.sticker) return `[sticker${m.sticker.emoji ? ` ${m.sticker.emoji}` : ""}]`;
  if (m.venue) return `[venue: ${m.venue.title}, ${m.venue.address}]`;
  if (m.location) return `[location: ${m.location.latitude}, ${m.location.longitude}]`;
  if (m.contact) {
    const name = [m.contact.first_name, m.contact.last_name].filter(Boolean).join(" ");
    return `[contact: ${name}, ${m.contact.phone_number}]`;
  }
  if (m.poll) return `[poll: ${m.poll.question}]`;
  if (m.dice) return `[dice ${m.dice.emoji} ${m.dice.value}]`;
  if (m.game) return `[game: ${m.game.title}]`;
  if (m.story) return "[story]";
  return body ? null : "[unsupported message]";
}

/** "First Last", else "@username", else undefined. */
export function displayNameOf(user: User | undefined): string | undefined {
  if (!user) return undefined;
  const name = [user.first_name, user.last_name].filter(Boolean).join(" ").trim();
  return name || (user.username ? `@${user.username}` : undefined);
}

/** A supported language from a Telegram `language_code` (`zh-hans` -> zh), or null. */
export function languageFromCode(code: string | undefined): Language | null {
  if (!code) return null;
  const c = code.toLowerCase();
  if (c.startsWith("zh")) return "zh";
  if (c.startsWith("en")) return "en";
  return null;
}

/** `[file too large: report.pdf, 25.3 MB]` */
export function tooLargePlaceholder(filename: string, size: number): string {
  return `[file too large: ${filename}, ${(size / 1024 / 1024).toFixed(1)} MB]`;
}
