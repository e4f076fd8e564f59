/**
 * Every inbound path as a table of channel cases: how to build a customer's conversation as
 * wire-format webhook deliveries, and how to forge them. The reliability tests iterate this
 * table, so a new channel (email) is covered by adding one entry.
 */
import { env, exports } from "cloudflare:workers";
import { signRelay } from "../../../channels/discord";
import { relayMessage, snowflake, supportSubmit } from "../channels/discord/builders";
import { nowSeconds, signInteraction } from "../channels/discord/harness";
import { newChatId, telegramUpdate } from "../channels/telegram/builders";
import { formPayload, uniqueIp } from "../channels/webform/builders";
import { email } from "./channels-email";
import type { Delivery } from "./harness";

export interface Forgery {
  what: string;
  delivery: Delivery;
}

export interface ChannelCase {
  /** Case name (a channel, or one of its entry points). */
  name: string;
  /** The `channel` column its rows carry. */
  channel: string;
  /** Messages one conversation can hold when built up front (1 where the channel needs a token from the first answer). */
  maxMessagesPerConversation: number;
  /** `n` customer messages of one new conversation, each text containing `marker`. */
  conversation(marker: string, n: number): Promise<Delivery[]>;
  /**
   * The customer's next message on the same ticket, for channels whose conversations cannot be
   * built up front (`maxMessagesPerConversation` 1): it may need the first answer (a secret link).
   */
  followUp?(marker: string, first: Response): Promise<Delivery>;
  /** Deliveries whose credentials are forged (wrong, missing, stale, tampered); empty for unsigned public routes. */
  forgeries(marker: string): Promise<Forgery[]>;
}

const json = { "Content-Type": "application/json" };
const TELEGRAM_SECRET = (env as unknown as { TELEGRAM_WEBHOOK_SECRET: string }).TELEGRAM_WEBHOOK_SECRET;
const RELAY_SECRET = (env as unknown as { DISCORD_RELAY_SECRET: string }).DISCORD_RELAY_SECRET;

const telegram: ChannelCase = {
  name: "telegram",
  channel: "telegram",
  maxMessagesPerConversation: 5,
  async conversation(marker, n) {
    const chatId = newChatId();
    return Array.from({ length: n }, (_, i) => ({
      method: "POST",
      path: "/webhooks/telegram",
      headers: { ...json, "X-Telegram-Bot-Api-Secret-Token": TELEGRAM_SECRET },
      body: JSON.stringify(telegramUpdate({ chatId, text: `My withdrawal is stuck ${marker} part ${i}` })),
    }));
  },
  async forgeries(marker) {
    const body = JSON.stringify(telegramUpdate({ chatId: newChatId(), text: `forged ${marker}` }));
    const withSecret = (what: string, secret: string | null): Forgery => ({
      what,
      delivery: {
        method: "POST",
        path: "/webhooks/telegram",
        headers: { ...json, ...(secret === null ? {} : { "X-Telegram-Bot-Api-Secret-Token": secret }) },
        body,
      },
    });
    const last = TELEGRAM_SECRET.at(-1) === "a" ? "b" : "a";
    return [
      withSecret("no secret header", null),
      withSecret("empty secret", ""),
      withSecret("wrong secret", "not-the-secret"),
      withSecret("last character changed", `${TELEGRAM_SECRET.slice(0, -1)}${last}`),
      withSecret("prefix of the secret", TELEGRAM_SECRET.slice(0, -1)),
      withSecret("secret plus a character", `${TELEGRAM_SECRET}x`),
      withSecret("secret upper-cased", TELEGRAM_SECRET.toUpperCase()),
    ];
  },
};

async function signedInteraction(body: string, timestamp = nowSeconds()): Promise<Delivery> {
  return {
    method: "POST",
    path: "/webhooks/discord",
    headers: {
      ...json,
      "X-Signature-Timestamp": timestamp,
      "X-Signature-Ed25519": await signInteraction(timestamp, body),
    },
    body,
  };
}

