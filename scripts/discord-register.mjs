#!/usr/bin/env node
/**
 * npm run discord:register — registers the slash commands (channels/discord/commands.ts, with
 * their zh-CN localizations) with one PUT, which replaces the application's whole set:
 *   global:    PUT /applications/<id>/commands                 (every server and DMs; may take a while to show)
 *   one guild: PUT /applications/<id>/guilds/<guild>/commands  (with DISCORD_GUILD_ID; instant, for testing)
 * Reads DISCORD_BOT_TOKEN, DISCORD_APPLICATION_ID, DISCORD_GUILD_ID and DISCORD_API_ROOT from the
 * environment, then .dev.vars, then wrangler.toml's [vars] (DEV_VARS_FILE and WRANGLER_TOML point
 * elsewhere). Runs on Node 22, which strips the types of commands.ts. Never prints the token.
 */
import { REST } from "@discordjs/rest";
import { COMMANDS } from "../channels/discord/commands.ts";
import { localSettings, redactor } from "./local-settings.mjs";

function fail(message) {
  console.error(`discord:register: ${message}`);
  process.exit(1);
}

const setting = localSettings();

const token = setting("DISCORD_BOT_TOKEN");
const applicationId = setting("DISCORD_APPLICATION_ID");
const guildId = setting("DISCORD_GUILD_ID");
const apiRoot = (setting("DISCORD_API_ROOT") || "https://discord.com/api").replace(/\/+$/, "");
const safe = redactor(token);

if (!token) fail("DISCORD_BOT_TOKEN is missing (Developer Portal -> your application -> Bot -> Reset Token)");
if (!/^\d{15,25}$/.test(applicationId)) fail("DISCORD_APPLICATION_ID is missing or not an application id");
if (guildId && !/^\d{15,25}$/.test(guildId)) fail("DISCORD_GUILD_ID is not a server id");

const rest = new REST({ api: apiRoot, version: "10", retries: 1 }).setToken(token);
const route = guildId
  ? `/applications/${applicationId}/guilds/${guildId}/commands`
  : `/applications/${applicationId}/commands`;
try {
  const registered = await rest.put(route, { body: COMMANDS });
  const names = registered.map(
    (c) => `/${c.name}${c.name_localizations?.["zh-CN"] ? ` (${c.name_localizations["zh-CN"]})` : ""}`,
  );
  console.log(
    `Registered ${registered.length} commands ${guildId ? `in server ${guildId}` : "globally"}: ${names.join(" ")}`,
  );
  console.log(`Interactions endpoint URL to set in the Developer Portal: <PUBLIC_URL>/webhooks/discord`);
} catch (err) {
  fail(safe(err instanceof Error ? err.message : err));
} finally {
  rest.clearHashSweeper?.();
  rest.clearHandlerSweeper?.();
}
