/** zod schemas of the staff API's bodies and queries. */
import * as z from "zod";
import { normalizeEmail } from "../core/email-claims";
import { CHANNELS, LANGUAGES } from "../core/inbound";
import { STAFF_ROLES } from "../core/staff";
import { CATEGORIES, PRIORITIES, TICKET_STATUSES } from "../core/ticket";
import { MAX_QUERY_CHARS, TICKET_VIEWS } from "../store/ticket-list";

const id = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[a-z]{2,4}_[a-z0-9]+$/, "not a valid id");

export const TicketListQuery = z
  .object({
    view: z.enum(TICKET_VIEWS).optional(),
    status: z.enum(TICKET_STATUSES).optional(),
    channel: z.enum(CHANNELS).optional(),
    assignee: z.union([z.literal("me"), z.literal("none"), id]).optional(),
    priority: z.enum(PRIORITIES).optional(),
    category: z.enum(CATEGORIES).optional(),
    // A tag as PATCH stores it (trimmed, 1..40 characters); matched exactly.
    tag: z.string().trim().min(1).max(40).optional(),
    // Any text is a valid search (FTS5 syntax in it is plain text); only its first MAX_QUERY_CHARS characters count.
    q: z
      .string()
      .optional()
      .transform((v) => [...(v ?? "").trim()].slice(0, MAX_QUERY_CHARS).join("").trim() || undefined),
    cursor: z.string().max(300).optional(),
    limit: z.coerce.number().int().min(1).max(100).default(50),
  })
  .strict();

/** Uploads (`POST /tickets/:id/uploads`) a reply or note carries, in order; no id twice. */
const attachmentIds = z
  .array(id)
  .max(20)
  .refine((ids) => new Set(ids).size === ids.length, "an attachment id is given twice")
  .optional();

/** With files attached the text may be empty; without, it may not. */
const textOrFiles = (b: { body: string; attachmentIds?: string[] | undefined }) =>
  b.body.length > 0 || (b.attachmentIds?.length ?? 0) > 0;
const EMPTY = { message: "body must not be empty", path: ["body"] };
const optionalBody = z.string().trim().max(10_000).default("");

/** A staff reply; `replyToMessageId` picks the customer message it answers (default: the latest one). */
export const ReplyBody = z
  .object({ body: optionalBody, replyToMessageId: id.optional(), conversationId: id.optional(), attachmentIds })
  .strict()
  .refine(textOrFiles, EMPTY);

export const NoteBody = z.object({ body: optionalBody, attachmentIds }).strict().refine(textOrFiles, EMPTY);

export const TicketPatchBody = z
  .object({
    status: z.enum(TICKET_STATUSES).optional(),
    priority: z.enum(PRIORITIES).optional(),
    category: z.enum(CATEGORIES).optional(),
    assigneeId: id.nullable().optional(),
    tags: z
      .array(z.string().trim().min(1).max(40))
      .max(20)
      .transform((tags) => [...new Set(tags)])
      .optional(),
    /** Yes to resolving a ticket nobody on staff has answered (its customer gets a rating request). */
    confirm: z.boolean().optional(),
  })
  .strict()
  .refine(
    (p) => Object.keys(p).some((k) => k !== "confirm"),
    "give at least one of status, priority, category, assigneeId, tags",
  );

/**
 * A staff member's email, folded as sign-in folds it (src/staff/access.ts) and every address is compared:
 * ASCII letters lowercased, nothing else (normalizeEmail). ASCII only: JavaScript's toLowerCase() turned the
 * KELVIN SIGN into "k" (`\u212Aate@` became `kate@`, another person's account, whom Access then let in), and
 * sign-in keeps such letters as they are, so a staff address holding one could never sign in as stored.
 */
export const StaffEmail = z
  .string()
  .trim()
  .max(254)
  .regex(/^[\x21-\x7e]+$/, "a staff email is ASCII letters, digits and punctuation only")
  .transform(normalizeEmail)
  .pipe(z.email());

export const StaffUserCreateBody = z
  .object({
    name: z.string().trim().min(1).max(100),
    email: StaffEmail.optional(),
    role: z.enum(STAFF_ROLES).default("agent"),
  })
  .strict();

export const StaffUserPatchBody = z
  .object({
    name: z.string().trim().min(1).max(100).optional(),
    role: z.enum(STAFF_ROLES).optional(),
    disabled: z.boolean().optional(),
  })
  .strict()
  .refine((p) => Object.keys(p).length > 0, "give at least one of name, role, disabled");

export const TokenCreateBody = z.object({ name: z.string().trim().min(1).max(100).default("API token") }).strict();

export const IdParam = id;

/** `confirmDifferentCustomers`: an admin's explicit yes to merging two different customers' tickets. */
export const MergeBody = z.object({ intoId: id, confirmDifferentCustomers: z.boolean().optional() }).strict();

export const CannedCreateBody = z
  .object({
    title: z.string().trim().min(1).max(100),
    body: z.string().trim().min(1).max(10_000),
    language: z.enum(LANGUAGES).default("en"),
  })
  .strict();

export const CannedListQuery = z.object({ language: z.enum(LANGUAGES).optional() }).strict();
