/**
 * The relay's settings: the environment first, then a `.dev.vars` file (`NAME=value` lines, the
 * Worker's local secrets file). The file is DEV_VARS_FILE, else `.dev.vars` in the directory npm
 * was started from (INIT_CWD, so `npm run discord:relay` at the repository root finds the root's),
 * else in the working directory. Values are trimmed; a missing setting is "".
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";

/** `NAME = value` lines of a .dev.vars file (quotes removed), or {} when it does not exist. */
export function readVars(file) {
  if (!existsSync(file)) return {};
  /** @type {Record<string, string>} */
  const vars = {};
  for (const line of readFileSync(file, "utf8").split(/\r?\n/)) {
    const m = /^\s*([A-Z0-9_]+)\s*=\s*(.*?)\s*$/.exec(line);
    if (m) vars[m[1]] = m[2].replace(/^(["'])(.*)\1$/, "$2");
  }
  return vars;
}

/**
 * A lookup `setting(NAME)` over `env`, then the .dev.vars file.
 * @param {Record<string, string | undefined>} [env]
 * @returns {(name: string) => string}
 */
export function relaySettings(env = process.env) {
  const file = env.DEV_VARS_FILE || join(env.INIT_CWD || process.cwd(), ".dev.vars");
  const sources = [env, readVars(file)];
  return (name) => (sources.map((vars) => vars[name]).find((v) => v?.trim()) ?? "").trim();
}

/** Replaces every occurrence of `secret` in what is printed. */
export function redactor(secret) {
  return (text) => (secret ? String(text).split(secret).join("<token>") : String(text));
}
