/**
 * What `npm run deploy` requires of the configuration (see scripts/deploy-check.mjs and README,
 * "Deploying"). Pure: `deployProblems(config, secrets)` lists every problem with how to fix it.
 */

/** The database_id wrangler.toml ships with, until the admin puts in their own. */
export const PLACEHOLDER_DATABASE_ID = "00000000-0000-4000-8000-000000000000";

/** Every secret the Worker reads. None of them may sit in [vars], where it would be plain text. */
export const SECRET_NAMES = [
  "STAFF_BOOTSTRAP_TOKEN",
  "TURNSTILE_SECRET",
  "CHAT_IDENTITY_SECRET",
  "TELEGRAM_BOT_TOKEN",
  "TELEGRAM_WEBHOOK_SECRET",
  "DISCORD_BOT_TOKEN",
  "DISCORD_RELAY_SECRET",
  "MAILGUN_API_KEY",
  "MAILGUN_WEBHOOK_SIGNING_KEY",
  "POSTMARK_INBOUND_AUTH",
  "SENDGRID_INBOUND_AUTH",
  "EMAIL_BOUNCE_SECRET",
];

/** Vars the Worker reads as positive numbers (src/env.ts, numberFrom). */
export const NUMBER_VARS = [
  "REOPEN_WINDOW_DAYS",
  "FIRST_RESPONSE_HOURS",
  "DELIVERY_MAX_ATTEMPTS",
  "ATTACHMENT_MAX_BYTES",
  "ATTACHMENT_MAX_COUNT",
  "EMAIL_RATE_LIMIT_PER_HOUR",
];

/** How to put a secret that is ours to make up. */
const putRandom = (name) =>
  `npx wrangler secret put ${name}, with a long random value (e.g. from \`openssl rand -hex 32\`)`;

/**
 * @typedef {{ what: string, fix: string }} Problem
 * @typedef {{ vars?: Record<string, unknown>, d1_databases?: Array<{ binding?: string, database_id?: string }> }} DeployConfig
 */

/**
 * Everything that stops this configuration from being deployed.
 * @param {DeployConfig} config wrangler's resolved configuration (vars, d1_databases)
 * @param {Set<string> | null} secrets names of the Worker's secrets; null when they were not checked
 * @returns {Problem[]}
 */
