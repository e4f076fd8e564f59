/** Typed bindings and configuration. The only module that reads env vars and secrets. */
import * as z from "zod";
import { type ExplorerTemplates, parseExplorerTemplates } from "./core/explorers";
import { logWarn } from "./log";

/** Bindings, vars and secrets as `wrangler types` generated them (worker-configuration.d.ts). */
export type Env = Cloudflare.Env;

/** Body of a `deliveries` queue message: which outbound message row to deliver. */
export interface DeliveryJob {
  messageId: string;
  /** Tries made before the queue got the job (an eager send that failed retryably: src/pipeline/outbox.ts). */
  priorAttempts?: number;
}

/**
 * A positive number var: empty or missing is its default, and so is one that is not a positive number
 * ("7d", "-1"), rather than every request failing; `npm run deploy` refuses such a value (scripts/deploy-rules.mjs).
 */
const numberFrom = (fallback: number) =>
  z.preprocess((v) => {
    const n = v === undefined || String(v).trim() === "" ? fallback : Number(String(v).trim());
    return Number.isFinite(n) && n > 0 ? n : fallback;
  }, z.number().positive());

const ConfigSchema = z.object({
  environment: z.enum(["development", "test", "production"]).catch("production"),
  publicUrl: z.string().default(""),
  supportEmail: z.string().default(""),
  reopenWindowDays: numberFrom(7),
  firstResponseHours: numberFrom(24),
  deliveryMaxAttempts: numberFrom(6),
  /**
   * Outbound messages are sent right after the webhook's answer, the queue as the fallback
   * (src/pipeline/outbox.ts); EAGER_DELIVERY = "off" hands every message to the queue instead.
   */
  eagerDelivery: z.boolean().default(true),
  attachmentMaxBytes: numberFrom(10 * 1024 * 1024),
  attachmentMaxCount: numberFrom(5),
  turnstileSiteKey: z.string().default(""),
  turnstileSecret: z.string().default(""),
  /** TURNSTILE = "off" switches the web form's bot check off on purpose; otherwise production requires it. */
  turnstileOff: z.boolean().default(false),
  turnstileVerifyUrl: z.string().url(),
  staffBootstrapToken: z.string().default(""),
  /** HMAC key of the live chat's identity verification (CHAT_IDENTITY_SECRET); "" = verification off. */
  chatIdentitySecret: z.string().default(""),
  /** CHAT_IDENTITY_EXPIRY = "required": a userHash must carry a signed `expiresAt` (src/core/chat-identity.ts). */
  chatIdentityExpiryRequired: z.boolean().default(false),
  telegramBotToken: z.string().default(""),
  telegramWebhookSecret: z.string().default(""),
  telegramApiRoot: z.string().default("https://api.telegram.org"),
  telegramBotUsername: z.string().default(""),
  /** Group chat ids where every message is support traffic (comma-separated in TELEGRAM_SUPPORT_GROUPS). */
  telegramSupportGroups: z.array(z.string()).default([]),
  discordBotToken: z.string().default(""),
  discordApiRoot: z.string().default("https://discord.com/api"),
  discordApplicationId: z.string().default(""),
  /** Hex Ed25519 key that signs interactions (the application's "Public Key"). */
  discordPublicKey: z.string().default(""),
  /** Shared with the gateway relay: HMAC-SHA256 key of `POST /webhooks/discord/relay`. */
  discordRelaySecret: z.string().default(""),
  /** How email goes out: `cloudflare` (send_email binding), `mailgun` (HTTP API), or "" (not configured: dev sandbox). */
  emailSender: z.enum(["", "cloudflare", "mailgun"]).catch(""),
  /**
   * HMAC key of the bounce token each sent email carries (EMAIL_BOUNCE_SECRET, channels/email/bounce-token.ts);
   * "" = none: no emailed bounce report can prove itself, so none marks a message failed.
   */
  emailBounceSecret: z.string().default(""),
  /** Mailgun's API root (EMAIL_API_ROOT), like `https://api.mailgun.net`; tests point it at a loopback fake. */
  emailApiRoot: z.string().default("https://api.mailgun.net"),
  mailgunApiKey: z.string().default(""),
  /** Mailgun's HTTP webhook signing key: HMAC-SHA256 of timestamp + token. */
  mailgunSigningKey: z.string().default(""),
  /** `user:password` that Postmark's inbound webhook URL carries (basic auth). */
  postmarkInboundAuth: z.string().default(""),
  /** `user:password` that SendGrid's Inbound Parse URL carries (basic auth). */
  sendgridInboundAuth: z.string().default(""),
  /** Inbound emails one sender may send per hour before the rest are held back. */
  emailRateLimitPerHour: numberFrom(30),
  /** Cloudflare Access team domain (`https://<team>.cloudflareaccess.com`); with accessAud enables Access sign-in. */
  accessTeamDomain: z.string().default(""),
  /** The Access application's audience (AUD) tag. */
  accessAud: z.string().default(""),
  /** Where the Access signing keys are (default `<team domain>/cdn-cgi/access/certs`; tests point it at a fake). */
  accessCertsUrl: z.string().default(""),
  /** Block-explorer URL templates per chain (EXPLORER_URLS over the defaults; src/core/explorers.ts). */
  explorers: z.custom<ExplorerTemplates>(),
});

