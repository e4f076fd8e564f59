import { describe, expect, it } from "vitest";
import { containsMarkup, matchesMagicBytes, PREVIEW_TYPES, servingOf, sniffType } from "../../../src/core/uploads";

const enc = (s: string) => new TextEncoder().encode(s);
const rand = (n: number) => crypto.getRandomValues(new Uint8Array(n));
const cat = (...parts: Uint8Array[]) => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.byteLength, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.byteLength;
  }
  return out;
};
/** Random bytes that cannot spell a tag (no `<`), so a "clean" file is clean by construction. */
const noTags = (n: number) => rand(n).map((b) => (b === 0x3c ? 0x3d : b));

const HEADS: Record<(typeof PREVIEW_TYPES)[number], () => Uint8Array> = {
  "image/png": () => Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  "image/jpeg": () => Uint8Array.from([0xff, 0xd8, 0xff, 0xe0]),
  "image/gif": () => enc(Math.random() < 0.5 ? "GIF89a" : "GIF87a"),
  "image/webp": () => cat(enc("RIFF"), rand(4), enc("WEBPVP8 ")),
  "application/pdf": () => enc("%PDF-1.7\n"),
};
const TAGS = [
  "<script>alert(1)</script>",
  "<svg onload=alert(1)>",
  "<html><body>",
  "<!DOCTYPE html>",
  "<?xml version='1.0'?><x/>",
  "<iframe src=//x>",
  "<ScRiPt>",
  "<meta http-equiv=refresh>",
];
const pick = <T>(xs: readonly T[]) => xs[Math.floor(Math.random() * xs.length)] as T;

describe("servingOf: what a browser may render is decided by the bytes", () => {
  it("each previewable kind, with random content, is inline as the type its bytes prove", () => {
    for (let i = 0; i < 200; i++) {
      const type = pick(PREVIEW_TYPES);
      const bytes = cat(HEADS[type](), noTags(1 + Math.floor(Math.random() * 5000)));
      expect(sniffType(bytes)).toBe(type);
      expect(servingOf(bytes)).toEqual({ inline: true, contentType: type });
    }
  });

  it("polyglots (valid image or PDF signature, markup inside the first KBs) are downloads", () => {
    for (let i = 0; i < 200; i++) {
      const type = pick(PREVIEW_TYPES);
      const tag = pick(TAGS);
      const bytes = cat(HEADS[type](), noTags(Math.floor(Math.random() * 3000)), enc(tag), noTags(50));
      expect(matchesMagicBytes(type, bytes)).toBe(true);
      expect(containsMarkup(bytes)).toBe(true);
      expect(servingOf(bytes)).toEqual({ inline: false, contentType: "application/octet-stream" });
    }
  });

  it("markup hidden with NULs between its letters (UTF-16) is still found", () => {
    const utf16 = Uint8Array.from([..."<svg onload=x>"].flatMap((ch) => [ch.charCodeAt(0), 0]));
    expect(servingOf(cat(HEADS["image/png"](), utf16))).toMatchObject({ inline: false });
  });

  it("HTML, SVG and anything unknown are downloads, whatever name or type the sender gave", () => {
    for (let i = 0; i < 100; i++) {
      const bytes =
        Math.random() < 0.5 ? enc(`${pick(TAGS)}${crypto.randomUUID()}`) : noTags(1 + Math.floor(Math.random() * 100));
      // Bytes that happen to start like a signature are a kind of their own; everything else is not.
      if (sniffType(bytes)) continue;
      expect(servingOf(bytes)).toEqual({ inline: false, contentType: "application/octet-stream" });
    }
    expect(servingOf(new Uint8Array())).toMatchObject({ inline: false });
    // A truncated signature is not the kind.
    expect(servingOf(Uint8Array.from([0x89, 0x50, 0x4e]))).toMatchObject({ inline: false });
    expect(servingOf(enc("RIFF\0\0\0\0WAVE"))).toMatchObject({ inline: false });
  });
});
