/**
 * Keys, API secrets, passwords, TOTP setup keys and 2FA codes pasted into the web form (subject
 * and description), fresh every run (REDACT_SEED=<seed> replays one): no piece of any of them is
 * stored in D1 (message, subject, search index), shown by the staff API or found by its search.
 */
import { describe, expect, it } from "vitest";
import { type OtherCase, otherCases } from "../../support/other-secrets";
import { rng } from "../../support/secret-generator";
import { formPayload, postJson, unique } from "../channels/webform/builders";
import { expectSecretGone } from "./checks";

const SEED = Number(process.env.REDACT_SEED ?? Math.floor(Math.random() * 2 ** 31));
console.log(`other-secrets (integration) seed: ${SEED} (replay with REDACT_SEED=${SEED})`);

/** 12-character pieces of the secret as the text writes it (grouped layouts have none: skipped). */
function pieces(c: OtherCase): string[] {
  const out: string[] = [];
  for (let i = 0; i + 12 <= c.secret.length; i += 6) {
    const piece = c.secret.slice(i, i + 12);
    if (c.text.includes(piece)) out.push(piece);
  }
  return out;
}

describe(`web form: secrets other than seed phrases (seed ${SEED})`, { timeout: 60_000 }, () => {
  it("every piece of every secret is gone from D1, the search index and the staff API", async () => {
    const r = rng(SEED);
    const cases = otherCases(r).filter((c) => pieces(c).length > 0);
    expect(cases.length).toBeGreaterThan(30);
    // Four tickets: a short case as the subject, about a fifth of the others in the description.
    for (let t = 0; t < 4; t++) {
      const own = cases.filter((_, i) => i % 4 === t);
      const subject = own.find((c) => c.text.length <= 100 && !c.text.includes("\n"));
      const token = unique("tok");
      const description = [`Please help ${token}`, ...own.filter((c) => c !== subject).map((c) => c.text)].join("\n\n");
      const res = await postJson(
        "/api/tickets",
        formPayload({ subject: subject?.text ?? `Account help ${token}`, description }),
      );
      expect(res.status, await res.clone().text()).toBe(201);
      const created = (await res.json()) as { ticket: { id: string } };
      await expectSecretGone(created.ticket.id, [], { token, strings: own.flatMap(pieces) });
    }
  });
});
