/**
 * The desk's side of inbound email (the email channel's receive.ts and decide.ts call it through
 * the desk port): every read of one email in ONE round trip (replay guard, dedupe, our own
 * Message-ID, the flood counter, the thread lookups, and ingest's reads for each conversation the
 * email may join), then typed writes: the inbound record (in the message's own transaction), a
 * bounce, an email held back with a note staff see.
 */

import {
  type InboundEmailRecord,
  type InboundEmailState,
  inboundEmailReads,
  inboundEmailRecordStatement,
  markBounced,
  recordInboundEmail,
} from "../store/email";
import { releaseReplayKey, replayGuardStatements, ticketNoteStatement } from "../store/email-trust";
import { type ConversationLookup, type IngestKeys, ingestReadStatements } from "../store/ingest";
import type { DeskDeps, PrefetchedReads } from "./desk";
import { publishFeedEvent } from "./feed";
import { type IngestResult, ingestInbound } from "./ingest";

export type {
  EmailThreadTarget,
  InboundEmailKind,
  InboundEmailRecord,
  InboundEmailSource,
  InboundEmailState,
} from "../store/email";
export type { IngestKeys } from "../store/ingest";

/** What the desk needs to read for one email. */
export interface EmailIntakeQuery {
  messageIdHeader: string;
  sender: string;
  /** Which flood bucket the email counts in: mail whose From was proven, or the rest. */
  senderVerified: boolean;
  /** The flood window's start. */
  since: string;
  /** In-Reply-To and References, as they came. */
  referenceIds: string[];
  replyToken: string | null;
  /** A ticket number quoted in the subject (only a verified sender's counts). */
  subjectNumber: number | null;
  /** The identity the email writes as. */
  identity: string;
  /** Ingest's keys for the conversation the email most likely joins; null when it can never become a message. */
  guess: IngestKeys | null;
  /** A signed webhook's one-time key: taken in the same batch (`fresh` says whether it was unused). */
  replay?: { key: string; expiresAt: string; nonce: string; now: string };
}

/** Where each candidate conversation's ingest reads are, to hand to `ingest`. */
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
  return {
    /** Every read of one email, in one round trip. */
    async read(q: EmailIntakeQuery): Promise<EmailIntakeState> {
      const reads = inboundEmailReads(db, q);
      const viaThread = (conversation: ConversationLookup) =>
        ingestReadStatements(db, {
          channel: "email",
          providerMessageId: q.messageIdHeader,
          conversation,
          sender: { externalId: q.identity },
        });
      const { guess } = q;
      const batches = {
        likely: guess ? ingestReadStatements(db, guess) : [],
        plus: guess && q.replyToken ? viaThread({ byReplyToken: q.replyToken }) : [],
        subject:
          guess && q.subjectNumber !== null
            ? viaThread({ byNumberForSender: { number: q.subjectNumber, senderEmail: q.sender } })
            : [],
        // Over the flood limit, a verified sender's mail joins their active ticket instead of being held.
        active: guess && q.senderVerified ? viaThread({ activeOfAddress: q.sender }) : [],
      };
      const guard = q.replay ? replayGuardStatements(db, q.replay) : { statements: [], fresh: () => true };
      const results = await db.batch([
        ...guard.statements,
        ...reads.statements,
        ...batches.likely,
        ...batches.plus,
        ...batches.subject,
        ...batches.active,
      ]);
      let at = guard.statements.length;
      const take = (n: number) => {
        const slice = results.slice(at, at + n);
        at += n;
        return slice;
      };
      const pre = reads.stateFrom(take(reads.statements.length));
      // Keyed by the guess; `ingest` re-keys a lookup's reads to the conversation threading chose.
      const prefetch = (n: number): PrefetchedReads | null => {
        const slice = take(n);
        return guess && n ? { keys: guess, results: slice } : null;
      };
      const prefetched: EmailPrefetch = {
        likely: prefetch(batches.likely.length),
        plus: prefetch(batches.plus.length),
        subject: prefetch(batches.subject.length),
        active: prefetch(batches.active.length),
      };
      return { fresh: guard.fresh(results), pre, prefetched };
    },
    /** Gives a webhook signature back (nothing was stored), so the provider's retry is accepted. */
    releaseReplay: (args: { key: string; nonce: string }) => releaseReplayKey(db, args),
    /** Records an email that became no message (our own, a bounce, an auto-reply...). */
    record: (rec: InboundEmailRecord, now: string) => recordInboundEmail(db, rec, now),
    /** The outbound message a bounce answers, marked failed (and staff told). */
    async markBounced(args: { messageIdHeader: string; reason: string }) {
      const failed = await markBounced(db, args);
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
    },
    /**
     * Stores the email as a message with its inbound record in the message's own transaction;
     * `flagRedacted` when a part that is not the body held a secret.
     */
    async ingest(
      msg: Parameters<typeof ingestInbound>[1],
      opts: {
        prefetched: PrefetchedReads | undefined;
        record: (stored: { ticketId: string; messageId: string }) => InboundEmailRecord;
        flagRedacted: boolean;
        now: string;
      },
    ): Promise<IngestResult> {
      const result = await ingestInbound(deps, msg, {
        prefetched: opts.prefetched,
        alsoWrite: (s) => [
          { kind: "inbound_email", record: opts.record(s), now: opts.now },
          ...(opts.flagRedacted ? [{ kind: "flag_redacted" as const, messageId: s.messageId }] : []),
        ],
      });
      // Stored before (its record lost, or a concurrent redelivery won): make sure the record exists.
      if (result.outcome === "duplicate") await recordInboundEmail(db, opts.record(result), opts.now);
      return result;
    },
    /** An email held back by the flood limit, with a note staff see on the sender's active ticket. */
    async hold(rec: InboundEmailRecord, note: { id: string; ticketId: string; body: string } | null, now: string) {
      const statements = [inboundEmailRecordStatement(db, rec, now)];
      if (note) statements.push(ticketNoteStatement(db, { ...note, now }));
      await db.batch(statements);
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
