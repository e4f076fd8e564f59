import { env } from "cloudflare:workers";
import { afterAll, describe, expect, it } from "vitest";
import { conversationKey } from "../../../src/core/inbound";
import { loadConfig } from "../../../src/env";
import { ingestInbound } from "../../../src/pipeline/ingest";
import {
  BOOTSTRAP,
  call,
  callWithSession,
  count,
  customerWrites,
  settleDeliveries,
  signIn,
  staffWithToken,
} from "./helpers";

// Let the bot acknowledgements these tests cause finish before the file ends.
afterAll(() => settleDeliveries());

const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3, 4]);
const enc = (s: string) => new TextEncoder().encode(s);

/** A real ingest of a customer message with attachments (as a Telegram document or email part would arrive). */
async function ticketWithAttachments() {
  const id = crypto.randomUUID();
  const waits: Promise<unknown>[] = [];
  const result = await ingestInbound(
    { env, config: loadConfig(env), waitUntil: (p) => waits.push(p) },
    {
      channel: "telegram",
      providerMessageId: `att-test-${id}`,
      conversationKey: conversationKey("telegram", `att-${id}`),
      sender: { externalId: `att-${id}`, displayName: "Wang Fang" },
      text: "Screenshots attached",
      attachments: [
        { filename: "截图 1.png", contentType: "image/png", data: PNG },
        { filename: "page.html", contentType: "text/html", data: enc("<script>alert(1)</script>") },
        { filename: "logo.svg", contentType: "image/svg+xml", data: enc('<svg xmlns="http://www.w3.org/2000/svg"/>') },
      ],
      sentAt: new Date(),
    },
  );
  await Promise.allSettled(waits);
  return result;
}

describe("attachments through the authorised route", () => {
  it("messages carry each attachment's id and a url on /api/staff/attachments; the route streams the object", async () => {
    const r = await ticketWithAttachments();
    const res = await call("GET", `/api/staff/tickets/${r.ticketId}`, { token: BOOTSTRAP });
    const { messages } = (await res.json()) as {
      messages: Array<{ attachments: Array<{ id: string; url: string; filename: string; contentType: string }> }>;
    };
    const atts = messages.flatMap((m) => m.attachments);
    expect(atts).toHaveLength(3);
    for (const a of atts) expect(a.url).toBe(`/api/staff/attachments/${a.id}`);
    const png = atts.find((a) => a.contentType === "image/png");

    const got = await call("GET", png?.url ?? "", { token: BOOTSTRAP });
    expect(got.status).toBe(200);
    expect(got.headers.get("Content-Type")).toBe("image/png");
    expect(got.headers.get("X-Content-Type-Options")).toBe("nosniff");
    expect(got.headers.get("Content-Disposition")).toBe(
      `inline; filename="__ 1.png"; filename*=UTF-8''${encodeURIComponent("截图 1.png")}`,
    );
    expect(new Uint8Array(await got.arrayBuffer())).toEqual(PNG);

    // With a browser session too.
    const s = await signIn(BOOTSTRAP);
    expect((await callWithSession("GET", png?.url ?? "", s, { csrf: null })).status).toBe(200);
  });

  it("serves HTML and SVG as downloads that cannot run, and refuses anyone without staff credentials", async () => {
    const r = await ticketWithAttachments();
    const rows = await env.DB.prepare(
      "SELECT a.id, a.content_type FROM attachments a JOIN messages m ON m.id = a.message_id WHERE m.ticket_id = ?1",
    )
      .bind(r.ticketId)
      .all<{ id: string; content_type: string }>();
    for (const row of rows.results.filter((x) => x.content_type !== "image/png")) {
      const res = await call("GET", `/api/staff/attachments/${row.id}`, { token: BOOTSTRAP });
      expect(res.status).toBe(200);
      expect(res.headers.get("Content-Disposition")).toMatch(/^attachment;/);
      expect(res.headers.get("X-Content-Type-Options")).toBe("nosniff");
      expect(res.headers.get("Content-Security-Policy")).toContain("sandbox");
    }
    const any = rows.results[0]?.id;
    expect((await call("GET", `/api/staff/attachments/${any}`)).status).toBe(401);
    expect((await call("GET", "/api/staff/attachments/att_doesnotexist", { token: BOOTSTRAP })).status).toBe(404);
  });
});

