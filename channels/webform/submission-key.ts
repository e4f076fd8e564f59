/**
 * The dedupe key of a web-form submission. A client's idempotency key is its own to choose and may be
 * known to others (a shared log, a predictable client, someone copied in): on its own it would let a
 * stranger who sends first get the customer's real submission dropped as a "duplicate" (or answered
 * with the stranger's ticket). The form proves no identity, so the key is scoped to the submission
 * itself: the typed address, the words and the files, and to the network it came from (the client's
 * network as the per-IP limits count it, src/core/client-network.ts: an IPv4 address, an IPv6 client's /64
 * whichever of its addresses it retries from, an IPv4-mapped address as its IPv4 one). A double click or a
 * client's retry repeats all of them and is stored once; anything
 * else with the same key, the same words sent from elsewhere included, is a submission of its own.
 * Words alone are no secret (a templated client, a copied message), so someone who knows them and the
 * key never shares the customer's ticket or gets its link back: that needs the customer's network too,
 * and only within IDEMPOTENCY_REPLAY_WINDOW_MS (src/pipeline/email-claims.ts).
 */
import { clientNetwork } from "../../src/core/client-network";
import { normalizeEmail } from "../../src/core/email-claims";
import { sha256Hex } from "../../src/core/ids";
import type { InboundAttachment } from "../../src/core/inbound";

/** What scopes a key: the submission as the client sent it (before redaction). */
export interface SubmissionScope {
  email: string;
  subject: string;
  description: string;
  attachments: InboundAttachment[];
  /** Where the submission came from (`CF-Connecting-IP`), keyed by its network: a repeat from another is not this client's. */
  client: string;
}

/** `<key>.<32 hex>`: outside the key's own alphabet, so no chosen key can spell another's scoped one. */
export async function scopedSubmissionKey(key: string, s: SubmissionScope): Promise<string> {
  const files = await Promise.all(
    s.attachments.map(async (a) => {
      const digest = await crypto.subtle.digest("SHA-256", new Uint8Array(a.data));
      return [
        a.filename,
        a.contentType,
        [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0")).join(""),
      ];
    }),
  );
  const scope = JSON.stringify([normalizeEmail(s.email), s.subject, s.description, files, clientNetwork(s.client)]);
  return `${key}.${(await sha256Hex(scope)).slice(0, 32)}`;
}
