/**
 * `POST /tickets/bulk`: one action (assign, status, tags, merge) on up to 100 tickets, by the rules of
 * the single-ticket routes, all or nothing, with an audit row per ticket and feed events for every tab.
 */
import { Hono } from "hono";
import * as z from "zod";
import { BULK_MAX_TICKETS, type BulkPlan, type BulkTarget, MAX_TICKET_TAGS, planBulk } from "../core/bulk";
import { AppError, ConflictError, ForbiddenError, ValidationError } from "../core/errors";
import { newId } from "../core/ids";
import { TICKET_STATUSES, type TicketStatus } from "../core/ticket";
import type { AppEnv } from "../env";
import { restoreArchivedAmong } from "../pipeline/archive-restore";
import { pushTicketFrame } from "../pipeline/chat-push";
import { publishFeedEvent } from "../pipeline/feed";
import { applyBulkMerge, applyBulkUpdate, readBulkTargets } from "../store/bulk";
import { jsonBody } from "../web/validate";
import { IdParam } from "./schemas";
import { unprovenSenderError } from "./ticket-actions";
import { askForRating } from "./ticket-fields";

/** Tags as PATCH takes them: trimmed, 1..40 characters, at most 20 at once, repeats dropped. */
const Tags = z
  .array(z.string().trim().min(1).max(40))
  .max(MAX_TICKET_TAGS)
  .transform((tags) => [...new Set(tags)]);

export const BulkBody = z
  .object({
    ticketIds: z
      .array(IdParam)
      .min(1)
      .max(BULK_MAX_TICKETS)
      .refine((ids) => new Set(ids).size === ids.length, "ticketIds must not repeat an id"),
    action: z.discriminatedUnion("type", [
      z.object({ type: z.literal("assign"), staffId: IdParam.nullable() }).strict(),
      z.object({ type: z.literal("status"), status: z.enum(TICKET_STATUSES) }).strict(),
      z.object({ type: z.literal("tag"), add: Tags.optional(), remove: Tags.optional() }).strict(),
      // `confirmDifferentCustomers`: as on the single merge, an admin's explicit yes.
      z
        .object({
          type: z.literal("merge"),
          intoTicketId: IdParam,
          confirmDifferentCustomers: z.boolean().optional(),
        })
        .strict(),
    ]),
    /** Yes to resolving tickets nobody on staff has answered (their customers get a rating request). */
    confirm: z.boolean().optional(),
  })
  .strict()
  .superRefine((b, ctx) => {
    if (b.action.type === "tag" && !b.action.add?.length && !b.action.remove?.length) {
      ctx.addIssue({ code: "custom", path: ["action"], message: "give tags to add or to remove" });
    }
  });

/** The ticket fields a bulk answer reports, as they are after the change. */
interface BulkResultTicket {
  id: string;
  number: string;
  status: TicketStatus;
  assigneeId: string | null;
  tags: string[];
  mergedIntoId: string | null;
}

export function bulkApi() {
  return new Hono<AppEnv>().post("/tickets/bulk", jsonBody(BulkBody), async (c) => {
    const { ticketIds, action, confirm } = c.req.valid("json");
    const staff = c.get("staff");
    const merging = action.type === "merge" ? action : null;
    // Joining two customers' tickets is an admin's decision, in bulk as singly.
    if (merging?.confirmDifferentCustomers && staff.role !== "admin") {
      throw new ForbiddenError("Only an admin can merge tickets of different customers");
    }
    const ids = merging && !ticketIds.includes(merging.intoTicketId) ? [...ticketIds, merging.intoTicketId] : ticketIds;
    if (merging && ids.length < 2) throw new ConflictError("merge_into_self", "A ticket cannot be merged into itself");
    const db = c.env.DB;
    const input = { ids, action, merging, confirm, role: staff.role };
    let { targets, plan } = await planned(db, input);
    // The action will apply: an archived ticket's rows come back first, as before a single write (src/staff/archive.ts
    // restoreArchived), so a merge moves every message and the ticket is live again. A refused request restores none.
    // A merge is planned again on the restored rows: whose mail a ticket holds is read from its messages, in R2 till now.
    if ((await restoreArchivedAmong(c.env, ids)) && merging) ({ targets, plan } = await planned(db, input));
    const now = new Date().toISOString();
    const byId = new Map(targets.map((t) => [t.id, t]));
    let result: BulkResultTicket[];
    let applied: boolean;
    if (plan.kind === "merge") {
      const different = new Set(plan.sourceIds.filter((id) => !byId.get(id)?.sameCustomerAsTarget));
      const unproven = new Set(plan.sourceIds.filter((id) => byId.get(id)?.unprovenWithTarget));
      applied = await applyBulkMerge(db, {
        seen: targets,
        intoId: plan.intoId,
        sourceIds: plan.sourceIds,
        differentCustomers: different,
        unprovenSenders: unproven,
        actorId: staff.staffId,
        auditIds: plan.sourceIds.flatMap(() => [newId("aud"), newId("aud")]),
        now,
      });
      const sources = new Set(plan.sourceIds);
      result = targets
        .filter((t) => sources.has(t.id))
        .map((t) => ({ ...resultOf(t), status: "closed", mergedIntoId: plan.intoId }));
    } else {
      applied = await applyBulkUpdate(db, {
        seen: targets,
        changes: plan.changes,
        detail: detailOf(action),
        actorId: staff.staffId,
        auditIds: plan.changes.map(() => newId("aud")),
        now,
      });
      const changes = new Map(plan.changes.map((ch) => [ch.id, ch]));
      result = targets.map((t) => ({ ...resultOf(t), ...changes.get(t.id) }));
    }
    if (!applied) {
      throw new ConflictError(
        "changed_meanwhile",
        "Some of these tickets changed meanwhile; nothing was changed. Try again.",
      );
    }
    // Resolving asks each customer for a rating, once per ticket, as a single resolve does.
    if (action.type === "status" && action.status === "resolved") {
      const asked = targets.filter((t) => t.status !== "resolved").map((t) => askForRating(c, t.id));
      await Promise.all(asked);
    }
    c.executionCtx.waitUntil(publishBulkEvents(c.env, action.type, result, merging?.intoTicketId, staff.staffId));
    // Web tickets' open chats see their new status, as after a single change (other channels are skipped).
    if (action.type === "status" || action.type === "merge") {
      c.executionCtx.waitUntil(Promise.all(result.map((t) => pushTicketFrame(c.env, t.id))).then(() => undefined));
    }
    return c.json({ tickets: result, intoTicketId: merging?.intoTicketId ?? null });
  });
}

