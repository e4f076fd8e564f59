/**
 * Webhook secrets and signatures are compared in constant time: every source file that checks
 * one uses `timingSafeEqual` or WebCrypto `verify`, and no file compares a secret, signature,
 * token or digest with `===`/`!==`. (Timing cannot be measured reliably on a shared machine, so
 * this checks the code, the way a reviewer would; the behaviour is in the forged-webhook tests.)
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = new URL("../../../", import.meta.url).pathname;

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === "node_modules" ? [] : sources(path);
    return /\.(ts|tsx|mjs)$/.test(name) && !name.endsWith(".d.ts") ? [path] : [];
  });
}

const files = [...sources(join(ROOT, "src")), ...sources(join(ROOT, "channels"))].map((path) => ({
  path: relative(ROOT, path),
  text: readFileSync(path, "utf8"),
}));

/** An equality test with a secret-looking identifier on either side. */
const SECRET_EQUALITY =
  /\b\w*(secret|signature|hmac|digest|tokenhash|token_hash)\w*\)?\s*(?:[!=]==|[!=]=(?!=))(?!\s*(undefined|null)\b)|[!=]==?\s*[\w.?]*(secret|signature|hmac|digest)\w*\b/i;

/**
 * Headers and settings that carry a webhook credential (Mailgun's SPF, DKIM and spam verdict headers, `X-Mailgun-*`,
 * are a sender's authentication results, not a credential of ours).
 */
const CREDENTIAL_READ =
  /(X-Telegram-Bot-Api-Secret-Token|SECRET_HEADER|X-Signature-Ed25519|RELAY_SIGNATURE_HEADER|X-Relay-Signature|webhookSecret|signingKey|signing_key|inboundAuth|X-Twilio|X-Mailgun(?!-(?:Spf|Dkim|Sflag|\*))|X-Postmark|bootstrapToken)/i;

/** Constant-time primitives, and the project's verifiers built on them (checked in their own files). */
const CONSTANT_TIME =
  /timingSafeEqual|subtle\.verify|verifyRelay|verifyInteraction|verifySignature|verifyMailgunSignature|requireBasicAuth|authenticateStaff/;

describe("secret and signature comparisons", () => {
  it("finds the verifiers it checks (so an empty scan cannot pass)", () => {
    const checked = files.filter((f) => CREDENTIAL_READ.test(f.text));
    expect(checked.map((f) => f.path)).toEqual(
      expect.arrayContaining(["channels/telegram/webhook.ts", "channels/discord/verify.ts"]),
    );
    expect(
      checked.some((f) => f.path.startsWith("channels/email/")),
      "the email provider webhooks",
    ).toBe(true);
    expect(
      checked.some((f) => f.path.startsWith("src/staff/")),
      "the staff token check",
    ).toBe(true);
  });

  it("never compares a secret, signature or digest with === or !==", () => {
    const offending = files.flatMap((f) =>
      f.text
        .split("\n")
        .map((line, i) => ({ line: line.trim(), at: `${f.path}:${i + 1}` }))
        .filter(({ line }) => !line.startsWith("//") && !line.startsWith("*") && SECRET_EQUALITY.test(line)),
    );
    expect(offending).toEqual([]);
  });

  it("uses a constant-time primitive wherever a webhook credential is read", () => {
    // src/env.ts only parses configuration (it is the one module that reads env); it checks nothing.
    const verifiers = files.filter(
      (f) => f.path !== "src/env.ts" && CREDENTIAL_READ.test(f.text) && /verify|compare|Equal|require/i.test(f.text),
    );
    const missing = verifiers.filter((f) => !CONSTANT_TIME.test(f.text)).map((f) => f.path);
    expect(missing).toEqual([]);
  });

  it("the project's own verifiers are built on a constant-time primitive", () => {
    const helpers = [
      "verifyRelay",
      "verifyInteraction",
      "verifySignature",
      "verifyMailgunSignature",
      "requireBasicAuth",
      "authenticateStaff",
    ];
    const defined = helpers
      .map((name) => ({
        name,
        file: files.find((f) => new RegExp(`export (async )?function ${name}\\b`).test(f.text)),
      }))
      .filter((h) => h.file);
    expect(defined.length).toBeGreaterThanOrEqual(3);
    const weak = defined
      .filter((h) => !/timingSafeEqual|subtle\.verify/.test(h.file?.text ?? ""))
      .map((h) => `${h.name} in ${h.file?.path}`);
    expect(weak).toEqual([]);
  });

  it("the check itself catches a plain comparison", () => {
    expect(SECRET_EQUALITY.test("if (given !== settings.webhookSecret) throw")).toBe(true);
    expect(SECRET_EQUALITY.test("return signature === expectedSignature;")).toBe(true);
    expect(SECRET_EQUALITY.test("if (signature === undefined) return false;")).toBe(false);
  });
});
