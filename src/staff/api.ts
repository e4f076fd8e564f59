/** The staff API under /api/staff: tickets, replies, notes, delivery retries, the live feed. */
import { Hono } from "hono";
import { AppError, ConflictError, NotFoundError, ValidationError } from "../core/errors";
import { newId } from "../core/ids";
import { canTransition, statusAfterStaffReply } from "../core/ticket";
import type { AppEnv } from "../env";
import { feedHub, publishFeedEvent } from "../pipeline/feed";
import { enqueueDelivery } from "../pipeline/outbox";
import { requeueFailed } from "../store/outbox";
import { getStaffUser } from "../store/staff";
import {
  getMessage,
  getTicket,
  getTicketWithMessages,
  insertStaffMessage,
  listTickets,
  patchTicket,
} from "../store/tickets";
import { parseJsonBody, parseQuery, validate } from "../validation";
import { adminApi } from "./admin";
import { requireStaff } from "./auth";
import { IdParam, ReplyBody, TicketListQuery, TicketPatchBody } from "./schemas";

/** Opaque keyset cursor: base64url of `[updatedAt, id]`. */
function encodeCursor(c: { updatedAt: string; id: string }): string {
  return btoa(JSON.stringify([c.updatedAt, c.id]))
    .replace(/\+/g, "-")
    .replace(/\//g, "_")
    .replace(/=+$/, "");
}

function decodeCursor(s: string): { updatedAt: string; id: string } {
  try {
    const [updatedAt, id] = JSON.parse(atob(s.replace(/-/g, "+").replace(/_/g, "/"))) as unknown[];
    if (typeof updatedAt === "string" && typeof id === "string" && !Number.isNaN(Date.parse(updatedAt))) {
      return { updatedAt, id };
    }
  } catch {
    // fall through
  }
  throw new ValidationError("The cursor is not valid", [
    { path: "cursor", message: "use nextCursor from a previous page" },
  ]);
}

/** The staff API. Every route needs a staff token; admin routes need the admin role. */
export function staffApi() {
  const api = new Hono<AppEnv>();
  api.use(requireStaff);

  api.get("/me", (c) => c.json({ staff: c.get("staff") }));

  api.get("/tickets", async (c) => {
    const q = parseQuery(c, TicketListQuery);
    const { tickets, next } = await listTickets(c.env.DB, {
      status: q.status,
      channel: q.channel,
      assignee: q.assignee === "me" ? c.get("staff").staffId : q.assignee,
      priority: q.priority,
      category: q.category,
      q: q.q,
      cursor: q.cursor ? decodeCursor(q.cursor) : undefined,
      limit: q.limit,
    });
    return c.json({ tickets, nextCursor: next ? encodeCursor(next) : null });
  });

  api.get("/tickets/:id", async (c) => {
    const found = await getTicketWithMessages(c.env.DB, { id: ticketId(c.req.param("id")) });
    if (!found) throw new NotFoundError("Ticket");
    return c.json({ ticket: found.ticket, messages: found.messages });
  });

  api.patch("/tickets/:id", async (c) => {
    const id = ticketId(c.req.param("id"));
    const patch = await parseJsonBody(c, TicketPatchBody);
    const ticket = await getTicket(c.env.DB, id);
    if (!ticket) throw new NotFoundError("Ticket");
    if (patch.status && !canTransition(ticket.status, patch.status)) {
      throw new ConflictError("invalid_transition", `A ${ticket.status} ticket cannot become ${patch.status}`);
    }
    if (patch.assigneeId) {
      const assignee = await getStaffUser(c.env.DB, patch.assigneeId);
      if (!assignee || assignee.disabled) {
        throw new ValidationError("Unknown assignee", [
          { path: "assigneeId", message: "no active staff user has this id" },
        ]);
      }
    }
    const now = new Date().toISOString();
    await patchTicket(c.env.DB, { ticketId: id, patch, actorId: c.get("staff").staffId, auditId: newId("aud"), now });
    const updated = await getTicket(c.env.DB, id);
    c.executionCtx.waitUntil(
      publishFeedEvent(c.env, { type: "ticket.updated", ticketId: id, changes: Object.keys(patch) }),
    );
    return c.json({ ticket: updated });
  });

  for (const kind of ["replies", "notes"] as const) {
    api.post(`/tickets/:id/${kind}`, async (c) => {
      const id = ticketId(c.req.param("id"));
      const { body } = await parseJsonBody(c, ReplyBody);
      const ticket = await getTicket(c.env.DB, id);
      if (!ticket) throw new NotFoundError("Ticket");
      const isReply = kind === "replies";
      if (isReply && ticket.status === "closed") {
        throw new ConflictError("ticket_closed", "This ticket is closed; the customer can no longer be answered on it");
      }
      const message = await insertStaffMessage(c.env.DB, {
        kind: isReply ? "reply" : "note",
        messageId: newId("msg"),
        ticketId: id,
        channel: ticket.channel,
        body,
        staffId: c.get("staff").staffId,
        nextStatus: isReply ? statusAfterStaffReply(ticket.status) : null,
        auditId: newId("aud"),
        now: new Date().toISOString(),
      });
      if (isReply) await enqueueDelivery(c.env, message.id);
      c.executionCtx.waitUntil(
        publishFeedEvent(c.env, {
          type: "message.created",
          ticketId: id,
          messageId: message.id,
          direction: message.direction,
        }),
      );
      return c.json({ message }, 201);
    });
  }

  api.post("/messages/:id/retry", async (c) => {
    const id = validate(IdParam, c.req.param("id"));
    const requeued = await requeueFailed(c.env.DB, {
      messageId: id,
      actorId: c.get("staff").staffId,
      auditId: newId("aud"),
      now: new Date().toISOString(),
    });
    if (!requeued) {
      const existing = await getMessage(c.env.DB, id);
      if (!existing) throw new NotFoundError("Message");
      throw new ConflictError("not_failed", "Only a failed outbound message can be retried");
    }
    await enqueueDelivery(c.env, id);
    return c.json({ message: await getMessage(c.env.DB, id) }, 202);
  });

  api.get("/feed", async (c) => {
    if (c.req.header("Upgrade")?.toLowerCase() !== "websocket") {
      throw new AppError(400, "upgrade_required", "Connect with a WebSocket upgrade");
    }
    return feedHub(c.env).fetch(c.req.raw);
  });

  api.route("/", adminApi());
  return api;
}

/** Validates a ticket id path parameter; a malformed id is simply not found. */
function ticketId(raw: string): string {
  if (!IdParam.safeParse(raw).success) throw new NotFoundError("Ticket");
  return raw;
}
