// `npm run deploy` runs scripts/deploy-check.mjs first: these run it against temporary
// wrangler.toml files (made from the real one) and a stub `wrangler secret list`.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
// @ts-expect-error: a plain .mjs script without type declarations
import { runDeployCheck } from "../../../scripts/deploy-check.mjs";

const ROOT = fileURLToPath(new URL("../../..", import.meta.url));
const SHIPPED = readFileSync(join(ROOT, "wrangler.toml"), "utf8");
const PLACEHOLDER = "00000000-0000-4000-8000-000000000000";
const DIR = mkdtempSync(join(tmpdir(), "rd-deploy-check-"));
afterAll(() => rmSync(DIR, { recursive: true, force: true }));

// Answers like `wrangler secret list --format json` (names from STUB_SECRETS), or fails like wrangler
// does (STUB_MODE), with wrangler's colours; every call's arguments go to STUB_LOG.
const STUB = join(DIR, "stub-wrangler.mjs");
writeFileSync(
  STUB,
  `import { appendFileSync } from "node:fs";
const args = process.argv.slice(2);
if (process.env.STUB_LOG) appendFileSync(process.env.STUB_LOG, JSON.stringify(args) + "\\n");
const fail = (text) => { console.error("\\u001b[31m✘ \\u001b[41;31m[\\u001b[41;97mERROR\\u001b[41;31m]\\u001b[0m " + text); process.exit(1); };
if (args[0] !== "secret" || args[1] !== "list") fail("stub: unexpected command " + args.join(" "));
switch (process.env.STUB_MODE) {
  case "not-logged-in":
    fail("In a non-interactive environment, it's necessary to set a CLOUDFLARE_API_TOKEN environment variable for wrangler to work.");
  case "no-worker":
    fail('Worker "relaydesk" not found.\\n\\nIf this is a new Worker, run \`wrangler deploy\` first to create it.');
  case "network":
    fail("A request to the Cloudflare API (/accounts/abc/workers/scripts/relaydesk/secrets) failed.\\n  fetch failed");
  case "garbage":
    console.log("<html>gateway timeout</html>");
    process.exit(0);
  default:
    console.log(JSON.stringify(JSON.parse(process.env.STUB_SECRETS || "[]").map((name) => ({ name, type: "secret_text" })), null, "  "));
}
`,
);

type Vars = Record<string, string | null>;

/** The shipped wrangler.toml with [vars] changed (null removes one) and the database id replaced. */
function configFile(vars: Vars = {}, databaseId = "6f1c2b9e-1d2a-4c3b-9e8f-0a1b2c3d4e5f"): string {
  let text = SHIPPED.replace(`database_id = "${PLACEHOLDER}"`, `database_id = "${databaseId}"`);
  const added: string[] = [];
  for (const [name, value] of Object.entries(vars)) {
    const line = new RegExp(`^${name} = .*$\\n`, "m");
    text = text.replace(line, "");
    if (value !== null) added.push(`${name} = ${JSON.stringify(value)}`);
  }
  text = text.replace(/^\[vars\]$/m, `[vars]\n${added.join("\n")}`);
  const path = join(DIR, `wrangler-${crypto.randomUUID()}.toml`);
  writeFileSync(path, text);
  return path;
}

/** Vars of a configuration that is ready, before any channel is set up. */
const READY_VARS: Vars = { PUBLIC_URL: "https://support.example.com", TURNSTILE_SITE_KEY: "0x4AAAAAAAB-site-key" };
const READY_SECRETS = ["STAFF_BOOTSTRAP_TOKEN", "TURNSTILE_SECRET"];

interface Run {
  code: number;
  out: string;
  problems: string[];
  calls: string[][];
}

async function check(path: string, secrets: string[] = READY_SECRETS, env: Record<string, string> = {}): Promise<Run> {
  const log = join(DIR, `calls-${crypto.randomUUID()}.log`);
  writeFileSync(log, "");
  const { code, lines } = (await runDeployCheck({
    argv: ["--config", path],
    env: {
      PATH: process.env.PATH ?? "",
      RELAYDESK_DEPLOY_CHECK_WRANGLER: STUB,
      STUB_SECRETS: JSON.stringify(secrets),
      STUB_LOG: log,
      ...env,
    },
  })) as { code: number; lines: string[] };
  const out = lines.join("\n");
  const problems = lines.filter((l) => /^ {2}\d+\. /.test(l)).map((l) => l.replace(/^ {2}\d+\. /, ""));
  const calls = readFileSync(log, "utf8")
    .split("\n")
    .filter(Boolean)
    .map((l) => JSON.parse(l) as string[]);
  return { code, out, problems, calls };
}