/**
 * The chosen tickets as they are now and the plan of the action over them; throws the answer when the request is
 * refused (a ticket missing, an unknown assignee, an ineligible ticket, a resolve to confirm).
 */
async function planned(
  db: D1Database,
  a: {
    ids: string[];
    action: z.output<typeof BulkBody>["action"];
    merging: { intoTicketId: string; confirmDifferentCustomers?: boolean | undefined } | null;
    confirm: boolean | undefined;
    role: string;
  },
): Promise<{ targets: BulkTarget[]; plan: Extract<BulkPlan, { kind: "merge" | "update" }> }> {
  const { ids, action, merging } = a;
  const { targets, assigneeActive } = await readBulkTargets(db, {
    ids,
    intoId: merging?.intoTicketId,
    assigneeId: action.type === "assign" ? action.staffId : null,
  });
  const found = new Set(targets.map((t) => t.id));
  const missing = ids.filter((id) => !found.has(id));
  if (missing.length) {
    throw new AppError(404, "not_found", `${missing.length} of these tickets were not found`, { missing });
  }
  if (action.type === "assign" && action.staffId && !assigneeActive) {
    throw new ValidationError("Unknown assignee", [
      { path: "action.staffId", message: "no active staff user has this id" },
    ]);
  }
  const plan = planBulk(action, targets, {
    confirmed: a.confirm === true,
    differentCustomersAllowed: merging?.confirmDifferentCustomers === true,
  });
  if (plan.kind === "refused") {
    // Tickets nothing proves are one person's: an admin's decision, as on the single merge (403 for an agent).
    const unproven = plan.ineligible.filter((t) => t.reason === "unproven_sender");
    if (unproven.length && a.role !== "admin") throw unprovenSenderError(a.role, unproven);
    throw new AppError(
      409,
      "ineligible",
      `${plan.ineligible.length} of these tickets cannot take this action; nothing was changed`,
      { tickets: plan.ineligible },
    );
  }
  if (plan.kind === "needs_confirmation") {
    throw new AppError(
      409,
      "needs_confirmation",
      `${plan.unanswered.length} of these tickets have no staff reply yet; resolving asks their customers for a rating. ` +
        "Send confirm: true to resolve them anyway.",
      { tickets: plan.unanswered },
    );
  }
  return { targets, plan };
}

function resultOf(t: BulkTarget): BulkResultTicket {
  return {
    id: t.id,
    number: t.number,
    status: t.status,
    assigneeId: t.assigneeId,
    tags: t.tags,
    mergedIntoId: t.mergedIntoId,
  };
}

function detailOf(action: z.output<typeof BulkBody>["action"]): Record<string, unknown> {
  if (action.type === "assign") return { assigneeId: action.staffId };
  if (action.type === "status") return { status: action.status };
  if (action.type === "tag") return { addTags: action.add ?? [], removeTags: action.remove ?? [] };
  return {};
}

/** The same events the single routes send, one per ticket, so every tab's list follows. */
async function publishBulkEvents(
  env: AppEnv["Bindings"],
  type: string,
  tickets: BulkResultTicket[],
  intoId: string | undefined,
  actorId: string,
): Promise<void> {
  for (const t of tickets) {
    if (type === "merge" && intoId) {
      await publishFeedEvent(env, { type: "ticket.merged", ticketId: t.id, intoId, actorId });
      await publishFeedEvent(env, {
        type: "ticket.updated",
        ticketId: t.id,
        changes: ["status", "mergedIntoId"],
        status: "closed",
        mergedIntoId: intoId,
        actorId,
      });
      continue;
    }
    await publishFeedEvent(env, {
      type: "ticket.updated",
      ticketId: t.id,
      changes: type === "assign" ? ["assigneeId"] : type === "status" ? ["status"] : ["tags"],
      status: t.status,
      assigneeId: t.assigneeId,
      actorId,
    });
  }
  if (type === "merge" && intoId) {
    await publishFeedEvent(env, {
      type: "ticket.updated",
      ticketId: intoId,
      changes: ["messages", "mergedFrom"],
      actorId,
    });
  }
}
