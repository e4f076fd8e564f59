#!/usr/bin/env node
/**
 * npm run telegram:setup — connects the Telegram bot to this deployment:
 *   setWebhook   ${PUBLIC_URL}/webhooks/telegram with the secret token and the update kinds we handle
 *   setMyCommands for the default language (en) and for zh
 * Reads TELEGRAM_BOT_TOKEN, TELEGRAM_WEBHOOK_SECRET, PUBLIC_URL and TELEGRAM_API_ROOT from the
 * environment, then .dev.vars, then wrangler.toml's [vars] (DEV_VARS_FILE and WRANGLER_TOML
 * point elsewhere). Prints what it did, never the token.
 */
import { readFileSync } from "node:fs";
import { Api } from "grammy";
import { localSettings, redactor } from "./local-settings.mjs";

const ROOT = new URL("../", import.meta.url);

/** The update kinds the webhook handles (channels/telegram/schemas.ts HANDLED_KINDS; a test keeps them equal). */
const ALLOWED_UPDATES = ["message", "edited_message", "callback_query", "my_chat_member"];

function fail(message) {
  console.error(`telegram:setup: ${message}`);
  process.exit(1);
}

const setting = localSettings();

const token = setting("TELEGRAM_BOT_TOKEN");
const secret = setting("TELEGRAM_WEBHOOK_SECRET");
const publicUrl = setting("PUBLIC_URL").replace(/\/+$/, "");
const apiRoot = (setting("TELEGRAM_API_ROOT") || "https://api.telegram.org").replace(/\/+$/, "");

/** Anything printed goes through this, in case a message ever echoes the token. */
const safe = redactor(token);

if (!/^\d+:[\w-]+$/.test(token)) fail("TELEGRAM_BOT_TOKEN is missing or not a bot token (get one from @BotFather)");
// https://core.telegram.org/bots/api#setwebhook: 1-256 characters A-Z, a-z, 0-9, _ and -.
if (!/^[\w-]{1,256}$/.test(secret)) {
  fail("TELEGRAM_WEBHOOK_SECRET must be 1-256 characters of A-Z, a-z, 0-9, _ and - (try: openssl rand -hex 32)");
}
let webhookUrl;
try {
  webhookUrl = new URL(`${publicUrl}/webhooks/telegram`).toString();
} catch {
  fail("PUBLIC_URL is missing or not a URL (the Worker's public https address, e.g. https://relaydesk.example.com)");
}
if (!webhookUrl.startsWith("https://")) console.warn("telegram:setup: warning: Telegram only delivers to https URLs");

const commands = JSON.parse(readFileSync(new URL("channels/telegram/commands.json", ROOT), "utf8"));
const api = new Api(token, { apiRoot });

try {
  const me = await api.getMe();
  console.log(`Bot: @${me.username} (id ${me.id}). Set TELEGRAM_BOT_USERNAME=${me.username} in the Worker's vars.`);

  await api.setWebhook(webhookUrl, {
    secret_token: secret,
    allowed_updates: ALLOWED_UPDATES,
    drop_pending_updates: false,
  });
  console.log(`setWebhook: ${webhookUrl}`);
  console.log(`  allowed_updates: ${ALLOWED_UPDATES.join(", ")}; secret_token set; pending updates kept`);

  await api.setMyCommands(commands.map((c) => ({ command: c.command, description: c.en })));
  await api.setMyCommands(
    commands.map((c) => ({ command: c.command, description: c.zh })),
    { language_code: "zh" },
  );
  console.log(`setMyCommands: ${commands.map((c) => `/${c.command}`).join(" ")} (default: English; zh: Chinese)`);
} catch (err) {
  fail(safe(err instanceof Error ? err.message : err));
}
