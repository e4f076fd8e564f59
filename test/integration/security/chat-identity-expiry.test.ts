/**
 * A leaked userHash (a page's HTML in a shared cache, a log, a screenshot of devtools) impersonates
 * that user for as long as it verifies. The documented contract stays: a userHash without expiry
 * keeps working by default. A signed `expiresAt` (unix seconds, in the HMAC as a fourth line) ends it,
 * and CHAT_IDENTITY_EXPIRY=required refuses signatures without one. A refused identity writes
 * nothing. `ATTACK_SEED=<seed>` replays a run.
 */
import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import worker from "../../../src/index";
import { BASE, CHAT_SECRET, sign } from "../channels/webform/chat-helpers";
import { count, testHmacHex } from "../support";
import { attackRandom } from "./attack-seed";

const rnd = attackRandom("chat-identity-expiry");
const DAY = 24 * 3600;

/** userHash with a signed expiry: HMAC over `userId \n email \n name \n expiresAt`. */
const signWithExpiry = (userId: string, email: string, name: string, expiresAt: number) =>
  testHmacHex(CHAT_SECRET, `${userId}\n${email}\n${name}\n${expiresAt}`);

/** POST /api/chat/session through the Worker with extra vars (CHAT_IDENTITY_EXPIRY). */
async function session(identity: Record<string, unknown>, vars: Record<string, string> = {}) {
  const ctx = createExecutionContext();
  const res = await worker.fetch(
    new Request(`${BASE}/api/chat/session`, {
      method: "POST",
      headers: {
        "Content-Type": "application/json",
        "CF-Connecting-IP": `10.7.${1 + Math.floor(rnd.next() * 250)}.${1 + Math.floor(rnd.next() * 250)}`,
      },
      body: JSON.stringify({ identity }),
    }),
    { ...env, ...vars } as typeof env,
    ctx,
  );
  await waitOnExecutionContext(ctx);
  return {
    status: res.status,
    body: (await res.json()) as { error?: { code: string }; visitor?: { verified: boolean } },
  };
}

const sessionsOf = (userId: string) =>
  count("SELECT COUNT(*) AS n FROM chat_sessions WHERE external_id LIKE ?1", `%${userId}%`);

describe("a chat identity signature", { timeout: 60_000 }, () => {
  it("without expiresAt still works by default; with one it ends when it says, and cannot be stretched", async () => {
    const now = Math.floor(Date.now() / 1000);
    const user = () => ({ userId: `u${rnd.word(12)}`, email: `${rnd.word(8)}@ex.test`, name: `N ${rnd.word(5)}` });

    // The documented contract: a userHash with no expiry opens the user's session.
    const legacy = user();
    const legacyClaim = { ...legacy, userHash: await sign(legacy.userId, legacy.email, legacy.name) };
    const ok = await session(legacyClaim);
    expect(ok.status).toBe(201);
    expect(ok.body.visitor?.verified).toBe(true);

    // A signed expiry in the future: accepted.
    const fresh = user();
    const until = now + 60 + Math.floor(rnd.next() * (6 * DAY));
    const freshHash = await signWithExpiry(fresh.userId, fresh.email, fresh.name, until);
    const accepted = await session({
      ...fresh,
      expiresAt: rnd.next() < 0.5 ? until : String(until),
      userHash: freshHash,
    });
    expect(accepted.status).toBe(201);
    expect(accepted.body.visitor?.verified).toBe(true);

    const refusals: Array<{ name: string; claim: Record<string, unknown>; code: string }> = [];
    const past = user();
    const pastAt = now - 1 - Math.floor(rnd.next() * 30 * DAY);
    refusals.push({
      name: "expired",
      claim: { ...past, expiresAt: pastAt, userHash: await signWithExpiry(past.userId, past.email, past.name, pastAt) },
      code: "identity_expired",
    });
    const far = user();
    const farAt = now + 8 * DAY + Math.floor(rnd.next() * 365 * DAY);
    refusals.push({
      name: "too far ahead",
      claim: { ...far, expiresAt: farAt, userHash: await signWithExpiry(far.userId, far.email, far.name, farAt) },
      code: "identity_invalid",
    });
    const stretched = user();
    const shortAt = now - 1 - Math.floor(rnd.next() * DAY);
    const shortHash = await signWithExpiry(stretched.userId, stretched.email, stretched.name, shortAt);
    refusals.push({
      name: "an expired signature with a later expiresAt",
      claim: { ...stretched, expiresAt: now + 1 + Math.floor(rnd.next() * DAY), userHash: shortHash },
      code: "identity_invalid",
    });
    refusals.push({
      name: "an expired signature with its expiresAt left out",
      claim: { ...stretched, userHash: shortHash },
      code: "identity_invalid",
    });
    refusals.push({
      name: "expiresAt that is not unix seconds",
      claim: { ...fresh, expiresAt: rnd.pick([`${until}.5`, "tomorrow", -until, until * 1000]), userHash: freshHash },
      code: "identity_invalid",
    });
    for (const r of refusals) {
      const before = await sessionsOf(r.claim.userId as string);
      const res = await session(r.claim);
      expect(res.status, r.name).toBe(401);
      expect(res.body.error?.code, r.name).toBe(r.code);
      expect(await sessionsOf(r.claim.userId as string), r.name).toBe(before);
    }

    // CHAT_IDENTITY_EXPIRY=required: the leaked legacy userHash no longer opens anything; a signed expiry does.
    const required = { CHAT_IDENTITY_EXPIRY: "required" };
    const leaked = user();
    const leakedClaim = { ...leaked, userHash: await sign(leaked.userId, leaked.email, leaked.name) };
    const refused = await session(leakedClaim, required);
    expect(refused.status).toBe(401);
    expect(refused.body.error?.code).toBe("identity_expiry_required");
    expect(await sessionsOf(leaked.userId)).toBe(0);
    const signed = await session({ ...fresh, expiresAt: until, userHash: freshHash }, required);
    expect(signed.status).toBe(201);
  });
});
