/**
 * Ids a sender chooses (idempotency keys, chat client ids, Message-IDs) holding a secret are stored as their hash:
 * the same for the same id (a retry dedupes), in the id's own alphabet, nothing of the phrase left; ordinary ids
 * (the widget's client ids, UUIDs, mail clients' Message-IDs) stay as sent. Phrases are random, REDACT_SEED replays.
 */
import { describe, expect, it } from "vitest";
import { storableId, storableMessageId } from "../../../src/core/redact-ids";
import { newClientId } from "../../../src/widget/client/chat/state";
import { base62, mnemonic, rng } from "../../support/secret-generator";

const SEED = Number(process.env.REDACT_SEED) || Math.floor(Math.random() * 2 ** 31);
console.log(`redact-ids seed: ${SEED} (replay with REDACT_SEED=${SEED})`);

describe(`ids a sender chooses (seed ${SEED})`, () => {
  it("holding a phrase: hashed, the same each time, in the id's alphabet, no word left", () => {
    const r = rng(SEED);
    for (let i = 0; i < 100; i++) {
      const words = mnemonic(r, "en", r.pick([12, 15, 18, 24] as const));
      const key = words.join(r.pick(["-", "_"]));
      const stored = storableId(key);
      expect(stored, key).toMatch(/^sha256-[0-9a-f]{40}$/);
      expect(storableId(key)).toBe(stored);
      const id = `<${words.join(r.pick([".", "-", "_"]))}@${r.pick(["customer.test", "mail.example"])}>`;
      const message = storableMessageId(id);
      expect(message, id).toMatch(/^<sha256-[0-9a-f]{40}@message-id\.invalid>$/);
      expect(storableMessageId(id)).toBe(message);
    }
  });

  it("ordinary ids stay as sent", () => {
    const r = rng(SEED);
    for (let i = 0; i < 300; i++) {
      for (const id of [newClientId(), crypto.randomUUID(), `key-${crypto.randomUUID()}`])
        expect(storableId(id)).toBe(id);
      for (const id of [
        `<${crypto.randomUUID()}@customer.test>`,
        `<CA${base62(r, 40)}@mail.gmail.com>`,
        `<rd.msg_${base62(r, 20).toLowerCase()}@relaydesk.test>`,
        `<${Date.now()}.${base62(r, 16)}@smtp.qq.com>`,
      ])
        expect(storableMessageId(id)).toBe(id);
    }
  });
});
