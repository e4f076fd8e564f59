/** What the ops features add to the staff API's ticket: its CSAT rating, its SLA state, and the rating request on resolve. */
import type { Context } from "hono";
import type { AppEnv } from "../env";
import { requestCsat } from "../pipeline/csat";
import { type CsatRecord, getCsat } from "../store/csat";
import { getTicketSla, type TicketSla } from "../store/sla";

/** `csat` (null until asked) and `sla` (due times and breaches) of a ticket. */
export async function ticketOpsFields(
  db: D1Database,
  ticketId: string,
): Promise<{ csat: CsatRecord | null; sla: TicketSla | null }> {
  const [csat, sla] = await Promise.all([getCsat(db, ticketId), getTicketSla(db, ticketId)]);
  return { csat, sla };
}

/** Asks the customer of a just-resolved ticket for a rating (src/pipeline/csat.ts; once per ticket). */
export async function askForRating(c: Context<AppEnv>, ticketId: string): Promise<void> {
  await requestCsat(
    {
      env: c.env,
      publicUrl: c.get("config").publicUrl || new URL(c.req.url).origin,
      waitUntil: (p) => c.executionCtx.waitUntil(p),
    },
    ticketId,
  );
}
