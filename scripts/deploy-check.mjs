#!/usr/bin/env node
/**
 * `npm run deploy` runs this first (predeploy). It refuses to deploy, saying what is wrong and how
 * to fix it, while the configuration is not ready for production: the rules are in
 * scripts/deploy-rules.mjs and README "Deploying". The configuration is read by wrangler's own
 * reader (the same file, and the same CLOUDFLARE_ENV, as `wrangler deploy`); the Worker's secret
 * names come from `wrangler secret list`. Secret values are never read or printed.
 *
 * Usage: node scripts/deploy-check.mjs [--config PATH]
 *   RELAYDESK_DEPLOY_CHECK_SECRETS=skip   do not list the secrets (a CI token that may not read
 *                                         them); every other rule still runs, and a warning says so.
 *   RELAYDESK_DEPLOY_CHECK_WRANGLER=FILE  the wrangler CLI script run for `secret list` (tests use a stub).
 */
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { deployProblems } from "./deploy-rules.mjs";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
const LIST_TIMEOUT_MS = 120_000;

/**
 * Runs every check; returns the exit code and the lines to print (nothing is printed here).
 * @param {{ argv?: string[], env?: Record<string, string | undefined>, cwd?: string }} [opts]
 * @returns {Promise<{ code: number, lines: string[] }>}
 */
export async function runDeployCheck({ argv = [], env = process.env, cwd = process.cwd() } = {}) {
  const configArg = configPathArg(argv);
  if (configArg === "") return refuse(["--config needs a path"]);
  const configPath = configArg ? resolve(cwd, configArg) : join(ROOT, "wrangler.toml");
  const near = relative(cwd, configPath);
  const shown = near && !near.startsWith("..") ? near : configPath;

  let config;
  try {
    const { unstable_readConfig } = await import("wrangler");
    config = unstable_readConfig({ config: configPath }, { hideWarnings: true });
  } catch (err) {
    return refuse([`could not read ${shown}: ${err instanceof Error ? err.message : String(err)}`]);
  }

  const listing = listSecretNames(configPath, env);
  const problems = deployProblems(config, "names" in listing ? listing.names : null);
  if ("problem" in listing) problems.unshift(listing.problem);

  const notes = [];
  if ("skipped" in listing) {
    notes.push("deploy-check: WARNING: secrets were NOT checked (RELAYDESK_DEPLOY_CHECK_SECRETS=skip).");
  } else if (listing.workerMissing) {
    notes.push(
      `deploy-check: the Worker "${config.name}" does not exist yet, so it has no secrets (the first \`npx wrangler secret put\` creates it).`,
    );
  }
  if (problems.length === 0) {
    const checked =
      "names" in listing ? `secrets set: ${[...listing.names].sort().join(", ") || "none"}` : "secrets not checked";
    return { code: 0, lines: [...notes, `deploy-check: ${shown} is ready to deploy (${checked}).`] };
  }
  const lines = [
    ...notes,
    `deploy-check: ${shown} is not ready to deploy (${problems.length} problem${problems.length === 1 ? "" : "s"}):`,
    "",
  ];
  problems.forEach((p, i) => {
    lines.push(`  ${i + 1}. ${p.what}`, `     fix: ${p.fix}`);
  });
  lines.push("", 'Nothing was deployed. See README.md, "Deploying".');
  return { code: 1, lines };
}

function refuse(messages) {
  return { code: 1, lines: [...messages.map((m) => `deploy-check: ${m}`), "Nothing was deployed."] };
}

/**
 * The names of the Worker's secrets, by `wrangler secret list --format json`.
 * @returns {{ names: Set<string>, workerMissing?: boolean } | { skipped: true } | { problem: { what: string, fix: string } }}
 */
