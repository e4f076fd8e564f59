/**
 * Staff emails are folded one way on every path: created (POST /api/staff/users), stored, and signed in with
 * (Cloudflare Access, src/staff/access.ts): ASCII letters lowercased, nothing else. JavaScript's toLowerCase()
 * on creation turned look-alikes into other addresses (the KELVIN SIGN U+212A lowers to "k"; U+0130 İ to "i"
 * and a combining dot): an admin adding `\u212Aim@corp` created `kim@corp`, so the identity provider's real
 * `kim@corp` (someone else) signed in as that staff member, and a look-alike of an existing address collided
 * with it. Generated look-alikes must be refused (400, nothing stored) and never sign anyone in.
 * `ATTACK_SEED=<seed>` replays a run.
 */
import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../../../src/app";
import type { Env } from "../../../src/env";
import { accessVars, rsaKey } from "../../unit/staff/access-keys";
import { BASE, BOOTSTRAP, call } from "../staff/helpers";
import { attackRandom } from "./attack-seed";

const rnd = attackRandom("staff-email-fold");
const app = createApp();
let accessEnv: Env;
let key: Awaited<ReturnType<typeof rsaKey>>;

beforeAll(async () => {
  key = await rsaKey("fold-kid-1");
  accessEnv = { ...env, ...accessVars(key) } as Env;
});

/** Who an Access sign-in as `email` is: the staff id, or the status it got. */
async function signInAs(email: string): Promise<string | number> {
  const ctx = createExecutionContext();
  const jwt = await key.sign({ email });
  const res = await app.fetch(
    new Request(`${BASE}/api/staff/me`, { headers: { "Cf-Access-Jwt-Assertion": jwt } }),
    accessEnv,
    ctx,
  );
  await waitOnExecutionContext(ctx);
  return res.status === 200 ? ((await res.json()) as { staff: { staffId: string } }).staff.staffId : res.status;
}

/** Characters that Unicode case mapping (toLowerCase/toUpperCase, either way) folds into an ASCII letter. */
const FOLDS: Array<[string, string]> = [
  ["k", "\u212A"], // KELVIN SIGN -> k
  ["i", "\u0130"], // LATIN CAPITAL LETTER I WITH DOT ABOVE -> i + U+0307
  ["s", "\u017F"], // LATIN SMALL LETTER LONG S -> S (upper)
  ["a", "\u0430"], // Cyrillic а: looks like a
  ["e", "\u0435"], // Cyrillic е
  ["o", "\uFF4F"], // FULLWIDTH o
];

/** An address holding every foldable letter, in random places. */
function address(): string {
  const letters = [...FOLDS.map(([ascii]) => ascii), ...Array.from({ length: 5 }, () => rnd.word(1))];
  const local = letters.sort(() => rnd.next() - 0.5).join("");
  return `${local}${rnd.word(4)}@${rnd.pick(["corp", "desk", "ops"])}-${rnd.word(5)}.test`;
}

/** `addr` (lower case) with one to three of its letters swapped for a look-alike. */
function lookAlike(addr: string): string {
  let out = addr;
  const n = 1 + Math.floor(rnd.next() * 3);
  for (let i = 0; i < n; i++) {
    const [ascii, other] = rnd.pick(FOLDS);
    out = out.replace(ascii, other);
  }
  return out;
}

/** `addr` with some (at least one) of its k's written as the KELVIN SIGN: the one toLowerCase() folds to ASCII. */
function kelvin(addr: string): string {
  const out = addr.replace(/k/g, (k) => (rnd.next() < 0.5 ? "\u212A" : k));
  return out === addr ? addr.replace("k", "\u212A") : out;
}

function asciiCase(addr: string): string {
  return [...addr].map((ch) => (/[a-z]/.test(ch) && rnd.next() < 0.5 ? ch.toUpperCase() : ch)).join("");
}

async function createStaff(email: string, role: "agent" | "admin" = "agent") {
  return call("POST", "/api/staff/users", { token: BOOTSTRAP, json: { name: `Staff ${rnd.word(4)}`, email, role } });
}

async function staffEmails(): Promise<string[]> {
  const { results } = await env.DB.prepare("SELECT email FROM staff_users WHERE email IS NOT NULL").all<{
    email: string;
  }>();
  return results.map((r) => r.email);
}

describe("a staff email that only Unicode case mapping makes another", { timeout: 60_000 }, () => {
  it("is refused (400, nothing stored), never collides with nor signs in as a real address", async () => {
    for (let round = 0; round < 6; round++) {
      const existing = address();
      const created = await createStaff(asciiCase(existing), "admin");
      expect(created.status).toBe(201);
      const admin = ((await created.json()) as { user: { id: string; email: string } }).user;
      expect(admin.email).toBe(existing);
      // The same mailbox in another ASCII case is the same staff member: taken.
      expect((await createStaff(` ${asciiCase(existing)} `)).status).toBe(409);

      const fresh = address();
      for (const [what, target] of [
        ["an existing staff address", existing],
        ["an address no staff member has", fresh],
      ] as const) {
        for (const fake of [kelvin(target), lookAlike(target)].map((f) => (rnd.next() < 0.5 ? f : asciiCase(f)))) {
          const before = await staffEmails();
          const res = await createStaff(fake);
          expect(res.status, `${what}: ${JSON.stringify(fake)}`).toBe(400);
          expect(((await res.json()) as { error: { code: string } }).error.code).toBe("validation_failed");
          expect((await staffEmails()).length, what).toBe(before.length);
          // The identity provider's real owner of the ASCII address is nobody here (or the real staff member).
          expect(await signInAs(rnd.pick([target, asciiCase(target)])), what).toBe(
            target === existing ? admin.id : 403,
          );
          // The look-alike itself signs in as nobody.
          expect(await signInAs(fake), `${what}: ${JSON.stringify(fake)}`).toBe(403);
        }
      }
      // An email cannot be set by an update either (the patch has no email): 400, unchanged.
      const patch = await call("PATCH", `/api/staff/users/${admin.id}`, {
        token: BOOTSTRAP,
        json: { email: asciiCase(lookAlike(existing)) },
      });
      expect(patch.status).toBe(400);
      expect(await staffEmails()).toContain(existing);
    }
  });
});
