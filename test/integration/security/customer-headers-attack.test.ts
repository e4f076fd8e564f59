/**
 * Hostile headers on the customer routes, fresh each run (ATTACK_SEED replays): a D1 bookmark (the staff API's
 * read-your-writes header) sent by a customer is never honoured or answered, and a staff member's bookmark never
 * reaches a customer's answer; method overrides (`X-HTTP-Method-Override`, `X-HTTP-Method`, `_method`) turn no
 * request into another; a cross-site "simple" request (text/plain, a form post) carrying JSON to a JSON route, or a
 * JSON type on a form body, stores nothing; and an agent cannot reach an admin route by any of these.
 */
import { exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { BASE, uniqueIp } from "../channels/webform/builders";
import { newSession } from "../channels/webform/chat-helpers";
import { call as staffCall, staffWithToken } from "../staff/helpers";
import { BOOTSTRAP, count, staffReply } from "../support";
import { attackRandom } from "./attack-seed";
import { webCustomer } from "./web-customer";

const rnd = attackRandom("customer-headers-attack");
const HEX = "0123456789abcdef";
const hex = (n: number) => Array.from({ length: n }, () => rnd.pick([...HEX])).join("");
/** A string D1 would take as a bookmark (hex groups joined by dashes). */
const bookmark = () => `${hex(8)}-${hex(8)}-${hex(8)}-${hex(32)}`;
const OVERRIDES = ["X-HTTP-Method-Override", "X-HTTP-Method", "X-Method-Override"];

function send(method: string, path: string, headers: Record<string, string>, body?: string) {
  return exports.default.fetch(`${BASE}${path}`, {
    method,
    headers: { "CF-Connecting-IP": uniqueIp(), ...headers },
    body,
    redirect: "manual",
  });
}

const messagesOf = (ticketId: string) => count("SELECT COUNT(*) AS n FROM messages WHERE ticket_id = ?1", ticketId);

describe("hostile headers on customer routes", { timeout: 60_000 }, () => {
  it("a customer's D1 bookmark is neither honoured nor answered; a staff bookmark never reaches a customer", async () => {
    const customer = await webCustomer("bookmark");
    const staffWord = `sw${rnd.word(12)}`;
    await staffReply(customer.id, `Checked ${staffWord}`);
    const staffRead = await staffCall("GET", `/api/staff/tickets/${customer.id}`, { token: BOOTSTRAP });
    const staffBookmark = staffRead.headers.get("x-d1-bookmark") as string;
    expect(staffBookmark).toBeTruthy();
    const chat = await newSession();
    const requests: Array<[string, string, Record<string, string>, string?]> = [
      ["GET", `/t/${customer.token}`, { Accept: "text/html" }],
      ["GET", `/t/${customer.token}`, {}],
      ["GET", `/t/${customer.token}/attachments/${customer.attachmentId}`, {}],
      ["GET", "/api/chat/messages", { Authorization: `Bearer ${chat.token}` }],
      ["POST", "/api/chat/session", { "Content-Type": "application/json" }, "{}"],
      ["POST", `/t/${customer.token}/csat`, { "Content-Type": "application/json" }, '{"rating":5}'],
      [
        "POST",
        `/t/${customer.token}/replies`,
        { "Content-Type": "application/json" },
        JSON.stringify({ body: `Any news? ${rnd.word(8)}`, idempotencyKey: `k-${rnd.word(16)}` }),
      ],
    ];
    for (const [method, path, headers, body] of requests) {
      const asked = rnd.pick([bookmark(), staffBookmark, "first-primary"]);
      const res = await send(method, path, { ...headers, "x-d1-bookmark": asked }, body);
      expect(res.status, `${method} ${path}`).toBeLessThan(500);
      expect(res.headers.get("x-d1-bookmark"), `${method} ${path}`).toBeNull();
      const text = new TextDecoder().decode(await res.arrayBuffer());
      expect(text, `${method} ${path}`).not.toContain(staffBookmark);
    }
    // The page still shows the staff reply (the customer's page reads the primary, bookmark or not).
    const page = await send("GET", `/t/${customer.token}`, { Accept: "text/html", "x-d1-bookmark": bookmark() });
    expect(await page.text()).toContain(staffWord);
  });

  it("method overrides turn no customer or staff request into another", async () => {
    const customer = await webCustomer("override");
    const before = await messagesOf(customer.id);
    // A GET of the page that asks to be a POST (or a DELETE): a page, nothing written.
    for (const name of OVERRIDES) {
      const res = await send("GET", `/t/${customer.token}?_method=POST`, {
        [name]: rnd.pick(["POST", "DELETE", "PUT"]),
      });
      expect(res.status, name).toBe(200);
    }
    expect(await messagesOf(customer.id)).toBe(before);
    // An agent's GET of an admin route dressed as a write, and a write dressed as a read: still refused.
    const agent = await staffWithToken("agent");
    for (const [method, override] of [
      ["POST", "GET"],
      ["GET", "PUT"],
      ["PUT", "GET"],
    ] as const) {
      const res = await send(
        method,
        `/api/staff/chat-settings?_method=${override}`,
        {
          Authorization: `Bearer ${agent.token}`,
          "Content-Type": "application/json",
          [rnd.pick(OVERRIDES)]: override,
        },
        method === "GET" ? undefined : JSON.stringify({ allowedOrigins: [`https://evil${rnd.word(6)}.example`] }),
      );
      expect([403, 404], `${method} as ${override}`).toContain(res.status);
    }
    const settings = (await (await staffCall("GET", "/api/staff/chat-settings", { token: BOOTSTRAP })).json()) as {
      settings: { allowedOrigins: string[] };
    };
    expect(settings.settings.allowedOrigins.some((o) => o.includes("evil"))).toBe(false);
  });

  it("JSON in a cross-site 'simple' request (text/plain, a form type) or a JSON type on a form body stores nothing", async () => {
    const customer = await webCustomer("ctype");
    const before = await messagesOf(customer.id);
    const words = `ct${rnd.word(12)}`;
    const json = JSON.stringify({ body: words, idempotencyKey: `k-${rnd.word(16)}` });
    for (const [type, body] of [
      ["text/plain", json],
      ["text/plain;charset=UTF-8", json],
      ["application/x-www-form-urlencoded", json],
      ["application/json", `body=${words}`],
      ["application/json", `${json}\u0000`],
    ] as const) {
      const res = await send("POST", `/t/${customer.token}/replies`, { "Content-Type": type }, body);
      expect(res.status, type).toBeGreaterThanOrEqual(400);
      expect(res.status, type).toBeLessThan(500);
      expect(res.headers.get("Content-Type") ?? "", type).toMatch(/json|html/);
    }
    expect(await messagesOf(customer.id)).toBe(before);
    // The rating takes JSON or a form; text/plain JSON (what a cross-site page can send without asking) rates nothing.
    const rated = await send("POST", `/t/${customer.token}/csat`, { "Content-Type": "text/plain" }, '{"rating":1}');
    expect(rated.status).toBe(400);
    expect(
      await count("SELECT COUNT(*) AS n FROM csat_surveys WHERE ticket_id = ?1 AND rating IS NOT NULL", customer.id),
    ).toBe(0);
  });
});
