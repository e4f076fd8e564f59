/** Signed calls to the Discord endpoints, the fake Discord REST API, and the ticket views tests check. */
import { env, exports } from "cloudflare:workers";
import { signRelay } from "../../../../channels/discord";
import type { DiscordFailRule, DiscordCall as RecordedDiscordCall } from "../../../fakes/discord-api";

export { count, staffReply, staffTicket, waitFor } from "../../support";

const testEnv = env as unknown as { TEST_DISCORD_PRIVATE_KEY: string; DISCORD_RELAY_SECRET: string };
export const RELAY_SECRET = testEnv.DISCORD_RELAY_SECRET;

let privateKey: Promise<CryptoKey> | null = null;
function signingKey(): Promise<CryptoKey> {
  privateKey ??= crypto.subtle.importKey(
    "pkcs8",
    Uint8Array.from(atob(testEnv.TEST_DISCORD_PRIVATE_KEY), (ch) => ch.charCodeAt(0)),
    { name: "Ed25519" },
    false,
    ["sign"],
  );
  return privateKey;
}

const hex = (bytes: ArrayBuffer) => [...new Uint8Array(bytes)].map((b) => b.toString(16).padStart(2, "0")).join("");
export const nowSeconds = () => String(Math.floor(Date.now() / 1000));

/** Discord's signature of `timestamp + body`: hex Ed25519 with the test key pair's private half. */
export async function signInteraction(timestamp: string, body: string): Promise<string> {
  return hex(await crypto.subtle.sign("Ed25519", await signingKey(), new TextEncoder().encode(timestamp + body)));
}

/** POSTs an interaction as Discord would: signed unless `signature: null`; `timestamp`, `raw` override. */
export async function postInteraction(
  body: unknown,
  opts: { signature?: string | null; timestamp?: string; raw?: string } = {},
): Promise<Response> {
  const raw = opts.raw ?? JSON.stringify(body);
  const timestamp = opts.timestamp ?? nowSeconds();
  const headers: Record<string, string> = { "Content-Type": "application/json", "X-Signature-Timestamp": timestamp };
  const signature = opts.signature === undefined ? await signInteraction(timestamp, raw) : opts.signature;
  if (signature !== null) headers["X-Signature-Ed25519"] = signature;
  return exports.default.fetch("http://relaydesk.test/webhooks/discord", { method: "POST", headers, body: raw });
}

/** POSTs a relayed gateway message, HMAC-signed as the relay does unless told otherwise. */
export async function postRelay(
  body: unknown,
  opts: { secret?: string; timestamp?: string; signature?: string | null; raw?: string } = {},
): Promise<Response> {
  const raw = opts.raw ?? JSON.stringify(body);
  const timestamp = opts.timestamp ?? nowSeconds();
  const headers: Record<string, string> = { "Content-Type": "application/json", "X-Relay-Timestamp": timestamp };
  const signature =
    opts.signature === undefined ? await signRelay(opts.secret ?? RELAY_SECRET, timestamp, raw) : opts.signature;
  if (signature !== null) headers["X-Relay-Signature"] = signature;
  return exports.default.fetch("http://relaydesk.test/webhooks/discord/relay", { method: "POST", headers, body: raw });
}

/** A call the fake Discord API recorded (its own type); the calls tests read carry JSON objects. */
export type DiscordCall = RecordedDiscordCall & { body: Record<string, unknown> | null };

const API = env.DISCORD_API_ROOT.replace(/\/api$/, "");

/** The fake Discord REST API, through its control endpoints. */
export const fakeDiscord = {
  async calls(filter: { route?: string; channelId?: string; recipientId?: string } = {}): Promise<DiscordCall[]> {
    const q = new URLSearchParams();
    if (filter.route) q.set("route", filter.route);
    if (filter.channelId) q.set("channel_id", filter.channelId);
    if (filter.recipientId) q.set("recipient_id", filter.recipientId);
    const res = await fetch(`${API}/__calls?${q}`);
    return ((await res.json()) as { calls: DiscordCall[] }).calls;
  },
  async fail(rule: DiscordFailRule) {
    await fetch(`${API}/__control/fail`, { method: "POST", body: JSON.stringify(rule) });
  },
  /** The DM channel id the fake gives `userId`. */
  async dmChannelOf(userId: string): Promise<string> {
    const res = await fetch(`${API}/__dm_channel?user_id=${userId}`);
    return ((await res.json()) as { id: string }).id;
  },
};

/** Ticket ids of a conversation, newest first. */
export async function ticketIdsOf(conversationKey: string): Promise<string[]> {
  const { results } = await env.DB.prepare(
    "SELECT id FROM tickets WHERE conversation_key = ?1 ORDER BY created_at DESC, number DESC",
  )
    .bind(conversationKey)
    .all<{ id: string }>();
  return results.map((r) => r.id);
}
