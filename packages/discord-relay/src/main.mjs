#!/usr/bin/env node
/**
 * `npm start` here, `npm run discord:relay` at the repository root: runs the gateway relay until
 * stopped (SIGINT/SIGTERM). Needs DISCORD_BOT_TOKEN, DISCORD_RELAY_SECRET and RELAY_WORKER_URL
 * (the Worker's base URL); DISCORD_API_ROOT is optional. Reads the environment, then .dev.vars
 * (see settings.mjs). Never prints the token.
 */
import { createRelay } from "./relay.mjs";
import { redactor, relaySettings } from "./settings.mjs";

const setting = relaySettings();

const token = setting("DISCORD_BOT_TOKEN");
const secret = setting("DISCORD_RELAY_SECRET");
const workerUrl = setting("RELAY_WORKER_URL") || setting("PUBLIC_URL");
const apiRoot = (setting("DISCORD_API_ROOT") || "https://discord.com/api").replace(/\/+$/, "");

const missing = [
  !token && "DISCORD_BOT_TOKEN",
  !secret && "DISCORD_RELAY_SECRET",
  !workerUrl && "RELAY_WORKER_URL (or PUBLIC_URL)",
].filter(Boolean);
if (missing.length) {
  console.error(`discord:relay: missing ${missing.join(", ")}`);
  process.exit(1);
}

const relay = createRelay({ token, secret, workerUrl, apiRoot });
const safe = redactor(token);
for (const signal of ["SIGINT", "SIGTERM"]) {
  process.once(signal, () => {
    console.log(`discord:relay: ${signal}, stopping`);
    relay.stop().finally(() => process.exit(0));
  });
}
relay.start().catch((err) => {
  console.error(`discord:relay: could not log in: ${safe(err?.message ?? err)}`);
  process.exit(1);
});