describe("customer panel", () => {
  it("shows the contact, its linked identities, and its tickets newest first", async () => {
    const sender = `panel-${crypto.randomUUID().slice(0, 8)}@example.com`;
    const first = await customerWrites("Panel first ticket", { sender });
    await call("PATCH", `/api/staff/tickets/${first.id}`, { token: BOOTSTRAP, json: { status: "closed" } });
    const second = await customerWrites("Panel second ticket", { sender });
    const { ticket } = (await (await call("GET", `/api/staff/tickets/${second.id}`, { token: BOOTSTRAP })).json()) as {
      ticket: { contact: { id: string } };
    };
    const res = await call("GET", `/api/staff/contacts/${ticket.contact.id}`, { token: BOOTSTRAP });
    expect(res.status).toBe(200);
    const panel = (await res.json()) as {
      contact: {
        id: string;
        email: string | null;
        emailVerified: boolean;
        identities: Array<{ channel: string; externalId: string; reachable: boolean; verified: boolean }>;
      };
      tickets: Array<{ id: string; status: string; lastMessage: unknown }>;
    };
    expect(panel.contact.id).toBe(ticket.contact.id);
    // A web-form address is a claim: shown, marked unverified, never an identity of its own.
    expect(panel.contact.email).toBe(sender);
    expect(panel.contact.emailVerified).toBe(false);
    expect(panel.contact.identities).toEqual([
      expect.objectContaining({ channel: "webform", externalId: `claim:${sender}`, reachable: true, verified: false }),
    ]);
    expect(panel.tickets.map((t) => t.id)).toEqual([second.id, first.id]);
    expect(panel.tickets[1]?.status).toBe("closed");
    expect((await call("GET", "/api/staff/contacts/con_doesnotexist", { token: BOOTSTRAP })).status).toBe(404);
  });
});

describe("canned replies", () => {
  it("admins add and delete them; every staff member lists them; agents cannot write", async () => {
    const title = `Deposit delay ${crypto.randomUUID().slice(0, 6)}`;
    const created = await call("POST", "/api/staff/canned", {
      token: BOOTSTRAP,
      json: { title, body: "Hi {{customer_name}}, {{ticket_number}} is being checked.", language: "en" },
    });
    expect(created.status).toBe(201);
    const { canned } = (await created.json()) as { canned: { id: string } };
    const zh = await call("POST", "/api/staff/canned", {
      token: BOOTSTRAP,
      json: {
        title: `充值延迟 ${title}`,
        body: "{{customer_name}}您好，工单 {{ticket_number}} 正在处理。",
        language: "zh",
      },
    });
    expect(zh.status).toBe(201);

    const agent = await staffWithToken("agent");
    const listed = await call("GET", "/api/staff/canned", { token: agent.token });
    const { canned: all } = (await listed.json()) as {
      canned: Array<{ id: string; title: string; body: string; language: string }>;
    };
    expect(all.find((x) => x.id === canned.id)).toEqual(
      expect.objectContaining({ title, language: "en", body: expect.stringContaining("{{customer_name}}") }),
    );
    const onlyZh = (await (await call("GET", "/api/staff/canned?language=zh", { token: agent.token })).json()) as {
      canned: Array<{ language: string }>;
    };
    expect(onlyZh.canned.length).toBeGreaterThan(0);
    expect(onlyZh.canned.every((x) => x.language === "zh")).toBe(true);

    const denied = await call("POST", "/api/staff/canned", { token: agent.token, json: { title: "x", body: "y" } });
    expect(denied.status).toBe(403);
    expect((await call("DELETE", `/api/staff/canned/${canned.id}`, { token: agent.token })).status).toBe(403);
    const invalid = await call("POST", "/api/staff/canned", { token: BOOTSTRAP, json: { title: "", body: "y" } });
    expect(invalid.status).toBe(400);

    expect((await call("DELETE", `/api/staff/canned/${canned.id}`, { token: BOOTSTRAP })).status).toBe(204);
    expect((await call("DELETE", `/api/staff/canned/${canned.id}`, { token: BOOTSTRAP })).status).toBe(404);
    expect(await count("SELECT COUNT(*) AS n FROM canned_replies WHERE id = ?1", canned.id)).toBe(0);
    expect(await count("SELECT COUNT(*) AS n FROM audit_log WHERE target_id = ?1", canned.id)).toBe(2);
  });
});

describe("staff directory", () => {
  it("lists active staff (id, name, role, no email) to any staff member", async () => {
    const agent = await staffWithToken("agent", "Directory Agent");
    const gone = await staffWithToken("agent", "Directory Gone");
    await call("PATCH", `/api/staff/users/${gone.id}`, { token: BOOTSTRAP, json: { disabled: true } });
    const res = await call("GET", "/api/staff/directory", { token: agent.token });
    expect(res.status).toBe(200);
    const { staff } = (await res.json()) as { staff: Array<Record<string, unknown>> };
    expect(staff).toContainEqual({ id: agent.id, name: "Directory Agent", role: "agent" });
    expect(staff.some((s) => s.id === gone.id)).toBe(false);
    expect(staff.every((s) => !("email" in s))).toBe(true);
    expect((await call("GET", "/api/staff/directory")).status).toBe(401);
  });
});
