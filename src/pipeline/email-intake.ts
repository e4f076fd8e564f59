/**
 * The desk's side of inbound email (the email channel's receive.ts and decide.ts call it through
 * the desk port): every read of one email in ONE round trip (replay guard, dedupe, our own
 * Message-ID, the flood counter, the thread lookups, and ingest's reads for each conversation the
 * email may join), then typed writes: the inbound record (in the message's own transaction), a
 * bounce, an email held back with a note staff see.
 */

import type { EmailIntakeQuery, InboundEmailRecord, InboundEmailState } from "../core/inbound-email";
import type { IngestState } from "../core/ingest";
import type { SecretKind } from "../core/redact";
import { markBounced, markBouncedByHeader } from "../store/email-bounces";
import { holdInboundEmail, readEmailIntake, recordInboundEmail } from "../store/inbound-emails";
import { releaseReplayKey } from "../store/webhook-replays";
import type { DeskDeps, PrefetchedReads } from "./desk";
import { publishFeedEvent } from "./feed";
import { type IngestResult, ingestInbound } from "./ingest";

export type {
  EmailIntakeQuery,
  EmailThreadTarget,
  InboundEmailKind,
  InboundEmailRecord,
  InboundEmailSource,
  InboundEmailState,
} from "../core/inbound-email";
export type { IngestKeys } from "../core/ingest";

/** Where each candidate conversation's ingest state is, to hand to `ingest`. */
export type EmailPrefetch = Record<"likely" | "plus" | "subject" | "active", PrefetchedReads | null>;

export interface EmailIntakeState {
  /** False when the webhook signature was used before. */
  fresh: boolean;
  pre: InboundEmailState;
  prefetched: EmailPrefetch;
}

/** The desk's email methods for one request. */
export function emailIntake(deps: DeskDeps) {
  const { env } = deps;
  const db = env.DB;
  /** Staff see a message marked failed by a bounce as it happens. */
  const told = <T extends { messageId: string; ticketId: string } | null>(failed: T): T => {
    if (failed) {
      deps.waitUntil(
        publishFeedEvent(env, {
          type: "message.delivery",
          ticketId: failed.ticketId,
          messageId: failed.messageId,
          delivery: "failed",
        }),
      );
    }
    return failed;
  };
  return {
    /** Every read of one email, in one round trip. */
    async read(q: EmailIntakeQuery): Promise<EmailIntakeState> {
      const { fresh, pre, ingest } = await readEmailIntake(db, q);
      const { guess } = q;
      // Keyed by the guess; `ingest` re-keys a lookup's state to the conversation threading chose.
      const keyed = (state: IngestState | null): PrefetchedReads | null =>
        guess && state ? { keys: guess, state } : null;
      const prefetched: EmailPrefetch = {
        likely: keyed(ingest.likely),
        plus: keyed(ingest.plus),
        subject: keyed(ingest.subject),
        active: keyed(ingest.active),
      };
      return { fresh, pre, prefetched };
    },
    /** Gives a webhook signature back (nothing was stored), so the provider's retry is accepted. */
    releaseReplay: (args: { key: string; nonce: string }) => releaseReplayKey(db, args),
    /** Records an email that became no message (our own, a bounce, an auto-reply...). */
    record: (rec: InboundEmailRecord, now: string) => recordInboundEmail(db, rec, now),
    /** The outbound message a proven bounce is about (our message id), marked failed (and staff told). */
    markBounced: async (args: { messageId: string; reason: string }) => told(await markBounced(db, args)),
    /** The same for a provider's signed failure report naming our Message-ID (once per signature). */
    markBouncedByHeader: async (args: Parameters<typeof markBouncedByHeader>[1]) =>
      told(await markBouncedByHeader(db, args)),
    /**
     * Stores the email as a message with its inbound record in the message's own transaction;
     * `flagRedacted`: the kinds of secret found in parts that are not the body (empty: none).
     */
    async ingest(
      msg: Parameters<typeof ingestInbound>[1],
      opts: {
        prefetched: PrefetchedReads | undefined;
        record: (stored: { ticketId: string; messageId: string }) => InboundEmailRecord;
        flagRedacted: SecretKind[];
        now: string;
      },
    ): Promise<IngestResult> {
      const result = await ingestInbound(deps, msg, {
        prefetched: opts.prefetched,
        alsoWrite: (s) => [
          { kind: "inbound_email", record: opts.record(s), now: opts.now },
          ...(opts.flagRedacted.length
            ? [{ kind: "flag_redacted" as const, messageId: s.messageId, kinds: opts.flagRedacted }]
            : []),
        ],
      });
      // Stored before (its record lost, or a concurrent redelivery won): make sure the record exists.
      if (result.outcome === "duplicate") await recordInboundEmail(db, opts.record(result), opts.now);
      return result;
    },
    /** An email held back by the flood limit, with a note staff see on the sender's active ticket. */
    async hold(rec: InboundEmailRecord, note: { id: string; ticketId: string; body: string } | null, now: string) {
      await holdInboundEmail(db, rec, note, now);
      if (note) {
        deps.waitUntil(
          publishFeedEvent(env, {
            type: "message.created",
            ticketId: note.ticketId,
            messageId: note.id,
            direction: "note",
          }),
        );
      }
    },
    /** Keeps an email's original (R2) under `key`. */
    async keepOriginal(key: string, data: Uint8Array | string, contentType: string) {
      await env.ATTACHMENTS.put(key, data, { httpMetadata: { contentType } });
    },
  };
}
