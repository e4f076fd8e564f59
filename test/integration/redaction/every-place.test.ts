/**
 * The attacker's test of "redacted before anything is stored, never logged": a random 12-word phrase, a
 * private key and a password (one set per input) go through every channel and every field a customer
 * controls (names, file names, commands, buttons, forwards, contacts, polls, headers, idempotency keys, client
 * ids, malformed bodies), and then every D1 table and column, every R2 object made, every Durable Object's
 * storage and the Worker's console lines are read for them (every-place-scan.ts). ATTACK_SEED=<seed> replays.
 */
import { env } from "cloudflare:workers";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rng } from "../../support/secret-generator";
import { attackRandom } from "../security/attack-seed";
import { discordErrors, discordInputs } from "./every-place-discord";
import { emailInputs } from "./every-place-email";
import { credentials, PHRASE_WITHIN, queuePayloads } from "./every-place-requests";
import { captureConsole, everyPlaceHolding, r2Keys, type Secret, secretFor } from "./every-place-scan";
import { telegramErrors, telegramInputs } from "./every-place-telegram";
import { webErrors, webInputs } from "./every-place-web";

const attack = attackRandom("redaction every place");
const r = rng(attack.seed);

let r2Before = new Set<string>();
let log: ReturnType<typeof captureConsole>;

beforeAll(async () => {
  r2Before = await r2Keys();
  log = captureConsole();
});
afterAll(() => log.stop());

describe(`a secret through every customer input is nowhere stored or logged (seed ${attack.seed})`, () => {
  it("D1, R2, Durable Objects and the console hold none of them", { timeout: 240_000 }, async () => {
    const secrets: Secret[] = [];
    const inputs = {
      ...telegramInputs,
      ...discordInputs,
      ...emailInputs,
      ...webInputs,
      ...telegramErrors,
      ...discordErrors,
      ...webErrors,
    };
    for (const [name, send] of Object.entries(inputs)) {
      const s = secretFor(r, name, PHRASE_WITHIN[name]);
      secrets.push(s);
      await send(s);
    }
    log.stop();
    // Our own credentials are in no stored place and no log line (the bot token, webhook and relay secrets, the
    // mail API key); what the requests carried (link, session and interaction tokens) in no log line.
    const e = env as unknown as Record<string, string>;
    const everywhere = [
      (e.TELEGRAM_BOT_TOKEN as string).split(":")[1] as string,
      e.TELEGRAM_WEBHOOK_SECRET as string,
      e.DISCORD_RELAY_SECRET as string,
      e.MAILGUN_API_KEY as string,
      (e.POSTMARK_INBOUND_AUTH as string).split(":")[1] as string,
      (e.SENDGRID_INBOUND_AUTH as string).split(":")[1] as string,
    ];
    const { problems, read } = await everyPlaceHolding(secrets, r2Before, log.lines, queuePayloads, {
      everywhere,
      inConsole: credentials,
    });
    console.info(`every place read: ${JSON.stringify(read)}`);
    // Each kind of place was read: files were stored, Durable Objects kept events, the Worker logged (error paths).
    for (const [where, n] of Object.entries(read)) expect(n, where).toBeGreaterThan(0);
    expect(problems, `seed ${attack.seed} (ATTACK_SEED=${attack.seed} replays)`).toEqual([]);
  });
});