const hex = (bytes: ArrayBuffer) => [...new Uint8Array(bytes)].map((b) => b.toString(16).padStart(2, "0")).join("");

const discordInteractions: ChannelCase = {
  name: "discord interactions",
  channel: "discord",
  maxMessagesPerConversation: 3,
  async conversation(marker, n) {
    const userId = snowflake();
    return Promise.all(
      Array.from({ length: n }, (_, i) =>
        signedInteraction(
          JSON.stringify(
            supportSubmit(
              { subject: `Login fails ${marker}`, description: `Cannot log in ${marker} part ${i}` },
              { userId },
            ),
          ),
        ),
      ),
    );
  },
  async forgeries(marker) {
    const body = JSON.stringify(supportSubmit({ subject: `forged ${marker}`, description: `forged ${marker}` }));
    const good = await signedInteraction(body);
    const ts = good.headers["X-Signature-Timestamp"] as string;
    const sig = good.headers["X-Signature-Ed25519"] as string;
    const other = (await crypto.subtle.generateKey({ name: "Ed25519" }, false, ["sign", "verify"])) as CryptoKeyPair;
    const otherSig = hex(await crypto.subtle.sign("Ed25519", other.privateKey, new TextEncoder().encode(ts + body)));
    const stale = String(Number(ts) - 600);
    const with_ = (what: string, headers: Record<string, string | undefined>, b = body): Forgery => {
      const h: Record<string, string> = { ...json };
      for (const [k, v] of Object.entries(headers)) if (v !== undefined) h[k] = v;
      return { what, delivery: { method: "POST", path: "/webhooks/discord", headers: h, body: b } };
    };
    const flipped = `${sig.slice(0, -1)}${sig.at(-1) === "0" ? "1" : "0"}`;
    return [
      with_("no signature", { "X-Signature-Timestamp": ts }),
      with_("no timestamp", { "X-Signature-Ed25519": sig }),
      with_("signed by another key", { "X-Signature-Timestamp": ts, "X-Signature-Ed25519": otherSig }),
      with_("one bit of the signature flipped", { "X-Signature-Timestamp": ts, "X-Signature-Ed25519": flipped }),
      with_("signature of another body", { "X-Signature-Timestamp": ts, "X-Signature-Ed25519": sig }, `${body} `),
      with_("timestamp changed after signing", {
        "X-Signature-Timestamp": String(Number(ts) + 1),
        "X-Signature-Ed25519": sig,
      }),
      with_("correctly signed but 10 minutes old", {
        "X-Signature-Timestamp": stale,
        "X-Signature-Ed25519": await signInteraction(stale, body),
      }),
      with_("all-zero signature", { "X-Signature-Timestamp": ts, "X-Signature-Ed25519": "0".repeat(128) }),
      with_("not hex", { "X-Signature-Timestamp": ts, "X-Signature-Ed25519": "zz".repeat(64) }),
      with_("truncated signature", { "X-Signature-Timestamp": ts, "X-Signature-Ed25519": sig.slice(0, 64) }),
    ];
  },
};

async function signedRelay(body: string, opts: { secret?: string; timestamp?: string } = {}): Promise<Delivery> {
  const timestamp = opts.timestamp ?? nowSeconds();
  return {
    method: "POST",
    path: "/webhooks/discord/relay",
    headers: {
      ...json,
      "X-Relay-Timestamp": timestamp,
      "X-Relay-Signature": await signRelay(opts.secret ?? RELAY_SECRET, timestamp, body),
    },
    body,
  };
}

