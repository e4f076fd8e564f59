/**
 * POST /webhooks/email/mailgun/events: with Mailgun as the sender, bounces go to Mailgun, and its
 * signed `failed` event is how a reply that never arrived gets marked failed. Checked: the signature
 * comes first (401 for none, a wrong one, another key's, a stale one, and nothing is marked); a
 * permanent failure marks exactly the named message failed, with Mailgun's reason, once per
 * signature; a temporary failure, other events and Message-IDs that are not ours change nothing.
 * `ATTACK_SEED=<seed>` replays the generated values.
 */
import { exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { attackRandom } from "../../security/attack-seed";
import { testHmacHex } from "../../support";
import { customerWithSentAck, staffTicket } from "./harness";

const rnd = attackRandom("mailgun-events");
const SIGNING_KEY = "test-mailgun-signing-key";

function post(body: BodyInit, headers: Record<string, string> = { "Content-Type": "application/json" }) {
  return exports.default.fetch("http://relaydesk.test/webhooks/email/mailgun/events", {
    method: "POST",
    headers,
    body,
  });
}

const hex64 = () => Array.from({ length: 64 }, () => rnd.pick([..."0123456789abcdef"])).join("");

async function signature(opts: { key?: string; ageSeconds?: number; token?: string } = {}) {
  const timestamp = String(Math.floor(Date.now() / 1000) - (opts.ageSeconds ?? 0));
  const token = opts.token ?? `${rnd.word(20)}${rnd.word(30)}`;
  return { timestamp, token, signature: await testHmacHex(opts.key ?? SIGNING_KEY, timestamp + token) };
}

/** A Mailgun event as its webhooks post it (only the fields we read, plus some we do not). */
function event(o: { event?: string; severity?: string; messageIdHeader: string; recipient: string; said?: string }) {
  return {
    event: o.event ?? "failed",
    severity: o.severity ?? "permanent",
    reason: "bounce",
    recipient: o.recipient,
    "log-level": "error",
    id: rnd.word(22),
    timestamp: Date.now() / 1000,
    message: { headers: { "message-id": o.messageIdHeader.replace(/^<|>$/g, ""), to: o.recipient }, size: 1234 },
    "delivery-status": { code: 550, message: "", description: o.said ?? "5.1.1 The email account does not exist" },
    flags: { "is-authenticated": true },
  };
}

/** A customer with a ticket and our acknowledgement, sent through (fake) Mailgun. */
async function customerWithAck() {
  const address = `${rnd.word(8)}@${rnd.word(6)}.test`;
  return { address, ...(await customerWithSentAck(address, `Withdrawal ${rnd.word(5)}`)) };
}

async function deliveryStatus(ticketId: string, messageId: string) {
  return (await staffTicket(ticketId)).messages.find((m) => m.id === messageId)?.delivery;
}

describe("Mailgun's failed event", () => {
  it("an unsigned, wrongly signed, other-key or stale event is 401 and marks nothing", async () => {
    const c = await customerWithAck();
    const data = event({ messageIdHeader: c.ackHeader, recipient: c.address });
    const bad = [
      { "event-data": data },
      { signature: { ...(await signature()), signature: hex64() }, "event-data": data },
      { signature: await signature({ key: `${rnd.word(12)}-key` }), "event-data": data },
      { signature: await signature({ ageSeconds: 6 * 60 }), "event-data": data },
      { signature: "yes", "event-data": data },
    ];
    for (const body of bad) {
      const res = await post(JSON.stringify(body));
      expect(res.status).toBe(401);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe("unauthorized");
    }
    expect((await post("not json")).status).toBe(401);
    expect((await deliveryStatus(c.ticketId, c.ackId))?.status).toBe("sent");
  });

  it("a signed permanent failure marks that reply failed with Mailgun's reason, once; others stay sent", async () => {
    const a = await customerWithAck();
    const b = await customerWithAck();
    const said = `5.1.1 <${a.address}>: mailbox ${rnd.word(6)} unavailable`;
    const sig = await signature();
    const body = JSON.stringify({
      signature: sig,
      "event-data": event({ messageIdHeader: a.ackHeader, recipient: a.address, said }),
    });
    const res = await post(body);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true, kind: "bounce", marked: true });
    const failed = await deliveryStatus(a.ticketId, a.ackId);
    expect(failed?.status).toBe("failed");
    expect(failed?.error).toContain(said);
    expect((await deliveryStatus(b.ticketId, b.ackId))?.status).toBe("sent");
    // The same signed post again is a replay: acknowledged, nothing changes.
    const again = await post(body);
    expect(again.status).toBe(200);
    expect(((await again.json()) as { marked: boolean }).marked).toBe(false);
  });

  it("temporary failures, other events and Message-IDs that are not ours change nothing", async () => {
    const c = await customerWithAck();
    const cases = [
      event({ messageIdHeader: c.ackHeader, recipient: c.address, severity: "temporary" }),
      event({
        messageIdHeader: c.ackHeader,
        recipient: c.address,
        event: rnd.pick(["delivered", "opened", "complained"]),
      }),
    ];
    for (const data of cases) {
      const res = await post(JSON.stringify({ signature: await signature(), "event-data": data }));
      expect(res.status).toBe(200);
      expect(((await res.json()) as { kind: string }).kind).toBe("ignored");
    }
    const stranger = event({ messageIdHeader: `<${rnd.word(16)}@${rnd.word(6)}.test>`, recipient: c.address });
    const res = await post(JSON.stringify({ signature: await signature(), "event-data": stranger }));
    expect(await res.json()).toEqual({ ok: true, kind: "bounce", marked: false });
    expect((await deliveryStatus(c.ticketId, c.ackId))?.status).toBe("sent");
  });

  it("a signed event that is not one is a 400 JSON error", async () => {
    for (const data of [null, { event: 5 }, event({ messageIdHeader: "no-at-sign", recipient: "x@y.test" })]) {
      const res = await post(JSON.stringify({ signature: await signature(), "event-data": data }));
      expect(res.status).toBe(400);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe("validation_failed");
    }
  });
});
