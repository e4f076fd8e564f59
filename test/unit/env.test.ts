// loadConfig: development mode needs ENVIRONMENT to say so exactly; anything else is production.
import { describe, expect, it } from "vitest";
import { type Env, isDevelopment, loadConfig } from "../../src/env";
import { mulberry32 } from "../support/random";

const config = (vars: Record<string, string | undefined>) => loadConfig(vars as unknown as Env);

/** Strings that are not exactly "development" or "test": near-misses, padding, case, noise. */
function productionLike(): Array<string | undefined> {
  const bytes = crypto.getRandomValues(new Uint8Array(12));
  const noise = String.fromCharCode(...bytes.map((b) => 32 + (b % 95)));
  return [
    undefined,
    "",
    "production",
    "prod",
    "Development",
    "DEVELOPMENT",
    " development",
    "development\n",
    "dev",
    "Test",
    "tests",
    "staging",
    "true",
    "1",
    noise,
  ];
}

describe("loadConfig: ENVIRONMENT", () => {
  it("is production when missing, empty or anything but development/test", () => {
    for (const value of productionLike()) {
      const c = config({ ENVIRONMENT: value });
      expect(c.environment, JSON.stringify(value)).toBe("production");
      expect(isDevelopment(c)).toBe(false);
    }
  });

  it("is development or test only for those exact words", () => {
    expect(isDevelopment(config({ ENVIRONMENT: "development" }))).toBe(true);
    expect(isDevelopment(config({ ENVIRONMENT: "test" }))).toBe(true);
  });
});

describe("loadConfig: TURNSTILE", () => {
  it('is off only for the word "off" (any case, trimmed)', () => {
    for (const off of ["off", "OFF", " Off\t"]) expect(config({ TURNSTILE: off }).turnstileOff, off).toBe(true);
    for (const on of [undefined, "", "on", "false", "0", "no", "disabled", "offf", "o f f"]) {
      expect(config({ TURNSTILE: on }).turnstileOff, String(on)).toBe(false);
    }
  });

  it("trims the keys, so a pasted newline does not make a secret that never verifies", () => {
    const c = config({ TURNSTILE_SECRET: " 0x4AAA-secret\n", TURNSTILE_SITE_KEY: "0x4AAA-site \n" });
    expect(c.turnstileSecret).toBe("0x4AAA-secret");
    expect(c.turnstileSiteKey).toBe("0x4AAA-site");
    expect(config({ TURNSTILE_SECRET: "  \n" }).turnstileSecret).toBe("");
  });
});

describe("loadConfig: secrets and webhook credentials", () => {
  const SECRETS = {
    STAFF_BOOTSTRAP_TOKEN: "staffBootstrapToken",
    CHAT_IDENTITY_SECRET: "chatIdentitySecret",
    TELEGRAM_WEBHOOK_SECRET: "telegramWebhookSecret",
    DISCORD_RELAY_SECRET: "discordRelaySecret",
    POSTMARK_INBOUND_AUTH: "postmarkInboundAuth",
    SENDGRID_INBOUND_AUTH: "sendgridInboundAuth",
  } as const;
  const pad = () => [" ", "\n", "\r\n", "\t", ""][(crypto.getRandomValues(new Uint8Array(1))[0] ?? 0) % 5];

  it("are trimmed as the docs say (a pasted newline), and blank ones stay off", () => {
    for (const [name, key] of Object.entries(SECRETS)) {
      const value = `rd_${crypto.randomUUID()}`;
      const c = config({ [name]: `${pad()}${value}${pad()}\n` }) as unknown as Record<string, string>;
      expect(c[key], name).toBe(value);
      expect((config({ [name]: " \n\t" }) as unknown as Record<string, string>)[key], name).toBe("");
    }
  });
});

describe("loadConfig: numbers", () => {
  it("fall back to their defaults when not a positive number, instead of failing every request", () => {
    const defaults = config({});
    const noise = () => String.fromCharCode(...crypto.getRandomValues(new Uint8Array(6)).map((b) => 33 + (b % 90)));
    for (const bad of ["7d", "-1", "0", "abc", "Infinity", " ", noise(), noise()]) {
      if (Number(bad) > 0 && Number.isFinite(Number(bad))) continue;
      const c = config({ REOPEN_WINDOW_DAYS: bad, ATTACHMENT_MAX_COUNT: bad, EMAIL_RATE_LIMIT_PER_HOUR: bad });
      expect(c.reopenWindowDays, bad).toBe(defaults.reopenWindowDays);
      expect(c.attachmentMaxCount, bad).toBe(defaults.attachmentMaxCount);
      expect(c.emailRateLimitPerHour, bad).toBe(defaults.emailRateLimitPerHour);
    }
    expect(config({ REOPEN_WINDOW_DAYS: " 3 " }).reopenWindowDays).toBe(3);
  });
});

describe("loadConfig: parsed once per isolate, again whenever a value changes", () => {
  it("reuses the parse for the same values and never serves a stale one (random changes, seed printed)", () => {
    const seed = Number(process.env.CONFIG_SEED) || Math.floor(Math.random() * 2 ** 31);
    const random = mulberry32(seed);
    const next = () => Math.floor(random() * 2 ** 31);
    const vars: Record<string, string | undefined> = {
      ENVIRONMENT: "production",
      PUBLIC_URL: "https://desk.example.com",
      REOPEN_WINDOW_DAYS: "7",
      EAGER_DELIVERY: "on",
      TELEGRAM_BOT_USERNAME: "desk_bot",
    };
    const first = config(vars);
    expect(config({ ...vars }), "same values, another env object: the same parse").toBe(first);
    expect(Object.isFrozen(first)).toBe(true);
    for (let i = 0; i < 200; i++) {
      const change = next() % 5;
      if (change === 0) vars.REOPEN_WINDOW_DAYS = String(1 + (next() % 30));
      if (change === 1) vars.EAGER_DELIVERY = next() % 2 ? "off" : "on";
      if (change === 2) vars.TELEGRAM_BOT_USERNAME = `@bot${next() % 1000}`;
      if (change === 3) vars.ENVIRONMENT = next() % 2 ? "development" : "production";
      // A var the parse never reads changes nothing and is not a reason to parse again.
      if (change === 4) vars.UNRELATED = String(next());
      const c = config(vars);
      const msg = `step ${i} (seed ${seed})`;
      expect(c.reopenWindowDays, msg).toBe(Number(vars.REOPEN_WINDOW_DAYS));
      expect(c.eagerDelivery, msg).toBe(vars.EAGER_DELIVERY !== "off");
      expect(c.telegramBotUsername, msg).toBe(vars.TELEGRAM_BOT_USERNAME?.replace(/^@/, ""));
      expect(c.environment, msg).toBe(vars.ENVIRONMENT);
      expect(config(vars), msg).toBe(c);
    }
  });
});