export function listSecretNames(configPath, env) {
  const mode = env.RELAYDESK_DEPLOY_CHECK_SECRETS?.trim() ?? "";
  if (mode === "skip") return { skipped: true };
  if (mode !== "") {
    return {
      problem: {
        what: `RELAYDESK_DEPLOY_CHECK_SECRETS = ${JSON.stringify(mode)} is not a known value`,
        fix: "unset it (secrets are checked), or set it to skip (they are not)",
      },
    };
  }
  const wrangler = env.RELAYDESK_DEPLOY_CHECK_WRANGLER || join(ROOT, "node_modules", "wrangler", "bin", "wrangler.js");
  const run = spawnSync(nodeBinary(), [wrangler, "secret", "list", "--format", "json", "--config", configPath], {
    cwd: dirname(configPath),
    // stdin closed: wrangler never prompts (no browser login from inside a check).
    stdio: ["ignore", "pipe", "pipe"],
    encoding: "utf8",
    timeout: LIST_TIMEOUT_MS,
    env: { ...env, WRANGLER_SEND_METRICS: "false", NO_COLOR: "1", FORCE_COLOR: "0" },
  });
  const out = plain(run.stdout);
  const err = plain(run.stderr);
  if (run.status === 0) {
    const names = parseSecretList(out);
    if (names) return { names };
  }
  const said = `${err}\n${out}`;
  if (/Worker "[^"]*"( \(env: [^)]*\))? not found|\[code: 10007\]/.test(said)) {
    return { names: new Set(), workerMissing: true };
  }
  if (
    /CLOUDFLARE_API_TOKEN|not logged in|not authenticated|wrangler login|Authentication error|\[code: (10000|9109)\]/i.test(
      said,
    )
  ) {
    return {
      problem: {
        what: "wrangler is not logged in, so the Worker's secrets cannot be checked (and it could not deploy either)",
        fix: "npx wrangler login (or set CLOUDFLARE_API_TOKEN), then npm run deploy again",
      },
    };
  }
  const why = run.error ? run.error.message : firstError(said) || `exit ${run.status ?? run.signal}`;
  return {
    problem: {
      what: `could not list the Worker's secrets (wrangler secret list: ${why})`,
      fix: "fix what wrangler reports and run npm run deploy again (a CI token that may not read secrets: RELAYDESK_DEPLOY_CHECK_SECRETS=skip)",
    },
  };
}

/** `[{"name":"X","type":"secret_text"}, …]` -> names; null when the output is not such a list. */
function parseSecretList(text) {
  const start = text.indexOf("[");
  if (start < 0) return null;
  try {
    const list = JSON.parse(text.slice(start));
    if (!Array.isArray(list) || !list.every((s) => typeof s?.name === "string")) return null;
    return new Set(list.map((s) => s.name));
  } catch {
    return null;
  }
}

/** The first line that reads like an error, shortened. */
function firstError(text) {
  const lines = text
    .split("\n")
    .map((l) => l.trim())
    .filter(Boolean);
  const line = lines.find((l) => /error|✘/i.test(l)) ?? lines[0] ?? "";
  return line.replace(/^✘\s*\[ERROR\]\s*/, "").slice(0, 300);
}

/** Without ANSI colour codes. */
function plain(text) {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: ANSI escapes start with ESC
  return String(text ?? "").replace(/\u001b\[[0-9;]*m/g, "");
}

/** Wrangler 4.124 needs Node 22: the `node` devDependency's binary, whatever node runs this. */
function nodeBinary() {
  return (
    [join(ROOT, "node_modules", "node", "bin", "node"), join(ROOT, "node_modules", ".bin", "node")].find(existsSync) ??
    process.execPath
  );
}

/** The value of `--config PATH` / `-c PATH` / `--config=PATH`; "" when the flag has no value. */
function configPathArg(args) {
  const i = args.findIndex((a) => a === "--config" || a === "-c" || a.startsWith("--config="));
  if (i < 0) return undefined;
  return args[i].startsWith("--config=") ? args[i].slice("--config=".length) : (args[i + 1] ?? "");
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { code, lines } = await runDeployCheck({ argv: process.argv.slice(2) });
  for (const line of lines) (code === 0 ? console.log : console.error)(line);
  process.exit(code);
}
