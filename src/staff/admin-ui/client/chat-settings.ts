/**
 * The live-chat screen's pure logic (no DOM, no fetch), unit-tested: checking an origin an admin
 * types before it is sent, reading the settings answer, and the embed and signing snippets.
 */

/** GET/PUT /api/staff/chat-settings, as the screen uses it. */
export interface ChatSettings {
  allowedOrigins: string[];
  turnstileFirstMessage: boolean;
  /** Whether CHAT_IDENTITY_SECRET is set (the secret itself never leaves the server). */
  identityVerification: "on" | "off";
  /** The admin's own quick replies (null: the defaults in code); this screen does not edit them, only sends them back. */
  quickReplies: Array<{ text: string; data: string }> | null;
}

/** What PUT takes: the whole editable settings (quick replies as read, so a save keeps them). */
export type ChatSettingsPut = Pick<ChatSettings, "allowedOrigins" | "turnstileFirstMessage" | "quickReplies">;

/** The PUT body for settings as shown with `change` applied. */
export function settingsPut(current: ChatSettings, change: Partial<ChatSettingsPut>): ChatSettingsPut {
  return {
    allowedOrigins: change.allowedOrigins ?? current.allowedOrigins,
    turnstileFirstMessage: change.turnstileFirstMessage ?? current.turnstileFirstMessage,
    quickReplies: change.quickReplies === undefined ? current.quickReplies : change.quickReplies,
  };
}

export const MAX_ORIGINS = 20;

export type OriginError = "empty" | "scheme" | "notOrigin" | "wildcard" | "duplicate" | "tooMany";

/**
 * An origin as typed (`https://Www.Exchange.example/` is fine) to its exact form
 * (`https://www.exchange.example`), or why it is not one. The server checks again.
 */
export function checkOrigin(
  typed: string,
  current: readonly string[],
): { ok: true; origin: string } | { ok: false; error: OriginError } {
  const text = typed.trim();
  if (!text) return { ok: false, error: "empty" };
  if (text.includes("*")) return { ok: false, error: "wildcard" };
  if (!/^https?:\/\//i.test(text)) return { ok: false, error: "scheme" };
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return { ok: false, error: "notOrigin" };
  }
  // Plain http only for a test site on this machine: a real site is https.
  if (url.protocol === "http:" && url.hostname !== "localhost" && url.hostname !== "127.0.0.1") {
    return { ok: false, error: "scheme" };
  }
  const bare = text.replace(/\/$/, "");
  // Only scheme://host[:port]: a path, query, fragment or user info would never match what browsers send.
  if (url.username || url.password || url.search || url.hash || url.pathname !== "/" || /[?#@]/.test(bare)) {
    return { ok: false, error: "notOrigin" };
  }
  if (bare.slice(url.protocol.length + 2).includes("/")) return { ok: false, error: "notOrigin" };
  const origin = url.origin;
  if (current.includes(origin)) return { ok: false, error: "duplicate" };
  if (current.length >= MAX_ORIGINS) return { ok: false, error: "tooMany" };
  return { ok: true, origin };
}

/** The settings from the API's answer (`{ settings: … }` or the object itself), with safe defaults for what is missing. */
export function settingsFrom(body: unknown): ChatSettings {
  const b = body as { settings?: unknown } | null;
  const s = (b && typeof b === "object" && b.settings && typeof b.settings === "object" ? b.settings : b) as Partial<
    Record<keyof ChatSettings, unknown>
  > | null;
  return {
    allowedOrigins: Array.isArray(s?.allowedOrigins)
      ? s.allowedOrigins.filter((o): o is string => typeof o === "string")
      : [],
    turnstileFirstMessage: s?.turnstileFirstMessage === true,
    identityVerification: s?.identityVerification === "on" ? "on" : "off",
    quickReplies: Array.isArray(s?.quickReplies)
      ? s.quickReplies.filter(
          (q): q is { text: string; data: string } => typeof q?.text === "string" && typeof q?.data === "string",
        )
      : null,
  };
}

/** The tag a host site adds: the loader from this desk's origin. */
export function embedSnippet(deskOrigin: string): string {
  return `<script src="${deskOrigin}/widget.js" async></script>`;
}

/**
 * How the exchange's backend signs a logged-in user, and how the page hands it to the widget. The
 * signature carries an expiry (docs/widget.md), so one that leaks does not sign the user in for ever.
 */
export function signingSnippet(deskOrigin: string): string {
  return [
    "// Node.js, on your server (never in the browser):",
    'import { createHmac } from "node:crypto";',
    "const expiresAt = Math.floor(Date.now() / 1000) + 3600; // one hour; at most 7 days ahead",
    'const payload = [user.id, user.email ?? "", user.name ?? "", expiresAt].join("\\n");',
    'const userHash = createHmac("sha256", process.env.CHAT_IDENTITY_SECRET).update(payload).digest("hex");',
    "",
    "<!-- In the page, before the widget's script tag: -->",
    "<script>",
    "  window.RelaydeskChat = { userId: USER_ID, email: EMAIL, name: NAME, expiresAt: EXPIRES_AT, userHash: USER_HASH };",
    "</script>",
    embedSnippet(deskOrigin),
  ].join("\n");
}
