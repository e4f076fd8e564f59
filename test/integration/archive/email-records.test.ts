/**
 * An email's record is unique per Message-ID AND sender (migrations/0027): archiving and restoring a
 * customer's ticket gives the restored message back to the customer's own record, never to another
 * sender's record that carries the same Message-ID (its original would then show as the customer's).
 */
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { archiveTicket } from "../../../src/pipeline/archive";
import { restoreTicket } from "../../../src/pipeline/archive-restore";
import { receive } from "../channels/email/harness";
import { BOOTSTRAP, call, closeLongAgo, randomHex } from "./helpers";

const iso = (ms = 0) => new Date(Date.now() + ms).toISOString();

describe("archiving an email ticket whose Message-ID another sender also used", { timeout: 60_000 }, () => {
  it("restores the message to the customer's record only", async () => {
    const victim = `v${randomHex(8)}@bank-${randomHex(4)}.test`;
    const messageId = `<${randomHex(12)}@bank.test>`;
    const raw = [
      `From: <${victim}>`,
      "To: <support@relaydesk.test>",
      "Subject: Deposit missing",
      `Message-ID: ${messageId}`,
      `Date: ${new Date().toUTCString()}`,
      "Content-Type: text/plain; charset=utf-8",
      "",
      `deposit ${randomHex(6)}`,
      "",
    ].join("\r\n");
    await receive(raw, { from: victim });
    const mine = await env.DB.prepare(
      "SELECT ticket_id, message_id FROM email_inbound WHERE message_id_header = ?1 AND sender = ?2",
    )
      .bind(messageId, victim)
      .first<{ ticket_id: string; message_id: string }>();
    expect(mine?.message_id).toBeTruthy();
    // Another sender's record of the same Message-ID that became no message (held, an auto-reply, ...).
    const other = `a${randomHex(8)}@other-${randomHex(4)}.test`;
    await env.DB.prepare(
      `INSERT INTO email_inbound (message_id_header, kind, source, sender, created_at, sender_verified)
       VALUES (?1, ?2, 'cloudflare', ?3, ?4, ?5)`,
    )
      .bind(
        messageId,
        Math.random() < 0.5 ? "rate_limited" : "auto_reply",
        Math.random() < 0.5 ? other : victim,
        iso(),
        0,
      )
      .run();

    const ticketId = mine?.ticket_id as string;
    await env.DB.prepare("UPDATE messages SET delivery_status = 'sent' WHERE ticket_id = ?1 AND direction = 'out'")
      .bind(ticketId)
      .run();
    const closed = await call("PATCH", `/api/staff/tickets/${ticketId}`, {
      headers: { Authorization: `Bearer ${BOOTSTRAP}` },
      json: { status: "closed" },
    });
    expect(closed.status).toBe(200);
    await closeLongAgo(ticketId, 400);
    expect(await archiveTicket(env, ticketId, iso(-30 * 86_400_000), iso())).toBe(true);
    expect(await restoreTicket(env, ticketId)).toBe(true);

    const { results } = await env.DB.prepare(
      "SELECT sender, sender_verified, message_id FROM email_inbound WHERE message_id_header = ?1 ORDER BY sender_verified DESC",
    )
      .bind(messageId)
      .all<{ sender: string; sender_verified: number; message_id: string | null }>();
    expect(results).toHaveLength(2);
    expect(results[0]).toMatchObject({ sender: victim, sender_verified: 1, message_id: mine?.message_id });
    expect(results[1]?.message_id).toBeNull();
  });
});
