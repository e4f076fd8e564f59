// loadConfig: development mode needs ENVIRONMENT to say so exactly; anything else is production.
import { describe, expect, it } from "vitest";
import { type Env, isDevelopment, loadConfig } from "../../src/env";

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
