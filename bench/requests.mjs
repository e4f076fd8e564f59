/**
 * The signed inbound requests the benchmarks send to Relaydesk on `wrangler dev`, one builder per
 * entry point (Telegram, Discord interactions and relay, web form, Postmark email), and the vars
 * and secrets that make Relaydesk accept them. Shared by bench/run.mjs and bench/cpu.mjs so both
 * measure the same messages.
 */
import { createHmac, generateKeyPairSync, sign } from "node:crypto";

export const TG_TOKEN = "424242424:BENCH-fake-token";
export const TG_SECRET = "bench-telegram-webhook-secret";
export const DC_TOKEN = "BENCH.fake-discord-token";
export const RELAY_SECRET = "bench-relay-secret";
export const POSTMARK_AUTH = "postmark:bench-postmark-password";
export const APP_ID = "1100000000000000001";
export const TEXT = "My deposit of 500 USDT has not arrived, TxID 0xabc";

/** An Ed25519 key pair for signing Discord interactions; `publicHex` is DISCORD_PUBLIC_KEY. */
export function discordKeys() {
  const keys = generateKeyPairSync("ed25519");
  return { ...keys, publicHex: keys.publicKey.export({ format: "der", type: "spki" }).subarray(-32).toString("hex") };
}

/** `startDev` options for Relaydesk with every bench channel configured against the fakes at these roots. */
export function relaydeskDev({ telegramRoot, discordRoot, keys }) {
  return {
    vars: {
      ENVIRONMENT: "development",
      TELEGRAM_API_ROOT: telegramRoot,
      TELEGRAM_BOT_USERNAME: "relaydesk_bench_bot",
      DISCORD_API_ROOT: discordRoot,
      DISCORD_APPLICATION_ID: APP_ID,
      DISCORD_PUBLIC_KEY: keys.publicHex,
      SUPPORT_EMAIL: "support@relaydesk.test",
    },
    secrets: {
      STAFF_BOOTSTRAP_TOKEN: "bench-bootstrap",
      TELEGRAM_BOT_TOKEN: TG_TOKEN,
      TELEGRAM_WEBHOOK_SECRET: TG_SECRET,
      DISCORD_BOT_TOKEN: DC_TOKEN,
      DISCORD_RELAY_SECRET: RELAY_SECRET,
      POSTMARK_INBOUND_AUTH: POSTMARK_AUTH,
    },
  };
}

/**
 * Request builders for one Relaydesk at `url`. Ids start from `seed` (e.g. the run's start time) so
 * runs against the same local state never collide; each call makes a new customer unless it says
 * otherwise. `tag` goes into emails and keys so each benchmark's customers are told apart.
 */
export function benchRequests({ url, keys, seed, tag = "bench" }) {
  let updateId = seed % 1_000_000_000;
  let chat = 7_000_000_000 + (seed % 1_000_000) * 1000;
  let snow = 1_250_000_000_000_000_000n + BigInt(seed) * 1000n;
  let n = 0;
  const telegramUpdate = (chatId, text, messageId = 1) => ({
    update_id: updateId++,
    message: {
      message_id: messageId,
      date: Math.floor(Date.now() / 1000),
      chat: { id: chatId, type: "private", first_name: "Bench" },
      from: { id: chatId, is_bot: false, first_name: "Bench", language_code: "en" },
      text,
    },
  });
  /** POSTs a Telegram update (to `to`, Relaydesk's webhook by default: the floor Worker takes the same body). */
  const postTelegram = (update, to = `${url}/webhooks/telegram`) =>
    fetch(to, {
      method: "POST",
      headers: { "Content-Type": "application/json", "X-Telegram-Bot-Api-Secret-Token": TG_SECRET },
      body: JSON.stringify(update),
    });
  return {
    telegramUpdate,
    postTelegram,
    /** A chat id no update has used yet. */
    newChat: () => chat++,
    /** A new Telegram customer's first message. */
    telegram: (text = TEXT) => postTelegram(telegramUpdate(chat++, text)),
    /** The Discord `/support` form submitted (a modal interaction, Ed25519-signed). */
    discordInteraction: () => {
      const row = (id, value) => ({ type: 1, components: [{ type: 4, custom_id: id, value }] });
      const body = JSON.stringify({
        id: String(snow++),
        application_id: APP_ID,
        type: 5,
        token: `${tag}-${snow}`,
        version: 1,
        locale: "en-US",
        channel_id: String(snow++),
        user: { id: String(snow++), username: tag, global_name: "Bench" },
        data: {
          custom_id: "support_form",
          components: [
            row("subject", "Login fails"),
            row("description", "2FA code rejected"),
            row("uid", ""),
            row("txid", ""),
          ],
        },
      });
      const ts = String(Math.floor(Date.now() / 1000));
      const sig = sign(null, Buffer.from(ts + body), keys.privateKey).toString("hex");
      return fetch(`${url}/webhooks/discord`, {
        method: "POST",
        headers: { "Content-Type": "application/json", "X-Signature-Timestamp": ts, "X-Signature-Ed25519": sig },
        body,
      });
    },
    /** A DM forwarded by the Discord gateway relay (HMAC-signed). */
    discordRelay: () => {
      const body = JSON.stringify({
        id: String(snow++),
        channelId: String(snow++),
        kind: "dm",
        guildId: null,
        author: { id: String(snow++), username: tag, globalName: "Bench" },
        content: "Withdrawal stuck for 3 hours",
        timestamp: new Date().toISOString(),
        attachments: [],
        replyToId: null,
      });
      const ts = String(Math.floor(Date.now() / 1000));
      const sig = createHmac("sha256", RELAY_SECRET).update(`${ts}.${body}`).digest("hex");
      return fetch(`${url}/webhooks/discord/relay`, {
        method: "POST",
        headers: { "Content-Type": "application/json", "X-Relay-Timestamp": ts, "X-Relay-Signature": sig },
        body,
      });
    },
    /** `POST /api/tickets` from its own address (so the form's per-address limit never counts). */
    webform: () => {
      const i = n++;
      return fetch(`${url}/api/tickets`, {
        method: "POST",
        headers: {
          "Content-Type": "application/json",
          Accept: "application/json",
          "CF-Connecting-IP": `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`,
        },
        body: JSON.stringify({
          email: `${tag}${i}-${seed}@example.com`,
          subject: "KYC rejected",
          description: "My KYC was rejected twice",
          category: "kyc",
          idempotencyKey: `${tag}-${seed}-${i}`,
        }),
      });
    },
    /** A Postmark inbound webhook from a new address. */
    email: () => {
      const i = n++;
      const from = `${tag}${i}-${seed}@customer.test`;
      return fetch(`${url}/webhooks/email/postmark`, {
        method: "POST",
        headers: { "Content-Type": "application/json", Authorization: `Basic ${btoa(POSTMARK_AUTH)}` },
        body: JSON.stringify({
          From: from,
          FromFull: { Email: from, Name: "Bench" },
          ToFull: [{ Email: "support@relaydesk.test", Name: "" }],
          CcFull: [],
          OriginalRecipient: "support@relaydesk.test",
          Subject: "Withdrawal stuck",
          TextBody: "My withdrawal has been pending for 3 hours.",
          HtmlBody: "",
          Headers: [{ Name: "Message-ID", Value: `<${tag}${i}.${seed}@customer.test>` }],
          Attachments: [],
        }),
      });
    },
  };
}
