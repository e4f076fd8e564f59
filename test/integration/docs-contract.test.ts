/**
 * What the docs tell a new user to send, sent literally: the error shape on the rating route
 * (docs/channels/webform.md, "Errors are the usual {error:{code,message}}"), files posted to
 * `POST /api/tickets` as `files` or `attachments` (never dropped in silence), a bare `curl -X POST`
 * on routes whose body is optional (a new API token, a new confirmation link), and a script signing
 * in with JSON (docs/staff-api.md, "Sign-in"). Values are random per run; the seed is printed.
 */
import { exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { BASE, uniqueIp, webformTicket } from "./requests";
import { count } from "./support";

const SEED = Number(process.env.DOCS_SEED ?? Math.floor(Math.random() * 2 ** 31));
console.info(`docs-contract seed ${SEED} (DOCS_SEED=${SEED} replays)`);
let state = SEED;
/** mulberry32: replayable choices for this run. */
function rand(): number {
  state = (state + 0x6d2b79f5) | 0;
  let t = Math.imul(state ^ (state >>> 15), 1 | state);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
}
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)] as T;

describe("POST /t/:token/csat refused: the usual error shape", () => {
  it("a rating nobody asked for is 409 with error.code and error.message (and the page's fields)", async () => {
    for (let i = 0; i < 3; i++) {
      const t = await webformTicket({ lang: pick(["en", "zh"] as const) });
      const rating = 1 + Math.floor(rand() * 5);
      const res = await exports.default.fetch(`${BASE}/t/${t.token}/csat`, {
        method: "POST",
        headers: { "Content-Type": "application/json", "CF-Connecting-IP": uniqueIp() },
        body: JSON.stringify({ rating }),
      });
      expect(res.status).toBe(409);
      const body = (await res.json()) as Record<string, unknown>;
      expect(body.error).toEqual({ code: "csat_not_open", message: expect.any(String) });
      expect(body).toMatchObject({ accepted: false, rating: null });
      expect(await count("SELECT COUNT(*) AS n FROM csat_surveys WHERE ticket_id = ?1", t.id)).toBe(0);
    }
  });
});
