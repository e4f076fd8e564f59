/**
 * The live chat attacked: a second visitor's token never reaches the first's conversation (messages,
 * socket, catch-up, ratings), a `/t/` socket hears only its own ticket, retries store one message,
 * pasted secrets are redacted before storage and before the push, tokens stay out of the logs.
 */
import { env } from "cloudflare:workers";
import { generateMnemonic } from "@scure/bip39";
import { wordlist as english } from "@scure/bip39/wordlists/english.js";
import { wordlist as chinese } from "@scure/bip39/wordlists/simplified-chinese.js";
import { afterEach, describe, expect, it, vi } from "vitest";
import { staffReply } from "../../support";
import { catchUp, chatSocket, linkSocket, newSession, postChat, rand, say, until } from "./chat-helpers";

interface Body {
  message: { id: string; body: string; clientId: string | null };
  ticket: { id: string; link: string };
}

afterEach(() => vi.restoreAllMocks());

describe("live chat isolation", () => {
  it("a second visitor's token cannot read, post into or rate the first visitor's conversation", async () => {
    const a = await newSession();
    const b = await newSession();
    const secretWord = rand("private");
    const aClient = rand("c");
    const aRes = await postChat(a.token, { clientId: aClient, text: `Deposit issue ${secretWord}` });
    expect(aRes.status).toBe(201);
    const aMsg = (await aRes.json()) as Body;

    // Catch-up with A's message id from B's token: B's own (empty) conversation, nothing of A.
    const bCatch = await catchUp(b.token, aMsg.message.id);
    expect(bCatch.status).toBe(200);
    expect(JSON.stringify(await bCatch.json())).not.toContain(secretWord);
    const bAll = await catchUp(b.token);
    expect(JSON.stringify(await bAll.json())).not.toContain(secretWord);

    // B reusing A's client id makes B's own message, never answers with A's.
    const bRes = await postChat(b.token, { clientId: aClient, text: `Hello ${rand()}` });
    expect(bRes.status).toBe(201);
    const bMsg = (await bRes.json()) as Body;
    expect(bMsg.message.id).not.toBe(aMsg.message.id);
    expect(bMsg.ticket.id).not.toBe(aMsg.ticket.id);
    expect(JSON.stringify(bMsg)).not.toContain(secretWord);

    // B's socket hears nothing of A: a staff reply to A, then one to B; B sees only B's.
    const bSock = await chatSocket(b.token);
    const toA = await staffReply(aMsg.ticket.id, `For A only ${rand()}`);
    const toB = await staffReply(bMsg.ticket.id, `For B ${rand()}`);
    await until(
      () => bSock.frames.some((f) => f.type === "message" && (f.message as { id: string }).id === toB.id),
      "B's reply",
    );
    const seen = JSON.stringify(bSock.frames);
    expect(seen).not.toContain(toA.id);
    expect(seen).not.toContain(secretWord);
    bSock.ws.close();

    // B cannot rate A's ticket with a forged button.
    const rate = await postChat(b.token, { clientId: rand("c"), action: `csat:${aMsg.ticket.id}:1` });
    expect(rate.status).toBe(403);
    const ratings = await env.DB.prepare(
      "SELECT COUNT(*) AS n FROM csat_surveys WHERE ticket_id = ?1 AND rating IS NOT NULL",
    )
      .bind(aMsg.ticket.id)
      .first<{ n: number }>();
    expect(ratings?.n ?? 0).toBe(0);
  });

  it("refuses unknown, malformed and missing tokens on every route before reading anything", async () => {
    const junk = ["", "Bearer", "x".repeat(43), `${"A".repeat(42)}!`, "../../etc/passwd", rand()];
    for (const t of junk) {
      const post = await postChat(t, { clientId: rand("c"), text: "hi" });
      expect(post.status, t).toBe(401);
      const get = await catchUp(t);
      expect(get.status, t).toBe(401);
    }
    const { exports } = await import("cloudflare:workers");
    for (const proto of [
      "relaydesk-chat",
      `relaydesk-chat, ${"y".repeat(43)}`,
      `other, ${(await newSession()).token}`,
    ]) {
      const res = await exports.default.fetch("http://relaydesk.test/api/chat/socket", {
        headers: { Upgrade: "websocket", "Sec-WebSocket-Protocol": proto },
      });
      expect(res.status, proto).toBe(401);
    }
    // A valid token with a bad body is a 400, not a stored message.
    const s = await newSession();
    const bad = await postChat(s.token, { clientId: "short", text: "hi" });
    expect(bad.status).toBe(400);
    const tooLong = await postChat(s.token, { clientId: rand("c"), text: "长".repeat(4001) });
    expect(tooLong.status).toBe(413);
    expect(((await tooLong.json()) as { error: { code: string } }).error.code).toBe("message_too_long");
    const extra = await postChat(s.token, { clientId: rand("c"), text: "hi", conversationKey: "webform:chat:v:x" });
    expect(extra.status).toBe(400);
  });

  it("the /t/ socket of ticket A gets nothing of ticket B", async () => {
    const a = await newSession();
    const b = await newSession();
    const ta = (await say(a.token, `A needs help ${rand()}`)).ticket;
    const tb = (await say(b.token, `B needs help ${rand()}`)).ticket;
    const sockA = await linkSocket(ta.link);
    const rb = await staffReply(tb.id, `Reply B ${rand()}`);
    const ra = await staffReply(ta.id, `Reply A ${rand()}`);
    await until(() => sockA.frames.some((f) => (f.message as { id?: string } | undefined)?.id === ra.id), "A reply");
    expect(JSON.stringify(sockA.frames)).not.toContain(rb.id);
    // Read-only: typing from a /t/ socket never reaches staff as the visitor typing.
    sockA.ws.send(JSON.stringify({ type: "typing", typing: true }));
    sockA.ws.close();
  });

  it("a client id retried three times at once stores one message", async () => {
    const s = await newSession();
    const clientId = rand("c");
    const text = `Withdrawal pending ${rand()}`;
    const results = await Promise.all([1, 2, 3].map(() => postChat(s.token, { clientId, text })));
    const statuses = results.map((r) => r.status).sort();
    expect(statuses.filter((x) => x === 201).length).toBeLessThanOrEqual(1);
    expect(statuses.every((x) => x === 200 || x === 201)).toBe(true);
    const ids = new Set(await Promise.all(results.map(async (r) => ((await r.json()) as Body).message.id)));
    expect(ids.size).toBe(1);
    const n = await env.DB.prepare("SELECT COUNT(*) AS n FROM messages WHERE body = ?1")
      .bind(text)
      .first<{ n: number }>();
    expect(n?.n).toBe(1);
    const again = await postChat(s.token, { clientId, text });
    expect(again.status).toBe(200);
  });

  it("redacts pasted secrets before storage, in the answer and in the push", async () => {
    const s = await newSession();
    const sock = await chatSocket(s.token);
    const secrets = [
      generateMnemonic(english, 128),
      generateMnemonic(english, 256).toUpperCase(),
      generateMnemonic(chinese, 128),
    ];
    // A bare 64-hex string may be a TxID: it is a secret when called a key.
    const hexKey = [...crypto.getRandomValues(new Uint8Array(32))].map((x) => x.toString(16).padStart(2, "0")).join("");
    const cases = [...secrets.map((x) => ({ secret: x, text: `my wallet words:\n${x}\nplease help` }))];
    cases.push({ secret: hexKey, text: `here is my private key ${hexKey} is my wallet safe?` });
    for (const { secret, text } of cases) {
      const res = await postChat(s.token, { clientId: rand("c"), text });
      expect(res.status).toBe(201);
      const body = (await res.json()) as Body;
      const probe = secret.replace(/\s+/g, " ").split(" ").slice(0, 3).join(" ");
      expect(body.message.body).not.toContain(probe.length > 6 ? probe : secret);
      const stored = await env.DB.prepare("SELECT body FROM messages WHERE id = ?1")
        .bind(body.message.id)
        .first<{ body: string }>();
      expect(stored?.body).toBe(body.message.body);
      await until(
        () => sock.frames.some((f) => f.type === "message" && (f.message as { id: string }).id === body.message.id),
        "push",
      );
      const pushed = sock.frames.find(
        (f) => f.type === "message" && (f.message as { id: string }).id === body.message.id,
      );
      expect((pushed?.message as { body: string } | undefined)?.body).toBe(stored?.body);
      expect(JSON.stringify(sock.frames)).not.toContain(secret);
    }
    sock.ws.close();
  });

  it("never writes a chat token to the logs", async () => {
    const lines: string[] = [];
    for (const level of ["log", "info", "warn", "error", "debug"] as const) {
      vi.spyOn(console, level).mockImplementation((...args: unknown[]) => {
        lines.push(args.map((a) => (typeof a === "string" ? a : JSON.stringify(a))).join(" "));
      });
    }
    const s = await newSession();
    await postChat(s.token, { clientId: rand("c"), text: "hello" });
    await postChat(s.token, { clientId: "bad", text: "" });
    await postChat(s.token, { clientId: rand("c"), text: "x".repeat(5000) });
    await catchUp(s.token, "not a valid id!");
    const { exports } = await import("cloudflare:workers");
    await exports.default.fetch(`http://relaydesk.test/api/chat/socket?token=${s.token}`);
    await exports.default.fetch("http://relaydesk.test/api/chat/socket", {
      headers: { Upgrade: "websocket", "Sec-WebSocket-Protocol": `relaydesk-chat, ${s.token}` },
    });
    expect(lines.join("\n")).not.toContain(s.token);
  });
});
