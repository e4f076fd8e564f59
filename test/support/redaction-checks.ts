/**
 * The two checks every generated redaction test runs (random cases, one seeded generator each, so
 * `REDACT_SEED` replays a failure): which secrets survived, and which look-alikes were touched.
 * Each returns one line per failing case, with its layout, its input and what came out, for the
 * assertion's message.
 */

import { redactSecrets } from "../../src/core/redact";
import { leaks, type Rng, rng, type SecretCase } from "./secret-generator";

const shown = (text: string) => JSON.stringify(text.length > 240 ? `${text.slice(0, 240)}…` : text);

/** Cases from `make` whose secret survived redaction (all of it when nothing was redacted). */
export function missedCases(make: (r: Rng) => SecretCase, seed: number, n: number): string[] {
  const r = rng(seed);
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    const c = make(r);
    const red = redactSecrets(c.text);
    const leak = red.kinds.length ? leaks(c, red.text) : "everything";
    if (leak) out.push(`[${c.layout}] ${shown(c.text)} -> ${shown(red.text)} (left: ${leak})`);
  }
  return out;
}

/** Look-alikes from `make` (prose, ids, TxIDs) that redaction changed: each should come out as written. */
export function touchedCases(
  make: (r: Rng) => { layout: string; text: string } | string,
  seed: number,
  n: number,
): string[] {
  const r = rng(seed);
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    const made = make(r);
    const c = typeof made === "string" ? { layout: "look-alike", text: made } : made;
    const red = redactSecrets(c.text);
    if (red.kinds.length || red.text !== c.text) out.push(`[${c.layout}] ${shown(c.text)} -> ${shown(red.text)}`);
  }
  return out;
}
