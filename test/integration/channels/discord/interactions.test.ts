import { describe, expect, it } from "vitest";
import { withVerifyReminder } from "../../../../src/core/verify-texts";
import { button, command, ping, snowflake, supportSubmit } from "./builders";
import { count, fakeDiscord, postInteraction, signInteraction, staffTicket, ticketIdsOf, waitFor } from "./harness";

interface Answer {
  type: number;
  data?: { flags?: number; content?: string; custom_id?: string; title?: string; components?: unknown[] };
}

const storedFor = (userId: string) =>
  count(
    "SELECT COUNT(*) AS n FROM tickets t JOIN channel_identities i ON i.contact_id = t.contact_id WHERE i.channel = 'discord' AND i.external_id = ?1",
    userId,
  );

/** Submits the form and returns the ticket id and the follow-up's body. */
async function submitAndWait(body: ReturnType<typeof supportSubmit>, userKey: string) {
  const before = (await fakeDiscord.calls({ route: "editOriginal" })).length;
  const res = await postInteraction(body);
  expect(res.status).toBe(200);
  expect(await res.json()).toEqual({ type: 5, data: { flags: 64 } });
  const edited = await waitFor(async () => {
    const calls = await fakeDiscord.calls({ route: "editOriginal" });
    return calls.slice(before).find((c) => String(c.body?.content ?? "").length > 0);
  }, "follow-up");
  const [ticketId] = await ticketIdsOf(userKey);
  return { ticketId: ticketId as string, edited };
}

describe("POST /webhooks/discord: the gate", () => {
  it("401 without a signature, with a wrong one, a stale timestamp or a tampered body; nothing stored", async () => {
    const userId = snowflake();
    const body = supportSubmit({ subject: "Deposit", description: "missing" }, { userId });
    const raw = JSON.stringify(body);
    const ts = String(Math.floor(Date.now() / 1000));
    const good = await signInteraction(ts, raw);
    const flipped = `${good.slice(0, -2)}${good.endsWith("00") ? "01" : "00"}`;
    const stale = String(Math.floor(Date.now() / 1000) - 301);
    const cases: Array<[string, Parameters<typeof postInteraction>[1]]> = [
      ["missing", { signature: null }],
      ["empty", { signature: "" }],
      ["not hex", { signature: "zz".repeat(64) }],
      ["short", { signature: good.slice(0, 64) }],
      ["one byte changed", { signature: flipped, timestamp: ts }],
      ["signed for another timestamp", { signature: good, timestamp: String(Number(ts) + 1) }],
      ["stale (5 min + 1 s)", { timestamp: stale }],
      ["tampered body", { signature: good, timestamp: ts, raw: raw.replace("Deposit", "Dep0sit") }],
    ];
    for (const [what, opts] of cases) {
      const res = await postInteraction(body, opts);
      expect(res.status, what).toBe(401);
      expect(await res.json(), what).toMatchObject({ error: { code: "unauthorized" } });
    }
    expect(await storedFor(userId)).toBe(0);
  });

  it("401 before the body is looked at: an unsigned malformed body is still 401; signed malformed is 400", async () => {
    expect((await postInteraction(null, { signature: null, raw: "{not json" })).status).toBe(401);
    const bad = await postInteraction(null, { raw: "{not json" });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ error: { code: "invalid_json" } });
    const wrong = await postInteraction({ type: 2 });
    expect(wrong.status).toBe(400);
    expect(await wrong.json()).toMatchObject({ error: { code: "validation_failed" } });
  });

  it("PING is answered with PONG", async () => {
    const res = await postInteraction(ping());
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ type: 1 });
  });
});

