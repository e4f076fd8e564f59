#!/usr/bin/env node
/**
 * npm run discord:relay — runs the gateway relay until stopped (SIGINT/SIGTERM).
 * Needs DISCORD_BOT_TOKEN, DISCORD_RELAY_SECRET and RELAY_WORKER_URL (the Worker's base URL);
 * DISCORD_API_ROOT is optional. Reads the environment, then .dev.vars. Never prints the token.
 */
import { existsSync, readFileSync } from "node:fs";
import { createRelay } from "./relay.mjs";

function readVars(file) {
  if (!existsSync(file)) return {};
  const vars = {};
  for (const line of readFileSync(file, "utf8").split(/\r?\n/)) {
    const m = /^\s*([A-Z0-9_]+)\s*=\s*(.*?)\s*$/.exec(line);
    if (m) vars[m[1]] = m[2].replace(/^(["'])(.*)\1$/, "$2");
  }
  return vars;
}

const sources = [process.env, readVars(process.env.DEV_VARS_FILE || new URL("../../../.dev.vars", import.meta.url))];
const setting = (name) => (sources.map((vars) => vars[name]).find((v) => v?.trim()) ?? "").trim();

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
const safe = (text) => String(text).split(token).join("<token>");
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
