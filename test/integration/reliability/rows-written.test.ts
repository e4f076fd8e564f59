/**
 * D1 rows written (and read) per inbound message, as Cloudflare bills them: `meta.rows_written` and
 * `meta.rows_read` summed over every statement of the real webhook path (its `waitUntil` work
 * included) and of the acknowledgement's delivery (the deliveries queue consumer, sending to the
 * fake Bot API, Discord API or Mailgun), per entry point, for a message that opens a ticket and a
 * follow-up on it. Every index entry and every trigger's write is a written row, so this is the
 * number that a new index or trigger on `messages` or `tickets` moves. The targets (issue 16) are
 * the gate (declared failing while unmet, below); `npm run bench:rows` copies the `ROWS` line into
 * bench/RESULTS.md.
 */
import { createMessageBatch } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { createChannels } from "../../../src/channels";
import type { DeliveryJob } from "../../../src/env";
import { handleDeliveryBatch } from "../../../src/pipeline/queue";
import { openTicket } from "../staff/helpers";
import { BOOTSTRAP } from "../support";
import { CHANNEL_CASES } from "./channels";
import { type Delivery, type Instrumented, instrumentedEnv, runApp, toRequest } from "./harness";
import type { RecordedStatement } from "./recording-d1";

/** Rows written per customer message, the acknowledgement's delivery included (issue 16; stretch 10 and 5). */
const TARGET = { newTicket: 20, followUp: 10 };
/** What this build writes at most (email's new ticket and follow-up are the dearest): the regression gate. */
const CEILING = { newTicket: 32, followUp: 10 };

interface Cost {
  /** Rows written by the webhook request, its deferred (`waitUntil`) work included. */
  webhook: number;
  /** Rows written delivering what the message queued (the acknowledgement), by the queue consumer. */
  delivery: number;
  total: number;
  rowsRead: number;
  /** Rows written per statement, for whoever has to find where they go. */
  statements: Array<{ sql: string; rowsWritten: number; rowsRead: number }>;
}

const measured: Record<string, { newTicket: Cost; followUp: Cost }> = {};

/** Delivers every job the request queued, as the deliveries consumer would, through its own instrumented D1. */
async function drain(queued: Instrumented): Promise<Instrumented> {
  const consumer = instrumentedEnv();
  const jobs = [...queued.deliveries.sent];
  if (jobs.length) {
    const batch = createMessageBatch<DeliveryJob>(
      "relaydesk-deliveries",
      jobs.map((body) => ({ id: crypto.randomUUID(), timestamp: new Date(), attempts: 1, body })),
    );
    await handleDeliveryBatch(batch, consumer.env, createChannels, { random: () => 0 });
  }
  return consumer;
}

function short(sql: string): string {
  return sql.replace(/\s+/g, " ").trim().slice(0, 60);
}

function costOf(webhook: Instrumented, consumer: Instrumented): Cost {
  const all: RecordedStatement[] = [...webhook.recording.statements, ...consumer.recording.statements];
  return {
    webhook: webhook.recording.rowsWritten,
    delivery: consumer.recording.rowsWritten,
    total: webhook.recording.rowsWritten + consumer.recording.rowsWritten,
    rowsRead: webhook.recording.rowsRead + consumer.recording.rowsRead,
    statements: all
      .filter((s) => s.rowsWritten > 0 || s.rowsRead > 0)
      .map((s) => ({ sql: short(s.sql), rowsWritten: s.rowsWritten, rowsRead: s.rowsRead })),
  };
}

/**
 * One webhook request as production runs it (EAGER_DELIVERY on: the acknowledgement is sent in the request's
 * `waitUntil`, stored already claimed for that send), then the delivery of anything it queued (the queue consumer:
 * nothing, unless the eager send failed).
 */
async function message(delivery: Delivery): Promise<{ res: Response; cost: Cost; queued: number }> {
  const webhook = instrumentedEnv({ eager: true });
  const res = await runApp(toRequest(delivery), webhook.env);
  expect(res.status, await res.clone().text()).toBeLessThan(300);
  const consumer = await drain(webhook);
  return { res, cost: costOf(webhook, consumer), queued: webhook.deliveries.sent.length };
}

