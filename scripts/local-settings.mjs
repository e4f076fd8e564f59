/**
 * Settings for the Node-side tools (setup and deploy scripts): the environment first,
 * then .dev.vars (secrets), then wrangler.toml's [vars]. DEV_VARS_FILE and WRANGLER_TOML point
 * elsewhere. Values are trimmed; a missing setting is "".
 */
import { existsSync, readFileSync } from "node:fs";

const ROOT = new URL("../", import.meta.url);

/** `NAME = value` lines of a .dev.vars or wrangler.toml file (quotes removed), or {} when it does not exist. */
export function readVars(file) {
  if (!existsSync(file)) return {};
  const vars = {};
  for (const line of readFileSync(file, "utf8").split(/\r?\n/)) {
    const m = /^\s*([A-Z0-9_]+)\s*=\s*(.*?)\s*$/.exec(line);
    if (m) vars[m[1]] = m[2].replace(/^(["'])(.*)\1$/, "$2");
  }
  return vars;
}

/** A lookup `setting(NAME)` over the environment, .dev.vars and (unless `withWranglerToml` is false) wrangler.toml. */
export function localSettings({ withWranglerToml = true } = {}) {
  const sources = [process.env, readVars(process.env.DEV_VARS_FILE || new URL(".dev.vars", ROOT))];
  if (withWranglerToml) sources.push(readVars(process.env.WRANGLER_TOML || new URL("wrangler.toml", ROOT)));
  return (name) => (sources.map((vars) => vars[name]).find((v) => v?.trim()) ?? "").trim();
}

/** Replaces every occurrence of `secret` in what is printed. */
export function redactor(secret) {
  return (text) => (secret ? String(text).split(secret).join("<token>") : String(text));
}
