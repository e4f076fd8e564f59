// The widget's browser assets: the loader stays under 15 KB gzipped as built, no widget code builds DOM from
// strings, both languages carry every text, and the host's identity object is cleaned before it is sent on.
import { readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
// @ts-expect-error: a plain ES module script with no type declarations
import { bundleClient } from "../../../scripts/build-client.mjs";
import { chatTexts } from "../../../src/widget/client/chat/texts";
import { cleanIdentity } from "../../../src/widget/client/frames";

const CLIENT = resolve(import.meta.dirname, "../../../src/widget/client");
function sources(dir = CLIENT): Array<{ file: string; code: string }> {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory()
      ? sources(join(dir, e.name))
      : /\.ts$/.test(e.name)
        ? [{ file: join(dir, e.name), code: readFileSync(join(dir, e.name), "utf8") }]
        : [],
  );
}
/** The budget for the loader a host page downloads. */
const LOADER_BUDGET_GZIP_BYTES = 15 * 1024;

describe("widget assets", () => {
  it("builds the loader under 15 KB gzipped (minified, content-hashed), and the chat and ticket scripts beside it", async () => {
    const files = (await bundleClient({ quiet: true })) as Array<{ name: string; file: string; contents: Uint8Array }>;
    const loader = files.find((f) => f.name === "widget.js");
    expect(loader?.file).toMatch(/^widget-[A-Z0-9]{8}\.js$/);
    const built = loader?.contents ?? new Uint8Array();
    const gzipped = gzipSync(built, { level: 9 }).length;
    console.info(`widget.js: ${built.length} bytes built, ${gzipped} gzipped`);
    expect(gzipped).toBeGreaterThan(1_000); // the real loader, not an empty file
    expect(gzipped).toBeLessThan(LOADER_BUDGET_GZIP_BYTES);
    // The loader carries none of the chat (that loads in the iframe, lazily).
    expect(Buffer.from(built).toString()).not.toContain("/api/chat/messages");
    expect(files.find((f) => f.name === "chat.js")?.file).toMatch(/^chat-[A-Z0-9]{8}\.js$/);
    expect(files.find((f) => f.name === "ticket-live.js")?.file).toMatch(/^ticket-live-[A-Z0-9]{8}\.js$/);
  });

  it("never builds DOM from strings and never puts the chat token in a URL", () => {
    const all = sources();
    expect(all.map((s) => s.file)).toContain(join(CLIENT, "loader.ts"));
    for (const { file, code } of all) {
      expect(code, file).not.toMatch(
        /\.innerHTML|\.outerHTML|insertAdjacentHTML|document\.write|\beval\(|new Function\(/,
      );
      expect(code, file).not.toMatch(/[?&]token=/);
    }
  });

  it("has every chat text in English and Chinese, non-empty and different", () => {
    const en = chatTexts("en") as Record<string, unknown>;
    const zh = chatTexts("zh") as Record<string, unknown>;
    expect(Object.keys(zh).sort()).toEqual(Object.keys(en).sort());
    for (const key of Object.keys(en)) {
      const a = en[key];
      const b = zh[key];
      const show = (v: unknown) => (typeof v === "function" ? String(v("X", "Y")) : String(v));
      expect(show(a), key).not.toBe("");
      expect(show(b), key).not.toBe(show(a));
    }
    expect(chatTexts("zh").human).toBe("转人工");
    expect(chatTexts("zh").read).toBe("已读");
  });
});

describe("cleanIdentity", () => {
  it("keeps the four fields of a well-formed identity and nothing else", () => {
    expect(
      cleanIdentity({ userId: "u-1@x", email: "a@b.c", name: "Ann", userHash: "ab12", token: "stolen", extra: 1 }),
    ).toEqual({ userId: "u-1@x", email: "a@b.c", name: "Ann", userHash: "ab12" });
    expect(cleanIdentity({ userId: "u1", userHash: "ff" })).toEqual({ userId: "u1", userHash: "ff" });
  });

  it("passes a signed expiry on (unix seconds, as a number or digits) and drops a malformed one", () => {
    const at = Math.floor(Date.now() / 1000) + 1 + Math.floor(Math.random() * 86_400);
    expect(cleanIdentity({ userId: "u1", userHash: "ff", expiresAt: at })).toEqual({
      userId: "u1",
      userHash: "ff",
      expiresAt: at,
    });
    expect(cleanIdentity({ userId: "u1", userHash: "ff", expiresAt: String(at) })?.expiresAt).toBe(at);
    for (const bad of ["soon", -at, 1.5, null, {}]) {
      expect(cleanIdentity({ userId: "u1", userHash: "ff", expiresAt: bad })).toEqual({ userId: "u1", userHash: "ff" });
    }
  });

  it("refuses what the server would refuse, without throwing", () => {
    const junk: unknown[] = [
      null,
      undefined,
      "u1",
      42,
      [],
      { userId: "u1" },
      { userHash: "ab" },
      { userId: "", userHash: "ab" },
      { userId: "has space", userHash: "ab" },
      { userId: "x".repeat(129), userHash: "ab" },
      { userId: "u1\n", userHash: "ab" },
      { userId: "u1", userHash: "ab\ncd" },
      { userId: 7, userHash: "ab" },
      Object.create(null),
    ];
    for (const j of junk) expect(cleanIdentity(j)).toBeNull();
    // A field with a newline is dropped (the signature would not match): identity without it.
    expect(cleanIdentity({ userId: "u1", userHash: "ab", name: "a\nb" })).toEqual({ userId: "u1", userHash: "ab" });
  });
});