export function deployProblems(config, secrets) {
  const vars = config.vars ?? {};
  const v = (name) =>
    typeof vars[name] === "string" || typeof vars[name] === "number" ? String(vars[name]).trim() : "";
  const has = (name) => secrets?.has(name) ?? false;
  const problems = [];
  const need = (name, why, fix = `npx wrangler secret put ${name}`) => {
    if (secrets && !secrets.has(name)) problems.push({ what: `secret ${name} is not set: ${why}`, fix });
  };
  const needVar = (name, why, example) => {
    if (!v(name))
      problems.push({ what: `${name} is empty: ${why}`, fix: `set ${name} = ${example} in wrangler.toml [vars]` });
  };

  // Development mode belongs in .dev.vars only.
  const environment = v("ENVIRONMENT");
  if (environment === "development" || environment === "test") {
    problems.push({
      what: `ENVIRONMENT = "${environment}": development mode turns on /dev/sandbox, sandbox delivery and relaxed checks`,
      fix: 'set ENVIRONMENT = "production" in wrangler.toml [vars] (development mode belongs in .dev.vars only)',
    });
  } else if (environment !== "" && environment !== "production") {
    problems.push({
      what: `ENVIRONMENT = ${JSON.stringify(environment)} is not a known value`,
      fix: 'set ENVIRONMENT = "production" in wrangler.toml [vars]',
    });
  }

  const dbs = config.d1_databases ?? [];
  const db = dbs.find((d) => d.binding === "DB");
  if (!db) {
    problems.push({ what: "no D1 database is bound as DB", fix: "keep the [[d1_databases]] entry of wrangler.toml" });
  } else if (!db.database_id?.trim() || db.database_id.trim() === PLACEHOLDER_DATABASE_ID) {
    problems.push({
      what: `the D1 database DB has ${db.database_id?.trim() ? `the placeholder database_id ${PLACEHOLDER_DATABASE_ID}` : "no database_id"}`,
      fix: "npx wrangler d1 create relaydesk, then put the database_id it prints into wrangler.toml [[d1_databases]]",
    });
  } else if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(db.database_id.trim())) {
    problems.push({
      what: `the D1 database DB has database_id ${JSON.stringify(db.database_id)}, which is not a D1 id (a UUID)`,
      fix: "put the database_id that npx wrangler d1 create relaydesk printed (or npx wrangler d1 list shows) into wrangler.toml",
    });
  }

  const publicUrl = v("PUBLIC_URL");
  if (!publicUrl) {
    needVar(
      "PUBLIC_URL",
      "the links sent to customers (their /t/ ticket pages) need the Worker's address",
      '"https://support.example.com"',
    );
  } else if (!isPublicOrigin(publicUrl)) {
    problems.push({
      what: `PUBLIC_URL = ${JSON.stringify(publicUrl)} is not an https:// address without a path, query or credentials`,
      fix: 'set PUBLIC_URL = "https://support.example.com" (the address the Worker answers at) in wrangler.toml [vars]',
    });
  }

  // Outbound roots carry bot tokens and API keys: never over plain HTTP (tests point them at loopback fakes).
  for (const name of ["TELEGRAM_API_ROOT", "DISCORD_API_ROOT", "EMAIL_API_ROOT", "TURNSTILE_VERIFY_URL"]) {
    if (v(name) && !/^https:\/\/[^/\s]/i.test(v(name))) {
      problems.push({
        what: `${name} = ${JSON.stringify(v(name))} is not an https:// address: credentials would travel in the clear`,
        fix: `set ${name} back to the provider's https:// address in wrangler.toml [vars] (or remove it for the default)`,
      });
    }
  }

  // Numbers the Worker reads: one that is not a positive number would quietly fall back to its default.
  for (const name of NUMBER_VARS) {
    const raw = v(name).trim();
    if (raw && !(Number.isFinite(Number(raw)) && Number(raw) > 0)) {
      problems.push({
        what: `${name} = ${JSON.stringify(v(name))} is not a positive number: the Worker would use its default`,
        fix: `set ${name} to a number such as "7" in wrangler.toml [vars] (or remove it for the default)`,
      });
    }
  }

  for (const name of SECRET_NAMES) {
    if (name in vars) {
      problems.push({
        what: `${name} is in wrangler.toml [vars]: a secret there is plain text in the repository and the dashboard`,
        fix: `remove ${name} from [vars] and run npx wrangler secret put ${name}`,
      });
    }
  }

  need(
    "STAFF_BOOTSTRAP_TOKEN",
    "nobody could create staff accounts or sign in to /staff",
    putRandom("STAFF_BOOTSTRAP_TOKEN"),
  );

  // Turnstile: on unless switched off explicitly; production refuses form posts without it.
  const turnstile = v("TURNSTILE").toLowerCase();
  if (turnstile !== "" && turnstile !== "on" && turnstile !== "off") {
    problems.push({
      what: `TURNSTILE = ${JSON.stringify(v("TURNSTILE"))} is not a known value`,
      fix: 'leave TURNSTILE = "" (Turnstile on) or set TURNSTILE = "off" to run the web form without a bot check',
    });
  } else if (turnstile !== "off") {
    const why = "without Turnstile the web form refuses every submission (503)";
    const orOff = 'or set TURNSTILE = "off" in wrangler.toml [vars] to run the form without a bot check';
    if (!v("TURNSTILE_SITE_KEY")) {
      problems.push({
        what: `TURNSTILE_SITE_KEY is empty: ${why}`,
        fix: `add a Turnstile widget for your hostname (Cloudflare dashboard -> Turnstile) and set TURNSTILE_SITE_KEY = "<its site key>" in wrangler.toml [vars]; ${orOff}`,
      });
    }
    need("TURNSTILE_SECRET", why, `npx wrangler secret put TURNSTILE_SECRET (the widget's secret key); ${orOff}`);
  }

  // Telegram: in use once the bot has a username or support groups, or any of its secrets is set.
  if (
    v("TELEGRAM_BOT_USERNAME") ||
    v("TELEGRAM_SUPPORT_GROUPS") ||
    has("TELEGRAM_BOT_TOKEN") ||
    has("TELEGRAM_WEBHOOK_SECRET")
  ) {
    need("TELEGRAM_BOT_TOKEN", "the Telegram bot cannot answer without its BotFather token");
    need(
      "TELEGRAM_WEBHOOK_SECRET",
      "Telegram's webhook calls are all refused without it",
      putRandom("TELEGRAM_WEBHOOK_SECRET"),
    );
    needVar(
      "TELEGRAM_BOT_USERNAME",
      "group mentions and /command@bot are recognised by it",
      '"your_bot" (without the @)',
    );
  }

  // Discord: in use once the application id or public key is set, or any of its secrets is.
  if (
    v("DISCORD_APPLICATION_ID") ||
    v("DISCORD_PUBLIC_KEY") ||
    has("DISCORD_BOT_TOKEN") ||
    has("DISCORD_RELAY_SECRET")
  ) {
    needVar("DISCORD_APPLICATION_ID", "the Discord channel needs its application", '"<Application ID>"');
    if (!/^[0-9a-f]{64}$/i.test(v("DISCORD_PUBLIC_KEY"))) {
      problems.push({
        what: "DISCORD_PUBLIC_KEY is not a 64-character hex key: every Discord interaction would be refused",
        fix: 'set DISCORD_PUBLIC_KEY = "<Public Key from the Developer Portal>" in wrangler.toml [vars]',
      });
    }
    need("DISCORD_BOT_TOKEN", "replies to Discord customers cannot go out without the bot token");
    need("DISCORD_RELAY_SECRET", "the gateway relay (DMs) is refused without it", putRandom("DISCORD_RELAY_SECRET"));
  }

  // Email: a sender needs an address to send from, Mailgun its keys; an address needs a sender.
  const sender = v("EMAIL_SENDER").toLowerCase();
  if (sender !== "" && sender !== "cloudflare" && sender !== "mailgun") {
    problems.push({
      what: `EMAIL_SENDER = ${JSON.stringify(v("EMAIL_SENDER"))} is not a known sender`,
      fix: 'set EMAIL_SENDER = "cloudflare" or "mailgun" (or "" without email) in wrangler.toml [vars]',
    });
  } else if (sender && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(v("SUPPORT_EMAIL"))) {
    problems.push({
      what: `EMAIL_SENDER = "${sender}" but SUPPORT_EMAIL is not an email address: there is nothing to send from`,
      fix: 'set SUPPORT_EMAIL = "support@example.com" in wrangler.toml [vars]',
    });
  } else if (!sender && v("SUPPORT_EMAIL")) {
    problems.push({
      what: "SUPPORT_EMAIL is set but EMAIL_SENDER is empty: replies to email customers could not go out",
      fix: 'set EMAIL_SENDER = "cloudflare" or "mailgun" in wrangler.toml [vars] (see README, "Email")',
    });
  }
  if (sender === "mailgun") {
    need("MAILGUN_API_KEY", "EMAIL_SENDER is mailgun, and Mailgun sends nothing without its API key");
    need(
      "MAILGUN_WEBHOOK_SIGNING_KEY",
      "Mailgun's inbound webhook is refused without it (Sending -> Webhooks -> signing key)",
    );
  }

  // Cloudflare Access: half a configuration would silently leave it off.
  if (Boolean(v("ACCESS_TEAM_DOMAIN")) !== Boolean(v("ACCESS_AUD"))) {
    problems.push({
      what: `${v("ACCESS_AUD") ? "ACCESS_TEAM_DOMAIN" : "ACCESS_AUD"} is empty while its partner is set: Access sign-in would stay off`,
      fix: "set both ACCESS_TEAM_DOMAIN and ACCESS_AUD in wrangler.toml [vars], or neither",
    });
  }
  return problems;
}

/** An absolute https:// origin (a trailing slash allowed), with no path, query, fragment or credentials. */
function isPublicOrigin(value) {
  let url;
  try {
    url = new URL(value);
  } catch {
    return false;
  }
  return (
    url.protocol === "https:" &&
    url.hostname !== "" &&
    !url.username &&
    !url.password &&
    url.pathname === "/" &&
    !url.search &&
    !url.hash &&
    !value.includes("?") &&
    !value.includes("#")
  );
}
