/**
 * Tagging and untagging an incident's tickets by id or by number (`RD-1042`, `1042`, `#1042`): admins
 * only, audited, and all-or-nothing: junk or unknown numbers are a 400 naming them, with nothing written.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { BOOTSTRAP, call, count, openTicket, staffWithToken } from "../staff/helpers";

interface TicketsJson {
  ticketIds: string[];
  tickets: Array<{ id: string; number: string; status: string }>;
}
interface ErrorJson {
  error: { code: string; message: string; details?: Array<{ path: string; message: string }> };
}

const digits = (n: string) => n.replace(/^RD-/, "");

/** A random pick of the ways people write a ticket number. */
function written(number: string): string | number {
  const d = digits(number);
  const ways = [`RD-${d}`, `rd-${d}`, `#${d}`, d, ` ${d} `, Number(d)];
  return ways[Math.floor(Math.random() * ways.length)] as string | number;
}

/** Text that is not a ticket number, fresh each run. */
function junkNumbers(): unknown[] {
  const r = () => Math.floor(Math.random() * 1e6);
  return [
    "",
    "RD-",
    `RD-${r()}x`,
    `RD ${r()}`,
    `${r()}.5`,
    `-${r()}`,
    "0",
    0,
    -r(),
    r() + 0.25,
    `${"9".repeat(10 + (r() % 5))}`,
    `１２${r()}`,
    `${r()}; DROP TABLE tickets`,
    `tk_${r()}`,
    null,
    { number: r() },
    `RD-${r()}`.repeat(4),
  ];
}

async function newIncident(token = BOOTSTRAP, body: Record<string, unknown> = {}) {
  const res = await call("POST", "/api/staff/incidents", {
    token,
    json: { title: `Outage ${crypto.randomUUID()}`, ...body },
  });
  return res;
}

let admin: { id: string; token: string };
let agent: { id: string; token: string };
beforeAll(async () => {
  admin = await staffWithToken("admin");
  agent = await staffWithToken("agent");
});