export type Config = z.infer<typeof ConfigSchema>;

/**
 * The configuration as last parsed in this isolate, with the vars it read and their values then: a request whose
 * env has the same values (every request of a deployment) reuses it instead of parsing again; any value changed
 * (another env, a test's override) parses afresh. Frozen, since every request shares it.
 */
let configCache: { keys: string[]; values: unknown[]; config: Config } | null = null;

/** Parses the Worker's vars and secrets into a typed, defaulted configuration (once per distinct env values). */
export function loadConfig(env: Env): Config {
  const e = env as unknown as Record<string, unknown>;
  const cached = configCache;
  if (cached?.keys.every((k, i) => e[k] === cached.values[i])) return cached.config;
  // The vars the parse reads, recorded as it reads them (so the list cannot drift from parseConfig).
  const keys: string[] = [];
  const recorded = new Proxy(e, {
    get(target, key) {
      if (typeof key === "string") keys.push(key);
      return target[key as string];
    },
  }) as Record<string, string | undefined>;
  const config = Object.freeze(parseConfig(recorded)) as Config;
  configCache = { keys, values: keys.map((k) => e[k]), config };
  return config;
}

function parseConfig(e: Record<string, string | undefined>): Config {
  return ConfigSchema.parse({
    environment: e.ENVIRONMENT,
    publicUrl: e.PUBLIC_URL,
    supportEmail: e.SUPPORT_EMAIL,
    reopenWindowDays: e.REOPEN_WINDOW_DAYS,
    firstResponseHours: e.FIRST_RESPONSE_HOURS,
    deliveryMaxAttempts: e.DELIVERY_MAX_ATTEMPTS,
    eagerDelivery: e.EAGER_DELIVERY?.trim().toLowerCase() !== "off",
    attachmentMaxBytes: e.ATTACHMENT_MAX_BYTES,
    attachmentMaxCount: e.ATTACHMENT_MAX_COUNT,
    turnstileSiteKey: e.TURNSTILE_SITE_KEY?.trim(),
    turnstileSecret: e.TURNSTILE_SECRET?.trim(),
    turnstileOff: e.TURNSTILE?.trim().toLowerCase() === "off",
    turnstileVerifyUrl: e.TURNSTILE_VERIFY_URL || "https://challenges.cloudflare.com/turnstile/v0/siteverify",
    staffBootstrapToken: e.STAFF_BOOTSTRAP_TOKEN?.trim(),
    chatIdentitySecret: e.CHAT_IDENTITY_SECRET?.trim() ?? "",
    chatIdentityExpiryRequired: e.CHAT_IDENTITY_EXPIRY?.trim().toLowerCase() === "required",
    telegramBotToken: e.TELEGRAM_BOT_TOKEN?.trim(),
    telegramWebhookSecret: e.TELEGRAM_WEBHOOK_SECRET?.trim(),
    // grammY refuses an API root with a trailing slash.
    telegramApiRoot: (e.TELEGRAM_API_ROOT || "https://api.telegram.org").replace(/\/+$/, ""),
    telegramBotUsername: e.TELEGRAM_BOT_USERNAME?.trim().replace(/^@/, ""),
    telegramSupportGroups: (e.TELEGRAM_SUPPORT_GROUPS ?? "")
      .split(",")
      .map((id) => id.trim())
      .filter(Boolean),
    discordBotToken: e.DISCORD_BOT_TOKEN?.trim(),
    discordApiRoot: (e.DISCORD_API_ROOT || "https://discord.com/api").replace(/\/+$/, ""),
    discordApplicationId: e.DISCORD_APPLICATION_ID?.trim(),
    discordPublicKey: e.DISCORD_PUBLIC_KEY?.trim().toLowerCase(),
    discordRelaySecret: e.DISCORD_RELAY_SECRET?.trim(),
    emailSender: e.EMAIL_SENDER?.trim().toLowerCase() ?? "",
    emailBounceSecret: e.EMAIL_BOUNCE_SECRET?.trim() ?? "",
    emailApiRoot: (e.EMAIL_API_ROOT || "https://api.mailgun.net").replace(/\/+$/, ""),
    mailgunApiKey: e.MAILGUN_API_KEY?.trim(),
    mailgunSigningKey: e.MAILGUN_WEBHOOK_SIGNING_KEY?.trim(),
    postmarkInboundAuth: e.POSTMARK_INBOUND_AUTH?.trim(),
    sendgridInboundAuth: e.SENDGRID_INBOUND_AUTH?.trim(),
    emailRateLimitPerHour: e.EMAIL_RATE_LIMIT_PER_HOUR,
    accessTeamDomain: e.ACCESS_TEAM_DOMAIN?.trim().replace(/\/+$/, ""),
    accessAud: e.ACCESS_AUD?.trim(),
    accessCertsUrl: e.ACCESS_CERTS_URL?.trim(),
    explorers: explorerTemplates(e.EXPLORER_URLS),
  });
}

