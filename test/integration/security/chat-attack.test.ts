/**
 * The live chat attacked with fresh inputs each run: a logged-in user's token once the page signed out or
 * another user holds it, two customers' chat tickets merged by an admin, and two visitors racing with the
 * same client id. Each customer sees and steers only their own conversation.
 */
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import {
  catchUp,
  chatSocket,
  newSession,
  openSession,
  postChat,
  rand,
  say,
  sign,
  until,
  verifiedSession,
} from "../channels/webform/chat-helpers";
import { call } from "../staff/helpers";
import { BOOTSTRAP, staffReply } from "../support";

const USER_ID_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_.:@+-";
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(Math.random() * xs.length)] as T;

/** A random user id in the documented alphabet (colons, dots, @ and + included). */
function userId(): string {
  const n = 6 + Math.floor(Math.random() * 40);
  return Array.from({ length: n }, () => pick([...USER_ID_CHARS])).join("");
}

/** A random signed user: some with an email and a name (Chinese or not), some without. */
async function randomUser(): Promise<{ userId: string; email?: string; name?: string }> {
  const u = { userId: userId() } as { userId: string; email?: string; name?: string };
  if (Math.random() < 0.7) u.email = `${rand("m").slice(0, 12)}@${pick(["example.com", "ex.cn", "mail.test"])}`;
  if (Math.random() < 0.7) u.name = pick(["Ann", "李雷", "Bob O'Neil", "Zoë"]) + rand().slice(0, 4);
  return u;
}

async function socketStatus(token: string): Promise<number> {
  const { exports } = await import("cloudflare:workers");
  const res = await exports.default.fetch("http://relaydesk.test/api/chat/socket", {
    headers: { Upgrade: "websocket", "Sec-WebSocket-Protocol": `relaydesk-chat, ${token}` },
  });
  if (res.status === 101) res.webSocket?.accept();
  return res.status;
}

describe("live chat: a logged-in user's token outlives neither the log-out nor a change of user", () => {
  it("signed out, or with another user's signature: the old token opens nothing; the open socket ends", async () => {
    for (const how of ["signed-out", "other-user"] as const) {
      const owner = await randomUser();
      const v = await verifiedSession(owner.userId, owner.email, owner.name);
      const secretWord = rand("ownerword");
      await say(v.token, `My withdrawal is stuck ${secretWord}`);
      const live = await chatSocket(v.token);
      let closed = false;
      live.ws.addEventListener("close", () => {
        closed = true;
      });

      const other = await randomUser();
      const res =
        how === "signed-out"
          ? await openSession({ token: v.token })
          : await openSession({
              token: v.token,
              identity: { ...other, userHash: await sign(other.userId, other.email, other.name) },
            });
      expect(res.status, how).toBe(201);
      const fresh = (await res.json()) as { token: string; visitor: { verified: boolean }; messages: unknown[] };
      expect(fresh.token).not.toBe(v.token);
      expect(fresh.visitor.verified).toBe(how === "other-user");
      expect(JSON.stringify(fresh)).not.toContain(secretWord);

      // The old token is finished on every route, and the socket opened with it is closed.
      expect((await catchUp(v.token)).status, how).toBe(401);
      const lateWord = rand("late");
      const post = await postChat(v.token, { clientId: rand("c"), text: `still here ${lateWord}` });
      expect(post.status, how).toBe(401);
      expect(((await post.json()) as { error: { code: string } }).error.code).toBe("chat_session_invalid");
      expect(await socketStatus(v.token), how).toBe(401);
      await until(() => closed, `${how}: the old socket closes`);

      // The owner signing in again gets their conversation back, under a new token.
      const again = await verifiedSession(owner.userId, owner.email, owner.name);
      expect(JSON.stringify(again.messages)).toContain(secretWord);
      const stored = await env.DB.prepare("SELECT COUNT(*) AS n FROM messages WHERE instr(body, ?1) > 0")
        .bind(lateWord)
        .first<{ n: number }>();
      expect(stored?.n ?? 0).toBe(0);
    }
  });

  it("the same user resumes; a forged signature changes nothing; a guest's token is not a user's to end", async () => {
    const owner = await randomUser();
    const v = await verifiedSession(owner.userId, owner.email, owner.name);
    await say(v.token, `Hello ${rand()}`);
    const same = await openSession({
      token: v.token,
      identity: { ...owner, userHash: await sign(owner.userId, owner.email, owner.name) },
    });
    expect(same.status).toBe(200);
    // A forged signature is a 401 that writes nothing: the owner's token still works.
    const forged = await openSession({
      token: v.token,
      identity: { userId: owner.userId, email: owner.email, name: owner.name, userHash: "0".repeat(64) },
    });
    expect(forged.status).toBe(401);
    expect((await catchUp(v.token)).status).toBe(200);
    // A guest who logs in keeps a working guest token (nothing of a verified user is in it).
    const guest = await newSession();
    await say(guest.token, `guest ${rand()}`);
    const user = await randomUser();
    const login = await openSession({
      token: guest.token,
      identity: { ...user, userHash: await sign(user.userId, user.email, user.name) },
    });
    expect(login.status).toBe(201);
    expect((await catchUp(guest.token)).status).toBe(200);
  });
});

