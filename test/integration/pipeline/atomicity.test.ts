import { env } from "cloudflare:workers";
import { afterEach, describe, expect, it } from "vitest";
import { sha256Hex } from "../../../src/core/ids";
import type { Env } from "../../../src/env";
import { isUniqueViolation } from "../../../src/store/ingest";
import { attachment, count, first, inbound, ingest, isolatedEnv, unique } from "./builders";

/** Makes every insert of a message with exactly `body` fail, the way a broken statement would. */
async function failInsertsOfBody(body: string): Promise<string> {
  const name = `fail_${unique()}`;
  await env.DB.prepare(
    `CREATE TRIGGER ${name} BEFORE INSERT ON messages WHEN NEW.body = '${body}'
     BEGIN SELECT RAISE(ABORT, 'forced failure for a test'); END`,
  ).run();
  return name;
}

const triggers: string[] = [];
afterEach(async () => {
  for (const name of triggers.splice(0)) await env.DB.prepare(`DROP TRIGGER IF EXISTS ${name}`).run();
});

describe("ingestInbound is all or nothing", () => {
  it("leaves no contact, identity, ticket, message, attachment or R2 object when a statement fails", async () => {
    const body = `FAIL-ME-${unique()}`;
    triggers.push(await failInsertsOfBody(body));
    const msg = inbound({ text: body, attachments: [attachment("proof.png", "pixels")] });

    await expect(ingest(msg)).rejects.toThrow(/forced failure/);

    expect(
      await count("SELECT COUNT(*) AS n FROM channel_identities WHERE external_id = ?1", msg.sender.externalId),
    ).toBe(0);
    expect(await count("SELECT COUNT(*) AS n FROM contacts WHERE email = ?1", msg.sender.email)).toBe(0);
    expect(await count("SELECT COUNT(*) AS n FROM tickets WHERE conversation_key = ?1", msg.conversationKey)).toBe(0);
    expect(
      await count(
        "SELECT COUNT(*) AS n FROM messages WHERE provider_message_id = ?1 OR body = ?2",
        msg.providerMessageId,
        body,
      ),
    ).toBe(0);
    const folder = (await sha256Hex(`webform:${msg.providerMessageId}`)).slice(0, 32);
    const prefix = `attachments/webform/${folder}/`;
    expect(await count("SELECT COUNT(*) AS n FROM attachments WHERE r2_key LIKE ?1", `${prefix}%`)).toBe(0);
    expect((await env.ATTACHMENTS.list({ prefix })).objects).toEqual([]);
  });

  it("leaves an existing ticket as it was when appending fails", async () => {
    const firstMsg = inbound();
    const created = await ingest(firstMsg);
    await env.DB.prepare("UPDATE tickets SET status = 'pending' WHERE id = ?1").bind(created.ticketId).run();
    const before = await first<Record<string, unknown>>("SELECT * FROM tickets WHERE id = ?1", created.ticketId);

    const body = `FAIL-ME-${unique()}`;
    triggers.push(await failInsertsOfBody(body));
    await expect(
      ingest(inbound({ conversationKey: firstMsg.conversationKey, sender: firstMsg.sender, text: body })),
    ).rejects.toThrow(/forced failure/);

    expect(await first("SELECT * FROM tickets WHERE id = ?1", created.ticketId)).toEqual(before);
    expect(await count("SELECT COUNT(*) AS n FROM messages WHERE ticket_id = ?1", created.ticketId)).toBe(2);
  });

  it("stores the same message once the failure is gone (a provider's redelivery succeeds)", async () => {
    const body = `FAIL-ME-${unique()}`;
    const name = await failInsertsOfBody(body);
    triggers.push(name);
    const msg = inbound({ text: body, attachments: [attachment("proof.png", "pixels")] });
    await expect(ingest(msg)).rejects.toThrow();
    await env.DB.prepare(`DROP TRIGGER ${name}`).run();

    const result = await ingest(msg);
    expect(result.outcome).toBe("created");
    const row = await first<{ r2_key: string }>(
      "SELECT r2_key FROM attachments WHERE message_id = ?1",
      result.messageId,
    );
    expect(await (await env.ATTACHMENTS.get(row?.r2_key ?? ""))?.text()).toBe("pixels");
  });
});

describe("what counts as a concurrent writer's win", () => {
  async function errorOf(sql: string, ...binds: unknown[]): Promise<unknown> {
    try {
      await env.DB.prepare(sql)
        .bind(...binds)
        .run();
    } catch (err) {
      return err;
    }
    throw new Error("expected the statement to fail");
  }

  it("is a UNIQUE or PRIMARY KEY violation, not any other failed constraint", async () => {
    // Real D1 errors, from statements that fail and so leave no rows behind.
    const msg = inbound();
    await ingest(msg);
    const duplicateIdentity = await errorOf(
      `INSERT INTO channel_identities (id, contact_id, channel, external_id, created_at, last_seen_at)
       SELECT ?2, contact_id, channel, external_id, created_at, last_seen_at FROM channel_identities WHERE external_id = ?1`,
      msg.sender.externalId,
      `idn_${unique()}`,
    );
    const duplicateKey = await errorOf(
      `INSERT INTO contacts (id, language, created_at, updated_at)
       SELECT contact_id, 'en', created_at, last_seen_at FROM channel_identities WHERE external_id = ?1`,
      msg.sender.externalId,
    );
    // A second active ticket in the conversation (migrations/0031's trigger, as the unique index it replaced).
    const secondActive = await errorOf(
      `INSERT INTO tickets (id, number, channel, conversation_key, access_token, contact_id, status, subject,
          created_at, updated_at)
       SELECT ?2, number + 100000, channel, conversation_key, ?3, contact_id, 'new', subject, created_at, updated_at
         FROM tickets WHERE contact_id = (SELECT contact_id FROM channel_identities WHERE external_id = ?1)`,
      msg.sender.externalId,
      `tkt_${unique()}`,
      `tok_${unique()}`,
    );
    const badLanguage = await errorOf(
      "INSERT INTO contacts (id, language, created_at, updated_at) VALUES (?1, 'fr', 'now', 'now')",
      `con_${unique()}`,
    );
    const missingTime = await errorOf(
      "INSERT INTO contacts (id, language, created_at, updated_at) VALUES (?1, 'en', NULL, 'now')",
      `con_${unique()}`,
    );

    expect(isUniqueViolation(duplicateIdentity)).toBe(true);
    expect(isUniqueViolation(duplicateKey)).toBe(true);
    expect(isUniqueViolation(secondActive)).toBe(true);
    expect(isUniqueViolation(badLanguage)).toBe(false);
    expect(isUniqueViolation(missingTime)).toBe(false);
    expect(isUniqueViolation(new Error("Network connection lost."))).toBe(false);
  });

  it("does not retry a batch that fails for another reason", async () => {
    const body = `FAIL-ME-${unique()}`;
    triggers.push(await failInsertsOfBody(body));
    const { env: base } = isolatedEnv();
    let batches = 0;
    const db = base.DB;
    const counting = {
      prepare: (sql: string) => db.prepare(sql),
      batch: (stmts: D1PreparedStatement[]) => {
        batches++;
        return db.batch(stmts);
      },
    } as unknown as D1Database;

    await expect(ingest(inbound({ text: body }), { env: { ...base, DB: counting } as Env })).rejects.toThrow(
      /forced failure/,
    );
    // One batch of reads, one batch of writes: a deterministic failure is not a race to retry.
    expect(batches).toBe(2);
  });
});