describe("deploy-check", { timeout: 60_000 }, () => {
  it("passes a ready configuration, having asked wrangler for the secret names of that config", async () => {
    const path = configFile(READY_VARS);
    const run = await check(path);
    expect(run.code, run.out).toBe(0);
    expect(run.out).toContain("is ready to deploy (secrets set: STAFF_BOOTSTRAP_TOKEN, TURNSTILE_SECRET)");
    expect(run.calls).toEqual([["secret", "list", "--format", "json", "--config", path]]);
  });

  it("refuses the wrangler.toml this repository ships, naming everything an admin must set", async () => {
    const run = await check(join(ROOT, "wrangler.toml"), []);
    expect(run.code).toBe(1);
    expect(run.problems).toEqual([
      `the D1 database DB has the placeholder database_id ${PLACEHOLDER}`,
      expect.stringMatching(/^PUBLIC_URL is empty/),
      expect.stringMatching(/^secret STAFF_BOOTSTRAP_TOKEN is not set/),
      expect.stringMatching(/^TURNSTILE_SITE_KEY is empty/),
      expect.stringMatching(/^secret TURNSTILE_SECRET is not set/),
    ]);
    expect(run.out).toContain("fix: npx wrangler d1 create relaydesk");
    expect(run.out).toContain("fix: npx wrangler secret put STAFF_BOOTSTRAP_TOKEN");
    expect(run.out).toContain('Nothing was deployed. See README.md, "Deploying".');
  });

  const refusals: Array<{ name: string; vars?: Vars; db?: string; secrets?: string[]; expect: RegExp[] }> = [
    { name: "empty database_id", db: "", expect: [/^the D1 database DB has no database_id/] },
    { name: "placeholder database_id", db: PLACEHOLDER, expect: [/placeholder database_id/] },
    {
      name: "made-up database_id",
      db: "your-database-id",
      expect: [/database_id "your-database-id", which is not a D1 id/],
    },
    { name: "empty PUBLIC_URL", vars: { PUBLIC_URL: "" }, expect: [/^PUBLIC_URL is empty/] },
    ...[
      "http://support.example.com",
      "https://support.example.com/help",
      "https://u:p@example.com",
      "support.example.com",
    ].map((url) => ({
      name: `PUBLIC_URL ${url}`,
      vars: { PUBLIC_URL: url },
      expect: [/^PUBLIC_URL = .* is not an https:\/\/ address/],
    })),
    ...["development", "test"].map((env) => ({
      name: `ENVIRONMENT ${env}`,
      vars: { ENVIRONMENT: env },
      expect: [new RegExp(`^ENVIRONMENT = "${env}": development mode turns on /dev/sandbox`)],
    })),
    {
      name: "unknown ENVIRONMENT",
      vars: { ENVIRONMENT: "staging" },
      expect: [/^ENVIRONMENT = "staging" is not a known value/],
    },
    { name: "no bootstrap token", secrets: ["TURNSTILE_SECRET"], expect: [/^secret STAFF_BOOTSTRAP_TOKEN is not set/] },
    {
      name: "no Turnstile secret",
      secrets: ["STAFF_BOOTSTRAP_TOKEN"],
      expect: [/^secret TURNSTILE_SECRET is not set: without Turnstile/],
    },
    { name: "no Turnstile site key", vars: { TURNSTILE_SITE_KEY: "" }, expect: [/^TURNSTILE_SITE_KEY is empty/] },
    {
      name: "TURNSTILE near-miss",
      vars: { TURNSTILE: "false" },
      expect: [/^TURNSTILE = "false" is not a known value/],
    },
    {
      name: "a secret in [vars]",
      vars: { STAFF_BOOTSTRAP_TOKEN: "rd_plain_text_token" },
      expect: [/^STAFF_BOOTSTRAP_TOKEN is in wrangler.toml \[vars\]: a secret there is plain text/],
    },
    {
      name: "a number var that is no positive number",
      vars: { REOPEN_WINDOW_DAYS: "7d" },
      expect: [/^REOPEN_WINDOW_DAYS = "7d" is not a positive number/],
    },
    {
      name: "the bounce secret in [vars]",
      vars: { EMAIL_BOUNCE_SECRET: "rd_plain_text_bounce_key" },
      expect: [/^EMAIL_BOUNCE_SECRET is in wrangler.toml \[vars\]: a secret there is plain text/],
    },
    {
      name: "Telegram by username",
      vars: { TELEGRAM_BOT_USERNAME: "acme_support_bot" },
      expect: [/^secret TELEGRAM_BOT_TOKEN is not set/, /^secret TELEGRAM_WEBHOOK_SECRET is not set/],
    },
    {
      name: "Telegram by its token alone",
      secrets: [...READY_SECRETS, "TELEGRAM_BOT_TOKEN"],
      expect: [/^secret TELEGRAM_WEBHOOK_SECRET is not set/, /^TELEGRAM_BOT_USERNAME is empty/],
    },
    {
      name: "Telegram API root over http",
      vars: { TELEGRAM_API_ROOT: "http://127.0.0.1:8081" },
      expect: [/^TELEGRAM_API_ROOT = "http:\/\/127.0.0.1:8081" is not an https:\/\/ address/],
    },
    {
      name: "Discord by application id",
      vars: { DISCORD_APPLICATION_ID: "1100000000000000001" },
      expect: [
        /^DISCORD_PUBLIC_KEY is not a 64-character hex key/,
        /^secret DISCORD_BOT_TOKEN is not set/,
        /^secret DISCORD_RELAY_SECRET is not set/,
      ],
    },
    {
      name: "Mailgun without its keys",
      vars: { EMAIL_SENDER: "mailgun", SUPPORT_EMAIL: "support@example.com" },
      expect: [/^secret MAILGUN_API_KEY is not set/, /^secret MAILGUN_WEBHOOK_SIGNING_KEY is not set/],
    },
    {
      name: "a sender without an address",
      vars: { EMAIL_SENDER: "cloudflare" },
      expect: [/^EMAIL_SENDER = "cloudflare" but SUPPORT_EMAIL is not an email address/],
    },
    {
      name: "an address without a sender",
      vars: { SUPPORT_EMAIL: "support@example.com" },
      expect: [/^SUPPORT_EMAIL is set but EMAIL_SENDER is empty/],
    },
    {
      name: "unknown sender",
      vars: { EMAIL_SENDER: "sendmail" },
      expect: [/^EMAIL_SENDER = "sendmail" is not a known sender/],
    },
    {
      name: "half of Access",
      vars: { ACCESS_TEAM_DOMAIN: "https://acme.cloudflareaccess.com" },
      expect: [/^ACCESS_AUD is empty while its partner is set/],
    },
  ];

  it.each(refusals)("refuses: $name", async (c) => {
    const run = await check(configFile({ ...READY_VARS, ...c.vars }, c.db), c.secrets ?? READY_SECRETS);
    expect(run.code, run.out).toBe(1);
    expect(run.problems, run.out).toHaveLength(c.expect.length);
    c.expect.forEach((re, i) => {
      expect(run.problems[i]).toMatch(re);
    });
    // Every problem says how to fix it.
    expect(run.out.match(/^ {5}fix: \S/gm)).toHaveLength(c.expect.length);
  });

  it("treats a missing ENVIRONMENT as production, and takes TURNSTILE = off instead of both keys", async () => {
    expect((await check(configFile({ ...READY_VARS, ENVIRONMENT: null }))).code).toBe(0);
    const off = await check(configFile({ ...READY_VARS, TURNSTILE_SITE_KEY: "", TURNSTILE: "off" }), [
      "STAFF_BOOTSTRAP_TOKEN",
    ]);
    expect(off.code, off.out).toBe(0);
  });

  it("names exactly the secrets missing from a fully configured desk, whichever they are", async () => {
    const full: Vars = {
      ...READY_VARS,
      TELEGRAM_BOT_USERNAME: "acme_support_bot",
      DISCORD_APPLICATION_ID: "1100000000000000001",
      DISCORD_PUBLIC_KEY: "ab".repeat(32),
      EMAIL_SENDER: "mailgun",
      SUPPORT_EMAIL: "support@example.com",
    };
    const all = [
      ...READY_SECRETS,
      "TELEGRAM_BOT_TOKEN",
      "TELEGRAM_WEBHOOK_SECRET",
      "DISCORD_BOT_TOKEN",
      "DISCORD_RELAY_SECRET",
      "MAILGUN_API_KEY",
      "MAILGUN_WEBHOOK_SIGNING_KEY",
    ];
    const path = configFile(full);
    expect((await check(path, all)).code).toBe(0);
    for (let round = 0; round < 6; round++) {
      const missing = all.filter(() => Math.random() < 0.4);
      if (missing.length === 0) missing.push(all[round % all.length] as string);
      const run = await check(
        path,
        all.filter((s) => !missing.includes(s)),
      );
      expect(run.code).toBe(1);
      expect(run.problems.map((p) => /^secret (\w+) is not set/.exec(p)?.[1]).sort()).toEqual([...missing].sort());
    }
  });

  it("refuses when wrangler is not logged in, saying how to log in, and still lists the other problems", async () => {
    const run = await check(configFile({ ...READY_VARS, PUBLIC_URL: "" }), [], { STUB_MODE: "not-logged-in" });
    expect(run.code).toBe(1);
    expect(run.problems[0]).toMatch(/^wrangler is not logged in/);
    expect(run.out).toContain("fix: npx wrangler login (or set CLOUDFLARE_API_TOKEN)");
    expect(run.problems[1]).toMatch(/^PUBLIC_URL is empty/);
    expect(run.out).not.toContain("\u001b");
  });

  it("takes a Worker that does not exist yet as one without secrets", async () => {
    const run = await check(configFile(READY_VARS), [], { STUB_MODE: "no-worker" });
    expect(run.code).toBe(1);
    expect(run.out).toContain('the Worker "relaydesk" does not exist yet');
    expect(run.problems).toEqual([
      expect.stringMatching(/^secret STAFF_BOOTSTRAP_TOKEN/),
      expect.stringMatching(/^secret TURNSTILE_SECRET/),
    ]);
  });

  it("refuses when the secrets cannot be listed for any other reason, quoting wrangler", async () => {
    for (const mode of ["network", "garbage"]) {
      const run = await check(configFile(READY_VARS), READY_SECRETS, { STUB_MODE: mode });
      expect(run.code, mode).toBe(1);
      expect(run.problems[0]).toMatch(/^could not list the Worker's secrets \(wrangler secret list: /);
      if (mode === "network") expect(run.problems[0]).toContain("A request to the Cloudflare API");
    }
  });

  it("RELAYDESK_DEPLOY_CHECK_SECRETS=skip skips only the secrets, loudly; any other value is refused", async () => {
    const skipped = await check(configFile(READY_VARS), [], { RELAYDESK_DEPLOY_CHECK_SECRETS: "skip" });
    expect(skipped.code, skipped.out).toBe(0);
    expect(skipped.calls).toEqual([]);
    expect(skipped.out).toContain("WARNING: secrets were NOT checked");
    const stillChecked = await check(configFile(READY_VARS, PLACEHOLDER), [], {
      RELAYDESK_DEPLOY_CHECK_SECRETS: "skip",
    });
    expect(stillChecked.problems).toEqual([expect.stringMatching(/placeholder database_id/)]);
    for (const value of ["1", "true", "yes", "SKIP!"]) {
      const run = await check(configFile(READY_VARS), READY_SECRETS, { RELAYDESK_DEPLOY_CHECK_SECRETS: value });
      expect(run.code, value).toBe(1);
      expect(run.problems[0]).toMatch(/^RELAYDESK_DEPLOY_CHECK_SECRETS = .* is not a known value/);
    }
  });

  it("refuses a wrangler.toml it cannot read", async () => {
    const broken = join(DIR, "broken.toml");
    writeFileSync(broken, 'name = "relaydesk"\n[vars\nPUBLIC_URL = 1\n');
    const run = await check(broken);
    expect(run.code).toBe(1);
    expect(run.out).toMatch(/could not read .*broken\.toml/);
  });

  it("runs before `npm run deploy`, whose wrangler deploy never starts while the check fails", () => {
    // No credentials of the developer's reach wrangler here: a temporary HOME and no API token.
    const home = mkdtempSync(join(tmpdir(), "rd-deploy-home-"));
    try {
      const env: Record<string, string> = {
        PATH: process.env.PATH ?? "",
        HOME: home,
        XDG_CONFIG_HOME: home,
        RELAYDESK_DEPLOY_CHECK_WRANGLER: STUB,
        STUB_SECRETS: JSON.stringify(READY_SECRETS),
      };
      const run = spawnSync("npm", ["run", "deploy"], {
        cwd: ROOT,
        env: env as unknown as NodeJS.ProcessEnv,
        encoding: "utf8",
        timeout: 50_000,
      });
      const out = `${run.stdout}\n${run.stderr}`;
      expect(run.status, out).not.toBe(0);
      expect(out).toContain("deploy-check: wrangler.toml is not ready to deploy");
      expect(out).toContain("placeholder database_id");
      expect(out).not.toMatch(/Total Upload|Uploaded relaydesk|wrangler deploy/);
    } finally {
      rmSync(home, { recursive: true, force: true });
    }
  });
});