describe("live chat: two customers' tickets merged by an admin", () => {
  it("each visitor's catch-up, socket and reopened session hold only their own words and replies", async () => {
    const a = await newSession();
    const b = await newSession();
    const aWord = rand("aword");
    const bWord = rand("bword");
    const ta = (await say(a.token, `Deposit missing ${aWord}`)).ticket;
    const tb = (await say(b.token, `Withdrawal stuck ${bWord}`)).ticket;
    // Either way round.
    const [from, into] = Math.random() < 0.5 ? [tb, ta] : [ta, tb];
    const merged = await call("POST", `/api/staff/tickets/${from.id}/merge`, {
      token: BOOTSTRAP,
      json: { intoId: into.id, confirmDifferentCustomers: true },
    });
    expect(merged.status, await merged.clone().text()).toBe(200);
    const aSock = await chatSocket(a.token);
    const bSock = await chatSocket(b.token);
    const b2 = rand("bsecond");
    await say(b.token, `more from B ${b2}`);
    const toB = await staffReply(into.id, `answer to B ${rand()}`);
    const a2 = rand("asecond");
    await say(a.token, `more from A ${a2}`);
    const toA = await staffReply(into.id, `answer to A ${rand()}`);
    await until(() => bSock.frames.some((f) => JSON.stringify(f).includes(toB.id)), "B hears its answer");
    await until(() => aSock.frames.some((f) => JSON.stringify(f).includes(toA.id)), "A hears its answer");
    const seenBy = async (t: string, frames: unknown[]) =>
      JSON.stringify(await (await catchUp(t)).json()) +
      JSON.stringify(await (await openSession({ token: t })).json()) +
      JSON.stringify(frames);
    const aSaw = await seenBy(a.token, aSock.frames);
    const bSaw = await seenBy(b.token, bSock.frames);
    for (const x of [bWord, b2, toB.id, tb.link]) expect(aSaw).not.toContain(x);
    for (const x of [aWord, a2, toA.id, ta.link]) expect(bSaw).not.toContain(x);
    expect(aSaw).toContain(toA.id);
    expect(bSaw).toContain(toB.id);
    aSock.ws.close();
    bSock.ws.close();
  });
});

describe("live chat: client ids", () => {
  it("two visitors racing with the same client id each store their own message", async () => {
    const clientId = rand("c").slice(0, 8 + Math.floor(Math.random() * 30));
    const visitors = await Promise.all([newSession(), newSession(), verifiedSession(userId())]);
    const words = visitors.map(() => rand("w"));
    const sent = await Promise.all(visitors.map((v, i) => postChat(v.token, { clientId, text: `hi ${words[i]}` })));
    const bodies = (await Promise.all(sent.map((r) => r.json()))) as Array<{ message: { id: string; body: string } }>;
    expect(sent.map((r) => r.status)).toEqual([201, 201, 201]);
    expect(new Set(bodies.map((b) => b.message.id)).size).toBe(3);
    for (const [i, b] of bodies.entries()) expect(b.message.body).toContain(words[i]);
    // Each one's retry answers with its own message.
    for (const [i, v] of visitors.entries()) {
      const retry = await postChat(v.token, { clientId, text: `hi ${words[i]}` });
      expect(retry.status).toBe(200);
      expect(((await retry.json()) as { message: { id: string } }).message.id).toBe(bodies[i]?.message.id);
    }
  });
});
