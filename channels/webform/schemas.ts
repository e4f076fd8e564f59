/** zod schemas of what the web form and the customer reply form accept. */
import * as z from "zod";
import { LANGUAGES } from "../../src/core/inbound";
import { redactSecrets } from "../../src/core/redact";
import { storableId } from "../../src/core/redact-ids";
import { CATEGORIES } from "../../src/core/ticket";

/** Browsers send blank inputs as "": treat them as not given. */
const blankToUndefined = (v: unknown) => (typeof v === "string" && v.trim() === "" ? undefined : v);
const optionalText = (max: number) => z.preprocess(blankToUndefined, z.string().trim().max(max).optional());

/** What a double click or a resubmitted page repeats, so it makes one ticket. */
export const IdempotencyKey = z
  .string()
  .regex(/^[A-Za-z0-9_-]{8,100}$/, "8 to 100 characters of A-Z a-z 0-9 _ -")
  // Stored as a dedupe key: one holding a secret is kept as its hash (src/core/redact-ids.ts).
  .transform(storableId);

/** A new ticket from the form page or an API client. */
export const TicketSubmission = z.object({
  // The address is kept to answer to, so one holding a secret (`word.word.…@host`) is refused, never stored.
  email: z
    .string()
    .trim()
    .max(254)
    .pipe(z.email())
    .refine((v) => redactSecrets(v).kinds.length === 0, "An email address, not a recovery phrase or a key"),
  name: optionalText(100),
  category: z.preprocess(blankToUndefined, z.enum(CATEGORIES).default("other")),
  subject: z.string().trim().min(1).max(200),
  description: z.string().trim().min(1).max(20_000),
  uid: optionalText(64),
  txid: optionalText(128),
  lang: z.preprocess(blankToUndefined, z.enum(LANGUAGES).optional()),
  idempotencyKey: z.preprocess(blankToUndefined, IdempotencyKey.optional()),
  /** The honeypot: people never see it, bots fill it in. */
  website: z.preprocess(blankToUndefined, z.string().optional()),
  "cf-turnstile-response": z.preprocess(blankToUndefined, z.string().max(4096).optional()),
});
export type TicketSubmission = z.infer<typeof TicketSubmission>;

/** A customer's message on their ticket page. */
export const ReplySubmission = z.object({
  body: z.string().trim().min(1).max(20_000),
  idempotencyKey: z.preprocess(blankToUndefined, IdempotencyKey.optional()),
});
export type ReplySubmission = z.infer<typeof ReplySubmission>;

/** The secret of a `/t/:token` link: checked before any lookup, so junk never reaches D1. */
export const ACCESS_TOKEN = /^[A-Za-z0-9_-]{20,100}$/;