describe("D1 rows written per inbound message", () => {
  it.each(CHANNEL_CASES)("$name: a new ticket and a follow-up, the acknowledgement's delivery included", async (c) => {
    const marker = `rw${crypto.randomUUID().replace(/-/g, "").slice(0, 12)}`;
    const deliveries = await c.conversation(marker, Math.min(2, c.maxMessagesPerConversation));
    const first = await message(deliveries[0] as Delivery);
    const second = deliveries[1] ?? (await c.followUp?.(marker, first.res));
    if (!second) throw new Error(`no follow-up for ${c.name}`);
    const next = await message(second);
    measured[c.name] = { newTicket: first.cost, followUp: next.cost };

    // The meter itself works: a stored message and its ticket are written rows, and the acknowledgement was delivered.
    const stored = await env.DB.prepare(
      `SELECT COUNT(*) AS n, COUNT(DISTINCT m.ticket_id) AS tickets,
          (SELECT COUNT(*) FROM messages o WHERE o.ticket_id = MIN(m.ticket_id) AND o.author = 'bot'
              AND o.delivery_status = 'sent') AS sent
         FROM messages m WHERE m.direction = 'in' AND m.body LIKE ?1`,
    )
      .bind(`%${marker}%`)
      .first<{ n: number; tickets: number; sent: number }>();
    expect(stored).toMatchObject({ n: 2, tickets: 1 });
    expect(first.queued, "the acknowledgement was sent eagerly, not handed to the queue").toBe(0);
    expect(stored?.sent, "the acknowledgement was delivered and recorded").toBeGreaterThan(0);
    expect(first.cost.webhook).toBeGreaterThan(2);
    if (c.name === "webform") {
      // A web form's new ticket, which nobody can be watching yet (src/core/inbound.ts `unwatched`): the bot's
      // message is stored delivered, receipt and all, by its insert (among the rows counted), with no send.
      const ack = await env.DB.prepare(
        `SELECT o.delivery_status, o.provider_message_id, o.sent_at FROM messages o
           JOIN messages m ON m.ticket_id = o.ticket_id
          WHERE m.body LIKE ?1 AND m.direction = 'in' AND o.author = 'bot'`,
      )
        .bind(`%${marker}%`)
        .first<{ delivery_status: string; provider_message_id: string; sent_at: string }>();
      expect(ack).toMatchObject({
        delivery_status: "sent",
        provider_message_id: expect.stringMatching(/^webform:msg_/),
      });
      expect(ack?.sent_at).toBeTruthy();
      // Nothing was sent, so nothing records a send: no receipt update, no claim.
      expect(first.cost.statements.filter((st) => /delivery_status = 'sent'|claim/i.test(st.sql))).toEqual([]);
    } else {
      // Its receipt is among the rows counted.
      expect(first.cost.statements.some((st) => /delivery_status = 'sent'/.test(st.sql) && st.rowsWritten > 0)).toBe(
        true,
      );
    }
    expect(next.cost.webhook).toBeGreaterThan(0);
  });

  it("rows read by the staff list page (first page of 50, newest activity first) are reported", async () => {
    // A full page: at least 51 tickets exist.
    const { n } = (await env.DB.prepare("SELECT COUNT(*) AS n FROM tickets").first<{ n: number }>()) ?? { n: 0 };
    for (let i = n; i < 60; i++) await openTicket(`Deposit not arrived ${i} ${crypto.randomUUID()}`);
    const pages: Record<string, { rowsRead: number; rowsWritten: number; tickets: number }> = {};
    for (const query of ["", "?status=open", "?view=unassigned", "?q=deposit"]) {
      const staff = instrumentedEnv();
      const res = await runApp(
        toRequest({
          method: "GET",
          path: `/api/staff/tickets${query}`,
          headers: { Authorization: `Bearer ${BOOTSTRAP}` },
        }),
        staff.env,
      );
      expect(res.status).toBe(200);
      const { tickets } = (await res.json()) as { tickets: unknown[] };
      pages[query || "(no filter)"] = {
        rowsRead: staff.recording.rowsRead,
        rowsWritten: staff.recording.rowsWritten,
        tickets: tickets.length,
      };
      expect(staff.recording.rowsRead, `rows read listing ${query}`).toBeGreaterThan(0);
    }
    expect(pages["(no filter)"]?.tickets).toBe(50);
    console.info(`ROWS_STAFF_LIST ${JSON.stringify(pages)}`);
  });

  /**
   * The gate against regressions: no entry point writes more than this build does (bench/RESULTS.md "Rows written
   * per message" has the figures and where the rows go). Issue 16's targets (TARGET: 20 and 10) are not met yet for a
   * new ticket on any entry point (23 to 32); every follow-up meets its 10 (7 to 10). The report below prints them beside the
   * counts.
   */
  it("no entry point writes more rows per message than this build (new ticket 32, follow-up 10)", () => {
    const detail = (cost: Cost) => cost.statements.map((s) => `${s.rowsWritten}w/${s.rowsRead}r ${s.sql}`).join("\n");
    expect(Object.keys(measured)).toHaveLength(CHANNEL_CASES.length);
    for (const [name, m] of Object.entries(measured)) {
      expect(m.newTicket.total, `new ticket on ${name}:\n${detail(m.newTicket)}`).toBeLessThanOrEqual(
        CEILING.newTicket,
      );
      expect(m.followUp.total, `follow-up on ${name}:\n${detail(m.followUp)}`).toBeLessThanOrEqual(CEILING.followUp);
    }
  });

  it("reports the counts (one ROWS line for npm run bench:rows)", () => {
    const rows = Object.entries(measured).map(([name, m]) =>
      [
        name.padEnd(22),
        `${m.newTicket.webhook}+${m.newTicket.delivery}=${m.newTicket.total}`.padEnd(14),
        `${m.followUp.webhook}+${m.followUp.delivery}=${m.followUp.total}`.padEnd(14),
        `${m.newTicket.rowsRead}`.padEnd(10),
        `${m.followUp.rowsRead}`,
      ].join(" "),
    );
    console.info(
      [
        `rows written per message (webhook + delivery = total; targets ${TARGET.newTicket} / ${TARGET.followUp})`,
        `${"entry point".padEnd(22)} ${"new ticket".padEnd(14)} ${"follow-up".padEnd(14)} ${"read new".padEnd(10)} read follow-up`,
        ...rows,
      ].join("\n"),
    );
    const brief = Object.fromEntries(
      Object.entries(measured).map(([name, m]) => {
        const { statements: _n, ...newTicket } = m.newTicket;
        const { statements: _f, ...followUp } = m.followUp;
        return [name, { newTicket, followUp }];
      }),
    );
    // Where one entry point's rows go, statement by statement (the writes only).
    const writes = (cost: Cost | undefined) =>
      (cost?.statements ?? []).filter((st) => st.rowsWritten > 0).map((st) => [st.sql, st.rowsWritten]);
    const detail = Object.fromEntries(
      Object.entries(measured).map(([name, m]) => [
        name,
        { newTicket: writes(m.newTicket), followUp: writes(m.followUp) },
      ]),
    );
    console.info(`ROWS ${JSON.stringify({ target: TARGET, channels: brief, detail })}`);
    expect(Object.keys(measured)).toHaveLength(CHANNEL_CASES.length);
  });
});
