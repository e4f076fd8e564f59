/**
 * Staff API for hot and cold: the admins' setting (GET/PUT /api/staff/archive), an archived ticket opened
 * from its R2 document, and the restore that staff writes to an archived ticket run first.
 */
import type { Context, MiddlewareHandler } from "hono";
import { Hono } from "hono";
import * as z from "zod";
import { DEFAULT_ARCHIVE_DAYS } from "../core/archive";
import { newId } from "../core/ids";
import type { Message } from "../core/ticket";
import type { AppEnv } from "../env";
import { openArchivedMessages, restoreTicket } from "../pipeline/archive-restore";
import { getArchiveSettings, putArchiveSettings } from "../store/archive-settings";
import { jsonBody } from "../web/validate";
import { requireAdmin } from "./auth";
import { IdParam } from "./schemas";

const ArchiveBody = z
  .object({
    enabled: z.boolean(),
    /** Days a ticket stays closed in D1 before its messages move to R2. */
    closedDays: z.number().int().min(1).max(3650).default(DEFAULT_ARCHIVE_DAYS),
  })
  .strict();

export function archiveApi() {
  return new Hono<AppEnv>()
    .use("/archive", requireAdmin)
    .get("/archive", async (c) => c.json({ archive: await getArchiveSettings(c.env.DB) }))
    .put("/archive", jsonBody(ArchiveBody), async (c) => {
      const body = c.req.valid("json");
      const archive = await putArchiveSettings(c.env.DB, {
        enabled: body.enabled,
        closedDays: body.closedDays,
        actorId: c.get("staff").staffId,
        auditId: newId("aud"),
        now: new Date().toISOString(),
      });
      return c.json({ archive });
    });
}

/** Before a staff write to a ticket (`:id`): an archived ticket's rows come back first. */
export const restoreArchived: MiddlewareHandler<AppEnv> = async (c, next) => {
  const id = c.req.param("id");
  // Writes go to the primary even inside the request's read session.
  if (id && IdParam.safeParse(id).success) await restoreTicket(c.env, id);
  // A merge's other ticket too.
  const into = (c.req.valid as (t: "json") => unknown)("json") as { intoId?: unknown } | undefined;
  if (typeof into?.intoId === "string" && IdParam.safeParse(into.intoId).success)
    await restoreTicket(c.env, into.intoId);
  await next();
};

/**
 * The pieces of an opened ticket that an archived one takes from its document: its messages and the
 * rows the crypto panel reads (entities, CSAT, edits, redaction kinds) in the panel's positions.
 */
export async function archivedTicketParts(
  c: Context<AppEnv>,
  ticketId: string,
  extra: D1Result[],
): Promise<{ messages: Message[]; extra: D1Result[] }> {
  const { messages, doc } = await openArchivedMessages(c.env, ticketId);
  const rows = <T>(results: T[]) => ({ results, success: true, meta: {} }) as unknown as D1Result;
  const next = [...extra];
  // src/store/crypto-panel.ts: [own entities, linked tickets, csat, edits, incidents, redacted kinds, ...].
  next[0] = rows(doc.tables.ticket_entities);
  next[3] = rows(doc.tables.message_edits);
  next[5] = rows(
    doc.tables.messages.filter((m) => m.redacted_kinds).map((m) => ({ id: m.id, redacted_kinds: m.redacted_kinds })),
  );
  return { messages, extra: next };
}
