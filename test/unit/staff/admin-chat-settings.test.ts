// The live-chat admin screen's pure logic (src/staff/admin-ui/client/chat-settings.ts) and its texts:
// an origin typed in any layout becomes its exact form or a reason; anything that is not an origin is refused.
import { describe, expect, it } from "vitest";
import {
  checkOrigin,
  embedSnippet,
  MAX_ORIGINS,
  settingsFrom,
  settingsPut,
  signingSnippet,
} from "../../../src/staff/admin-ui/client/chat-settings";
import { chatAdminTexts } from "../../../src/staff/admin-ui/i18n-chat";

const rand = (n: number) => Math.floor(Math.random() * n);
const word = () =>
  Math.random()
    .toString(36)
    .slice(2, 3 + rand(8))
    .replace(/^\d+/, "") || "x";

describe("checkOrigin", () => {
  it("turns a typed origin into its exact form (case, trailing slash, default port, spaces)", () => {
    for (let i = 0; i < 50; i++) {
      const host = `${word()}.${word()}.example`;
      const scheme = "https";
      const port = rand(3) === 0 ? `:${1024 + rand(60000)}` : "";
      const typed = `${rand(2) ? "  " : ""}${rand(2) ? scheme.toUpperCase() : scheme}://${rand(2) ? host.toUpperCase() : host}${port}${rand(2) ? "/" : ""} `;
      expect(checkOrigin(typed, []), typed).toEqual({ ok: true, origin: `${scheme}://${host}${port}` });
    }
    expect(checkOrigin("https://ex.example:443", [])).toEqual({ ok: true, origin: "https://ex.example" });
    // Plain http only for a test site on this machine.
    expect(checkOrigin("http://localhost:8787/", [])).toEqual({ ok: true, origin: "http://localhost:8787" });
    expect(checkOrigin("HTTP://127.0.0.1:3000", [])).toEqual({ ok: true, origin: "http://127.0.0.1:3000" });
  });

  it("refuses paths, queries, fragments, user info, wildcards, other schemes and junk", () => {
    const host = `${word()}.example`;
    const cases: Array<[string, string]> = [
      ["", "empty"],
      ["   ", "empty"],
      [`https://*.${host}`, "wildcard"],
      ["*", "wildcard"],
      [`${host}`, "scheme"],
      [`//${host}`, "scheme"],
      [`ftp://${host}`, "scheme"],
      [`http://${host}`, "scheme"],
      ["http://localhost.evil.example", "scheme"],
      [`javascript:alert(1)//https://${host}`, "scheme"],
      [`data:text/html,https://${host}`, "scheme"],
      [`https://${host}/chat`, "notOrigin"],
      [`https://${host}//`, "notOrigin"],
      [`https://${host}/?a=1`, "notOrigin"],
      [`https://${host}?a=1`, "notOrigin"],
      [`https://${host}#x`, "notOrigin"],
      [`https://${host}#`, "notOrigin"],
      [`https://${host}?`, "notOrigin"],
      [`https://user:pw@${host}`, "notOrigin"],
      [`https://evil.example@${host}`, "notOrigin"],
      ["https://", "notOrigin"],
      ["https://exa mple.com", "notOrigin"],
    ];
    for (const [typed, error] of cases) expect(checkOrigin(typed, []), typed).toEqual({ ok: false, error });
  });

  it("refuses one already listed (in any spelling) and a 21st", () => {
    expect(checkOrigin("HTTPS://A.example/", ["https://a.example"])).toEqual({ ok: false, error: "duplicate" });
    const full = Array.from({ length: MAX_ORIGINS }, (_, i) => `https://s${i}.example`);
    expect(checkOrigin("https://new.example", full)).toEqual({ ok: false, error: "tooMany" });
    expect(checkOrigin("https://new.example", full.slice(1))).toEqual({ ok: true, origin: "https://new.example" });
  });
});

describe("settingsFrom", () => {
  it("reads the answer wrapped or not, and defaults to off for anything missing or odd", () => {
    const s = {
      allowedOrigins: ["https://a.example"],
      turnstileFirstMessage: true,
      identityVerification: "on",
      quickReplies: [{ text: "Deposit", data: "topic:deposit" }],
    };
    expect(settingsFrom({ settings: s })).toEqual(s);
    expect(settingsFrom(s)).toEqual(s);
    const off = { allowedOrigins: [], turnstileFirstMessage: false, identityVerification: "off", quickReplies: null };
    expect(settingsFrom(null)).toEqual(off);
    const odd = { allowedOrigins: "https://a.example", turnstileFirstMessage: "true", identityVerification: "yes" };
    expect(settingsFrom({ ...odd, quickReplies: "x" })).toEqual(off);
    // Whatever else the server adds (a secret would be a bug there) never reaches the screen's state.
    expect(Object.keys(settingsFrom({ ...s, secret: "x" })).sort()).toEqual(Object.keys(s).sort());
  });
});

describe("settingsPut", () => {
  it("sends the whole editable settings with the change, quick replies as read (custom or null)", () => {
    const custom = settingsFrom({
      allowedOrigins: ["https://a.example"],
      turnstileFirstMessage: false,
      identityVerification: "on",
      quickReplies: [{ text: "Human", data: "human" }],
    });
    expect(settingsPut(custom, { turnstileFirstMessage: true })).toEqual({
      allowedOrigins: ["https://a.example"],
      turnstileFirstMessage: true,
      quickReplies: [{ text: "Human", data: "human" }],
    });
    const defaults = settingsFrom({ allowedOrigins: [], turnstileFirstMessage: true, quickReplies: null });
    const body = settingsPut(defaults, { allowedOrigins: ["https://b.example"] });
    expect(body).toEqual({ allowedOrigins: ["https://b.example"], turnstileFirstMessage: true, quickReplies: null });
    // Never the identity state (read-only) in what is sent.
    expect(Object.keys(body)).not.toContain("identityVerification");
  });
});

describe("snippets", () => {
  it("load the widget from the desk's origin and sign id, email, name and an expiry joined by newlines", () => {
    expect(embedSnippet("https://desk.example")).toBe('<script src="https://desk.example/widget.js" async></script>');
    const code = signingSnippet("https://desk.example");
    expect(code).toContain('[user.id, user.email ?? "", user.name ?? "", expiresAt].join("\\n")');
    expect(code).toContain("const expiresAt = Math.floor(Date.now() / 1000) + 3600;");
    expect(code).toContain("expiresAt: EXPIRES_AT, userHash: USER_HASH");
    expect(code).toContain('createHmac("sha256", process.env.CHAT_IDENTITY_SECRET)');
    expect(code).toContain("window.RelaydeskChat");
    expect(code).toContain(embedSnippet("https://desk.example"));
  });
});

describe("live chat admin texts", () => {
  it("has the same keys in English and Chinese, none empty", () => {
    const shape = (v: unknown): unknown =>
      v && typeof v === "object" ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, shape(x)])) : typeof v;
    const en = chatAdminTexts("en");
    const zh = chatAdminTexts("zh");
    expect(shape(zh)).toEqual(shape(en));
    for (const t of [en, zh]) expect(JSON.stringify(t).match(/"[^"]*"/g)).not.toContain('""');
    expect(en.confirmRemove).toContain("{origin}");
    expect(zh.confirmRemove).toContain("{origin}");
  });
});
