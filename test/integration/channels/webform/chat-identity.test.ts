/** HMAC identity: a valid signature makes a verified identity; a forged, missing or altered one writes nothing. */
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { staffTicket } from "../../support";
import { openSession, rand, say, sign, verifiedSession } from "./chat-helpers";

async function rows(): Promise<number> {
  const r = await env.DB.prepare(
    "SELECT (SELECT COUNT(*) FROM chat_sessions) + (SELECT COUNT(*) FROM contacts) + (SELECT COUNT(*) FROM channel_identities) AS n",
  ).first<{ n: number }>();
  return r?.n ?? 0;
}

describe("live chat identity verification", () => {
  it("refuses forged, missing, altered and replayed signatures with 401 identity_invalid and writes nothing", async () => {
    const userId = `user_${rand().slice(0, 12)}`;
    const email = `${userId}@exchange.example`;
    const good = await sign(userId, email, "Wang");
    const randomHex = [...crypto.getRandomValues(new Uint8Array(32))]
      .map((b) => b.toString(16).padStart(2, "0"))
      .join("");
    const attempts: Array<Record<string, unknown>> = [
      { userId, email, name: "Wang", userHash: randomHex },
      { userId, email, name: "Wang" },
      { userId, email, name: "Wang", userHash: "" },
      { userId, email: `other-${email}`, name: "Wang", userHash: good }, // replayed with another email
      { userId, email, name: "Li", userHash: good }, // another name
      { userId: `${userId}x`, email, name: "Wang", userHash: good }, // another user
      { userId, name: "Wang", userHash: good }, // email dropped
      { userId, email, name: "Wang", userHash: await sign(userId, email, "Wang", "some-other-secret") },
      { userId, email, name: "Wang", userHash: good.slice(0, 63) },
      { userId, email, name: "Wang", userHash: `${good}00` },
      { userId: `${userId}\nadmin`, email, name: "Wang", userHash: await sign(`${userId}\nadmin`, email, "Wang") },
      { userId: "bad id with spaces", userHash: await sign("bad id with spaces") },
      { userId: 42, userHash: good },
      "not an object",
    ];
    const before = await rows();
    for (const identity of attempts) {
      const res = await openSession({ identity });
      expect(res.status, JSON.stringify(identity)).toBe(401);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe("identity_invalid");
    }
    expect(await rows()).toBe(before);
  });

  it("a valid signature verifies; the same user on two devices is one contact and one conversation", async () => {
    const userId = `u.${rand().slice(0, 10)}@ex+1`;
    const email = `${rand().slice(0, 8)}@exchange.example`;
    const phone = await verifiedSession(userId, email, "Chen");
    const laptop = await verifiedSession(userId, email, "Chen");
    expect(phone.token).not.toBe(laptop.token);
    expect(phone.visitor.verified && laptop.visitor.verified).toBe(true);
    const one = await say(phone.token, `My withdrawal is stuck ${rand()}`);
    const two = await say(laptop.token, `Any news? ${rand()}`);
    expect(two.ticket.id).toBe(one.ticket.id);
    const n = await env.DB.prepare(
      "SELECT COUNT(*) AS n, COUNT(DISTINCT contact_id) AS c FROM channel_identities WHERE external_id = ?1",
    )
      .bind(`chat:u:${userId}`)
      .first<{ n: number; c: number }>();
    expect(n).toEqual({ n: 1, c: 1 });
    const { ticket } = await staffTicket(one.ticket.id);
    // The signed email is proven: staff replies also go there by email.
    expect(ticket.contact.email).toBe(email.toLowerCase());
    expect(ticket.contact.emailVerified).toBe(true);
    // A third device resuming sees the conversation.
    const third = await verifiedSession(userId, email, "Chen");
    expect(third.ticket?.id).toBe(one.ticket.id);
    expect(third.messages.map((m) => m.id)).toEqual(expect.arrayContaining([one.message.id, two.message.id]));
  });

  it("resumes an anonymous session with its token, but never a verified one without the signature", async () => {
    const anon = (await (await openSession({})).json()) as { token: string; visitor: { id: string } };
    const again = await openSession({ token: anon.token });
    expect(again.status).toBe(200);
    expect(((await again.json()) as { visitor: { id: string } }).visitor.id).toBe(anon.visitor.id);
    const userId = `u${rand().slice(0, 10)}`;
    const v = await verifiedSession(userId);
    await say(v.token, `Secret conversation ${rand()}`);
    const stolen = await openSession({ token: v.token });
    expect(stolen.status).toBe(201);
    const body = (await stolen.json()) as { token: string; visitor: { verified: boolean }; messages: unknown[] };
    expect(body.token).not.toBe(v.token);
    expect(body.visitor.verified).toBe(false);
    expect(body.messages).toEqual([]);
  });
});
