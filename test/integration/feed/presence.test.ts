import { exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { BASE, BOOTSTRAP, openTicket, signIn, staffWithToken } from "../staff/helpers";

interface Event {
  type: string;
  seq?: number;
  ticketId?: string;
  staffId?: string;
  name?: string;
  state?: string;
}

async function connect(headers: Record<string, string>) {
  const res = await exports.default.fetch(`${BASE}/api/staff/feed`, { headers: { Upgrade: "websocket", ...headers } });
  expect(res.status).toBe(101);
  const ws = res.webSocket as WebSocket;
  ws.accept();
  const events: Event[] = [];
  ws.addEventListener("message", (e) => {
    if (typeof e.data === "string" && e.data.startsWith("{")) events.push(JSON.parse(e.data));
  });
  await until(() => events.some((e) => e.type === "hello"), "hello");
  return { ws, events };
}

async function until(fn: () => boolean, what: string) {
  const end = Date.now() + 5_000;
  while (!fn()) {
    if (Date.now() > end) throw new Error(`timed out: ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe("feed with the session cookie", () => {
  it("accepts the session cookie, refuses a missing or bogus one with 401 JSON, and a foreign Origin with 403", async () => {
    const s = await signIn(BOOTSTRAP);
    const tab = await connect({ Cookie: s.cookie, Origin: BASE });
    const t = await openTicket("Feed cookie test: deposit missing");
    await until(() => tab.events.some((e) => e.type === "ticket.created" && e.ticketId === t.id), "ticket.created");
    tab.ws.close();

    for (const headers of [{}, { Cookie: "rd_session=forged-session-value" }] as Array<Record<string, string>>) {
      const res = await exports.default.fetch(`${BASE}/api/staff/feed`, {
        headers: { Upgrade: "websocket", ...headers },
      });
      expect(res.status).toBe(401);
      expect(res.webSocket).toBeNull();
      expect(await res.json()).toMatchObject({ error: { code: "unauthorized" } });
    }
    const foreign = await exports.default.fetch(`${BASE}/api/staff/feed`, {
      headers: { Upgrade: "websocket", Cookie: s.cookie, Origin: "https://evil.example" },
    });
    expect(foreign.status).toBe(403);
  });
});

describe("presence", () => {
  it("relays viewing and typing to the other tabs with the staff's id and name, and idle when a tab closes", async () => {
    const li = await staffWithToken("agent", "Li");
    const liSession = await signIn(li.token);
    const liTab = await connect({ Cookie: liSession.cookie });
    const other = await connect({ Authorization: `Bearer ${BOOTSTRAP}` });
    const t = await openTicket("Presence test: withdrawal pending");

    liTab.ws.send(JSON.stringify({ type: "presence", ticketId: t.id, state: "viewing" }));
    await until(() => other.events.some((e) => e.type === "presence" && e.state === "viewing"), "viewing");
    const viewing = other.events.find((e) => e.type === "presence");
    expect(viewing).toEqual({ type: "presence", ticketId: t.id, staffId: li.id, name: "Li", state: "viewing" });
    expect(viewing).not.toHaveProperty("seq");

    liTab.ws.send(JSON.stringify({ type: "presence", ticketId: t.id, state: "typing" }));
    await until(() => other.events.some((e) => e.type === "presence" && e.state === "typing"), "typing");
    // The sender does not get its own presence back.
    expect(liTab.events.some((e) => e.type === "presence")).toBe(false);

    // A tab that connects now learns who is already on the ticket.
    const late = await connect({ Authorization: `Bearer ${BOOTSTRAP}` });
    await until(
      () => late.events.some((e) => e.type === "presence" && e.staffId === li.id && e.ticketId === t.id),
      "snapshot",
    );

    liTab.ws.close(1000, "bye");
    await until(
      () => other.events.some((e) => e.type === "presence" && e.state === "idle" && e.ticketId === t.id),
      "idle on close",
    );
    expect(other.events.filter((e) => e.type === "presence").map((e) => e.state)).toEqual([
      "viewing",
      "typing",
      "idle",
    ]);
    other.ws.close();
    late.ws.close();
  });

  it("answers malformed presence with an error to the sender only, and stores no presence in the backlog", async () => {
    const a = await connect({ Authorization: `Bearer ${BOOTSTRAP}` });
    const b = await connect({ Authorization: `Bearer ${BOOTSTRAP}` });
    const helloSeq = a.events.find((e) => e.type === "hello")?.seq ?? 0;
    a.ws.send(JSON.stringify({ type: "presence", ticketId: "<script>", state: "viewing" }));
    a.ws.send(JSON.stringify({ type: "presence", ticketId: "tkt_abc", state: "dancing" }));
    await until(() => a.events.filter((e) => e.type === "error").length === 2, "errors");
    a.ws.send(JSON.stringify({ type: "presence", ticketId: "tkt_abc", state: "viewing" }));
    await until(() => b.events.some((e) => e.type === "presence"), "valid presence");
    expect(b.events.filter((e) => e.type === "presence" || e.type === "error")).toHaveLength(1);
    a.ws.close();
    b.ws.close();

    const replay = await exports.default.fetch(`${BASE}/api/staff/feed?since=${helloSeq}`, {
      headers: { Upgrade: "websocket", Authorization: `Bearer ${BOOTSTRAP}` },
    });
    const ws = replay.webSocket as WebSocket;
    ws.accept();
    const events: Event[] = [];
    ws.addEventListener("message", (e) => events.push(JSON.parse(e.data as string)));
    await until(() => events.some((e) => e.type === "hello"), "hello");
    expect(events.some((e) => e.type === "presence")).toBe(false);
    ws.close();
  });
});