const discordRelay: ChannelCase = {
  name: "discord relay",
  channel: "discord",
  maxMessagesPerConversation: 5,
  async conversation(marker, n) {
    const userId = snowflake();
    return Promise.all(
      Array.from({ length: n }, (_, i) =>
        signedRelay(JSON.stringify(relayMessage({ userId, content: `Deposit missing ${marker} part ${i}` }))),
      ),
    );
  },
  async forgeries(marker) {
    const body = JSON.stringify(relayMessage({ userId: snowflake(), content: `forged ${marker}` }));
    const good = await signedRelay(body);
    const ts = good.headers["X-Relay-Timestamp"] as string;
    const sig = good.headers["X-Relay-Signature"] as string;
    const stale = String(Number(ts) - 600);
    const with_ = (what: string, headers: Record<string, string | undefined>, b = body): Forgery => {
      const h: Record<string, string> = { ...json };
      for (const [k, v] of Object.entries(headers)) if (v !== undefined) h[k] = v;
      return { what, delivery: { method: "POST", path: "/webhooks/discord/relay", headers: h, body: b } };
    };
    return [
      with_("no signature", { "X-Relay-Timestamp": ts }),
      with_("no timestamp", { "X-Relay-Signature": sig }),
      {
        what: "signed with another secret",
        delivery: await signedRelay(body, { secret: `${RELAY_SECRET}-other` }),
      },
      with_(
        "body changed after signing",
        { "X-Relay-Timestamp": ts, "X-Relay-Signature": sig },
        body.replace("forged", "forgeD"),
      ),
      with_("timestamp changed after signing", {
        "X-Relay-Timestamp": String(Number(ts) + 1),
        "X-Relay-Signature": sig,
      }),
      { what: "correctly signed but 10 minutes old", delivery: await signedRelay(body, { timestamp: stale }) },
      with_("signature truncated", { "X-Relay-Timestamp": ts, "X-Relay-Signature": sig.slice(0, 32) }),
      with_("empty signature", { "X-Relay-Timestamp": ts, "X-Relay-Signature": "" }),
    ];
  },
};

const webform: ChannelCase = {
  name: "webform",
  channel: "webform",
  // A follow-up needs the ticket's secret link from the first answer, so conversations are one message here.
  maxMessagesPerConversation: 1,
  async conversation(marker) {
    const p = formPayload({ description: `My USDT deposit has not arrived ${marker}` });
    return [
      {
        method: "POST",
        path: "/api/tickets",
        headers: { ...json, "CF-Connecting-IP": uniqueIp() },
        body: JSON.stringify(p),
      },
    ];
  },
  async followUp(marker, first) {
    const { link } = (await first.clone().json()) as { link: string };
    return {
      method: "POST",
      path: `${link}/replies`,
      headers: { ...json, Accept: "application/json", "CF-Connecting-IP": uniqueIp() },
      body: JSON.stringify({ body: `More details ${marker} part 1`, idempotencyKey: crypto.randomUUID() }),
    };
  },
  async forgeries() {
    return []; // a public form: nothing to sign (Turnstile, when configured, has its own tests)
  },
};

const liveChat: ChannelCase = {
  name: "live chat",
  channel: "webform",
  maxMessagesPerConversation: 5,
  async conversation(marker, n) {
    // The session is opened up front (its own request); each message then carries the chat token.
    const res = await exports.default.fetch("http://relaydesk.test/api/chat/session", {
      method: "POST",
      headers: { ...json, "CF-Connecting-IP": uniqueIp() },
      body: JSON.stringify({ lang: "en" }),
    });
    const { token } = (await res.json()) as { token: string };
    return Array.from({ length: n }, (_, i) => ({
      method: "POST",
      path: "/api/chat/messages",
      headers: { ...json, Authorization: `Bearer ${token}`, "CF-Connecting-IP": uniqueIp() },
      body: JSON.stringify({ clientId: `c${marker}p${i}`, text: `My deposit has not arrived ${marker} part ${i}` }),
    }));
  },
  async forgeries() {
    return []; // the chat token is checked in test/integration/channels/webform/chat-security.test.ts
  },
};

/** Every inbound entry point. */
export const CHANNEL_CASES: ChannelCase[] = [telegram, discordInteractions, discordRelay, webform, email, liveChat];