describe("Discord slash commands and the support form", { timeout: 20_000 }, () => {
  it("/support opens the form: subject, description, optional UID and TxID", async () => {
    const res = await postInteraction(command("support"));
    const answer = (await res.json()) as Answer;
    expect(answer.type).toBe(9);
    expect(answer.data?.custom_id).toBe("support_form");
    expect(answer.data?.title).toBe("Contact support");
    const inputs = ((answer.data?.components ?? []) as Array<{ components: Array<Record<string, unknown>> }>).map(
      (row) => row.components[0],
    );
    expect(inputs.map((i) => [i?.custom_id, i?.required])).toEqual([
      ["subject", true],
      ["description", true],
      ["uid", false],
      ["txid", false],
    ]);
  });

  it("/support in a zh-CN client shows the form in Chinese", async () => {
    const answer = (await (await postInteraction(command("support", { locale: "zh-CN" }))).json()) as Answer;
    expect(answer.data?.title).toBe("联系客服");
  });

  it("submitting the form in a DM opens a ticket and answers privately with its number and buttons", async () => {
    const userId = snowflake();
    const body = supportSubmit(
      { subject: "Withdrawal not received", description: "Sent 2 hours ago.", uid: "88001234", txid: "0xabc123" },
      { userId },
    );
    const { ticketId, edited } = await submitAndWait(body, `discord:dm:${userId}`);
    const { ticket, messages } = await staffTicket(ticketId);
    expect(ticket).toMatchObject({ channel: "discord", subject: "Withdrawal not received", status: "new" });
    expect(messages[0]).toMatchObject({ direction: "in", author: "customer" });
    expect(messages[0]?.body).toBe("Sent 2 hours ago.\nUID: 88001234\nTxID: 0xabc123");
    expect(String(edited.body?.content)).toContain(ticket.number);
    expect(edited.auth).toBeNull(); // interaction webhooks need no bot token
    const buttons = ((edited.body?.components ?? []) as Array<{ components: Array<{ custom_id: string }> }>)[0]
      ?.components;
    expect(buttons?.map((b) => b.custom_id)).toEqual([`human:${ticketId}`, `close:${ticketId}`]);
    // The acknowledgement goes out as a DM through the queue.
    const sent = await waitFor(async () => {
      const calls = await fakeDiscord.calls({ route: "createDm", recipientId: userId });
      return calls.length ? calls : undefined;
    }, "DM channel creation");
    expect(sent[0]?.body).toEqual({ recipient_id: userId });
  });

  it("in a server thread, the thread is the conversation and replies go there", async () => {
    const userId = snowflake();
    const channelId = snowflake();
    const body = supportSubmit(
      { subject: "KYC rejected", description: "Why?" },
      { userId, guild: { guildId: snowflake(), channelId, channelType: 11 } },
    );
    const { ticketId } = await submitAndWait(body, `discord:thread:${channelId}`);
    expect(ticketId).toBeTruthy();
    const ack = await waitFor(async () => {
      const calls = await fakeDiscord.calls({ route: "createMessage", channelId });
      return calls.length ? calls : undefined;
    }, "acknowledgement in the thread");
    expect(String(ack[0]?.body?.content)).toContain("ticket number");
  });

  it("in a shared text channel, each customer gets their own ticket, answered by DM", async () => {
    const channelId = snowflake();
    const guild = { guildId: snowflake(), channelId, channelType: 0 };
    const [a, b] = [snowflake(), snowflake()];
    const first = await submitAndWait(
      supportSubmit({ subject: "A", description: "a" }, { userId: a, guild }),
      `discord:dm:${a}`,
    );
    const second = await submitAndWait(
      supportSubmit({ subject: "B", description: "b" }, { userId: b, guild }),
      `discord:dm:${b}`,
    );
    expect(first.ticketId).not.toBe(second.ticketId);
    expect(await ticketIdsOf(`discord:thread:${channelId}`)).toEqual([]);
  });

  it("/status lists the caller's tickets, privately; none yet says how to open one", async () => {
    const userId = snowflake();
    const empty = (await (await postInteraction(command("status", { userId }))).json()) as Answer;
    expect(empty).toMatchObject({ type: 4, data: { flags: 64 } });
    expect(empty.data?.content).toContain("/support");

    const { ticketId } = await submitAndWait(
      supportSubmit({ subject: "API key error", description: "403 on /orders" }, { userId }),
      `discord:dm:${userId}`,
    );
    const { ticket } = await staffTicket(ticketId);
    const listed = (await (await postInteraction(command("status", { userId }))).json()) as Answer;
    expect(listed.data?.content).toContain(`${ticket.number} · received · API key error`);
  });

  it("/human tags the ticket for a person", async () => {
    const userId = snowflake();
    const res = await postInteraction(command("human", { userId }));
    expect(await res.json()).toEqual({ type: 5, data: { flags: 64 } });
    const ticketId = await waitFor(async () => (await ticketIdsOf(`discord:dm:${userId}`))[0], "ticket");
    const tagged = await waitFor(async () => {
      const { ticket } = await staffTicket(ticketId);
      return ticket.tags.includes("human") ? ticket : undefined;
    }, "human tag");
    expect(tagged.channel).toBe("discord");
  });

  it("the buttons: talk to a human tags the ticket; close resolves it; someone else's ticket is refused", async () => {
    const userId = snowflake();
    const { ticketId } = await submitAndWait(
      supportSubmit({ subject: "Account locked", description: "2FA lost" }, { userId }),
      `discord:dm:${userId}`,
    );
    const stranger = await postInteraction(button(`close:${ticketId}`, { userId: snowflake() }));
    expect(await stranger.json()).toEqual({ type: 5, data: { flags: 64 } });

    const res = await postInteraction(button(`human:${ticketId}`, { userId }));
    expect(res.status).toBe(200);
    await waitFor(async () => ((await staffTicket(ticketId)).ticket.tags.includes("human") ? true : undefined), "tag");

    await postInteraction(button(`close:${ticketId}`, { userId }));
    const resolved = await waitFor(async () => {
      const { ticket } = await staffTicket(ticketId);
      return ticket.status === "resolved" ? ticket : undefined;
    }, "resolved");
    expect(resolved.status).toBe("resolved");
    const texts = (await fakeDiscord.calls({ route: "editOriginal" })).map((c) => String(c.body?.content));
    expect(texts.some((t) => t.startsWith("This button is no longer valid."))).toBe(true);
    expect(texts.some((t) => t.includes(`${resolved.number} is marked as resolved`))).toBe(true);
  });

  it("an unknown button answers that it expired", async () => {
    const answer = (await (await postInteraction(button("nope"))).json()) as Answer;
    expect(answer).toMatchObject({ type: 4, data: { flags: 64 } });
    // Every bot text ends with the anti-impersonation line.
    expect(answer.data?.content).toBe(withVerifyReminder("en", "This button is no longer valid."));
  });
});