describe("incident tickets by number", { timeout: 30_000 }, () => {
  it("tags by number in any written form, by id, both at once, and lists the tickets with their numbers", async () => {
    const [a, b, c] = [await openTicket(), await openTicket(), await openTicket()];
    const created = await newIncident(admin.token, { ticketNumbers: [written(a.number)] });
    expect(created.status).toBe(201);
    const { incident, tickets } = (await created.json()) as {
      incident: { id: string; ticketCount: number };
    } & TicketsJson;
    expect(incident.ticketCount).toBe(1);
    expect(tickets).toEqual([{ id: a.id, number: a.number, status: expect.any(String) }]);

    const tagged = await call("POST", `/api/staff/incidents/${incident.id}/tickets`, {
      token: admin.token,
      json: { ticketNumbers: [written(b.number), written(b.number), written(a.number)], ticketIds: [c.id] },
    });
    expect(tagged.status).toBe(200);
    const body = (await tagged.json()) as TicketsJson;
    expect(body.tickets.map((t) => t.number).sort()).toEqual([a.number, b.number, c.number].sort());
    expect(body.ticketIds.sort()).toEqual([a.id, b.id, c.id].sort());
    expect(await count("SELECT COUNT(*) AS n FROM incident_tickets WHERE incident_id = ?1", incident.id)).toBe(3);
    const audits = await count(
      "SELECT COUNT(*) AS n FROM audit_log WHERE target_id = ?1 AND actor_id = ?2 AND action IN ('incident.create', 'incident.tag')",
      incident.id,
      admin.id,
    );
    expect(audits).toBe(3);

    const got = (await (
      await call("GET", `/api/staff/incidents/${incident.id}`, { token: agent.token })
    ).json()) as TicketsJson;
    expect(got.tickets.map((t) => t.id).sort()).toEqual([a.id, b.id, c.id].sort());
  });

  it("refuses junk numbers and unknown tickets with a 400 that names them, writing nothing", async () => {
    const known = await openTicket();
    const res = await newIncident(admin.token);
    const { incident } = (await res.json()) as { incident: { id: string } };
    const max = await count("SELECT MAX(number) AS n FROM tickets");
    const unknownNumbers = [max + 1 + Math.floor(Math.random() * 1000), max + 5000 + Math.floor(Math.random() * 1e5)];
    const before = await count("SELECT COUNT(*) AS n FROM audit_log WHERE target_id = ?1", incident.id);

    for (const junk of junkNumbers()) {
      const bad = await call("POST", `/api/staff/incidents/${incident.id}/tickets`, {
        token: admin.token,
        json: { ticketNumbers: [written(known.number), junk] },
      });
      expect(bad.status, JSON.stringify(junk)).toBe(400);
      expect(((await bad.json()) as ErrorJson).error.code).toBe("validation_failed");
    }
    const unknown = await call("POST", `/api/staff/incidents/${incident.id}/tickets`, {
      token: admin.token,
      json: { ticketNumbers: [known.number, ...unknownNumbers.map((n) => `RD-${n}`)], ticketIds: ["tk_nonexistent_1"] },
    });
    expect(unknown.status).toBe(400);
    const err = ((await unknown.json()) as ErrorJson).error;
    expect(err.code).toBe("validation_failed");
    const said = (err.details ?? []).map((d) => d.message).join(" ");
    for (const n of unknownNumbers) expect(said).toContain(`RD-${n}`);
    expect(said).toContain("tk_nonexistent_1");
    expect(said).not.toContain(known.number);

    // An empty request and a create naming an unknown ticket are refused too; no incident is opened for the latter.
    const empty = await call("POST", `/api/staff/incidents/${incident.id}/tickets`, { token: admin.token, json: {} });
    expect(empty.status).toBe(400);
    const title = `Outage ${crypto.randomUUID()}`;
    const refusedCreate = await call("POST", "/api/staff/incidents", {
      token: admin.token,
      json: { title, ticketNumbers: [known.number, `RD-${unknownNumbers[0]}`] },
    });
    expect(refusedCreate.status).toBe(400);
    expect(await count("SELECT COUNT(*) AS n FROM incidents WHERE title = ?1", title)).toBe(0);

    expect(await count("SELECT COUNT(*) AS n FROM incident_tickets WHERE incident_id = ?1", incident.id)).toBe(0);
    expect(await count("SELECT COUNT(*) AS n FROM audit_log WHERE target_id = ?1", incident.id)).toBe(before);
  });

  it("untags by id or number; a ticket not tagged (or not there) is a 404 that writes nothing", async () => {
    const [a, b, other] = [await openTicket(), await openTicket(), await openTicket()];
    const res = await newIncident(admin.token, { ticketIds: [a.id, b.id] });
    const { incident } = (await res.json()) as { incident: { id: string } };
    const untag = (ref: string) =>
      call("DELETE", `/api/staff/incidents/${incident.id}/tickets/${encodeURIComponent(ref)}`, { token: admin.token });

    const byNumber = await untag(a.number);
    expect(byNumber.status).toBe(200);
    expect(((await byNumber.json()) as TicketsJson).ticketIds).toEqual([b.id]);
    const audits = () =>
      count("SELECT COUNT(*) AS n FROM audit_log WHERE target_id = ?1 AND action = 'incident.untag'", incident.id);
    expect(await audits()).toBe(1);

    for (const ref of [a.number, other.id, other.number, "RD-0", "not-a-ticket", `RD-${"9".repeat(12)}`]) {
      const miss = await untag(ref);
      expect(miss.status, ref).toBe(404);
      expect(((await miss.json()) as ErrorJson).error.code).toBe("not_found");
    }
    expect(await audits()).toBe(1);

    expect((await untag(b.id)).status).toBe(200);
    expect(await count("SELECT COUNT(*) AS n FROM incident_tickets WHERE incident_id = ?1", incident.id)).toBe(0);
    expect(await audits()).toBe(2);
  });

  it("lets an agent open, tag, untag and resolve (each audited as theirs) but not broadcast (403, nothing sent)", async () => {
    const t = await openTicket();
    const other = await openTicket();
    const res = await newIncident(agent.token, { title: "agent outage", ticketNumbers: [t.number] });
    expect(res.status).toBe(201);
    const { incident } = (await res.json()) as { incident: { id: string } };
    const path = `/api/staff/incidents/${incident.id}`;
    const steps: Array<[string, string, unknown]> = [
      ["POST", `${path}/tickets`, { ticketNumbers: [other.number] }],
      ["DELETE", `${path}/tickets/${t.number}`, undefined],
      ["PATCH", path, { status: "resolved" }],
    ];
    for (const [method, p, json] of steps) {
      expect((await call(method, p, { token: agent.token, json })).status, `${method} ${p}`).toBe(200);
    }
    const broadcast = await call("POST", `${path}/broadcasts`, {
      token: agent.token,
      json: { body: "hello" },
      headers: { "Idempotency-Key": crypto.randomUUID() },
    });
    expect(broadcast.status).toBe(403);
    const after = (await (await call("GET", path, { token: agent.token })).json()) as TicketsJson & {
      incident: { status: string };
    };
    expect(after.ticketIds).toEqual([other.id]);
    expect(after.incident.status).toBe("resolved");
    expect(await count("SELECT COUNT(*) AS n FROM audit_log WHERE actor_id = ?1", agent.id)).toBe(2 + steps.length); // opened + tagged, then each step
    expect(await count("SELECT COUNT(*) AS n FROM incident_broadcasts WHERE incident_id = ?1", incident.id)).toBe(0);
  });
});