/** EXPLORER_URLS as last parsed in this isolate: parsed (and its problems logged) once per distinct value. */
let explorerCache: { raw: string | undefined; templates: ExplorerTemplates } | null = null;

function explorerTemplates(raw: string | undefined): ExplorerTemplates {
  if (explorerCache && explorerCache.raw === raw) return explorerCache.templates;
  const { templates, problems } = parseExplorerTemplates(raw);
  for (const p of problems) logWarn(p);
  explorerCache = { raw, templates };
  return templates;
}

/** True where the dev-only surfaces (/dev/sandbox, sandbox delivery) may exist. */
export function isDevelopment(config: Config): boolean {
  return config.environment === "development" || config.environment === "test";
}

/** Hono's environment for every route: bindings plus per-request variables. */
export interface AppEnv {
  Bindings: Env;
  Variables: {
    config: Config;
    /** The desk port for this request (src/pipeline/desk.ts): what channels call. */
    desk: import("./pipeline/desk").Desk;
    staff: import("./core/staff").StaffPrincipal;
    /** The CSRF token of the staff browser session (set only for cookie-authenticated requests). */
    csrfToken: string | undefined;
    /** Which credentials the staff request used: its session (if any), and whether it rests on the bootstrap secret. */
    staffCredentials: { sessionId: string | null; viaBootstrap: boolean };
  };
}
