/** GET /api/staff/tags (the inbox's tag filter) and `tag=` on the list, with generated tags. */
import { describe, expect, it } from "vitest";
import { api, unique, webformTicket } from "../requests";
import { staffWithToken } from "./helpers";

const pick = <T>(xs: readonly T[]): T => xs[Math.floor(Math.random() * xs.length)] as T;

/** Tags in many shapes: Chinese, markup, quotes, SQL-ish, emoji; each made unique for this run. */
function generatedTag(): string {
  const run = unique("").slice(0, 6);
  const shape = pick([
    (r: string) => `vip-${r}`,
    (r: string) => `退款${r}`,
    (r: string) => `<b>${r}</b>`,
    (r: string) => `x' OR '1'='1${r}`,
    (r: string) => `🔥${r}`,
    (r: string) => `a%_${r}`,
  ]);
  return shape(run).slice(0, 40);
}

interface ListJson {
  tickets: Array<{ id: string; tags: string[] }>;
}

describe("tags in use and the tag filter", () => {
  it("counts each tag's tickets, and tag= lists exactly them, for an agent too", async () => {
    const tags = Array.from({ length: 4 }, generatedTag);
    const tickets = await Promise.all(Array.from({ length: 5 }, () => webformTicket()));
    const carried = new Map<string, string[]>(tags.map((t) => [t, []]));
    for (const t of tickets) {
      const mine = tags.filter(() => Math.random() < 0.5);
      const res = await api("PATCH", `/api/staff/tickets/${t.id}`, { json: { tags: mine.length ? mine : [tags[0]] } });
      expect(res.status).toBe(200);
      for (const tag of mine.length ? mine : [tags[0] as string]) carried.get(tag)?.push(t.id);
    }
    const agent = await staffWithToken("agent");
    const res = await api("GET", "/api/staff/tags", { token: agent.token });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { tags: Array<{ tag: string; count: number }>; limit: number };
    expect(body.limit).toBeGreaterThan(0);
    // Most used first, then by name.
    for (let i = 1; i < body.tags.length; i++) {
      const a = body.tags[i - 1] as { tag: string; count: number };
      const b = body.tags[i] as { tag: string; count: number };
      expect(a.count > b.count || (a.count === b.count && a.tag < b.tag), `${a.tag} before ${b.tag}`).toBe(true);
    }
    for (const [tag, ids] of carried) {
      if (!ids.length) continue;
      expect(body.tags.find((x) => x.tag === tag)?.count, tag).toBe(ids.length);
      const list = await api("GET", `/api/staff/tickets?tag=${encodeURIComponent(tag)}&limit=100`, {
        token: agent.token,
      });
      expect(list.status).toBe(200);
      const { tickets: got } = (await list.json()) as ListJson;
      expect(new Set(got.map((t) => t.id)), tag).toEqual(new Set(ids));
      for (const t of got) expect(t.tags).toContain(tag);
    }
    // Untagging leaves the count (and the filter) at once.
    const first = tickets[0] as { id: string };
    await api("PATCH", `/api/staff/tickets/${first.id}`, { json: { tags: [] } });
    const after = (await (await api("GET", "/api/staff/tags")).json()) as {
      tags: Array<{ tag: string; count: number }>;
    };
    for (const [tag, ids] of carried) {
      const left = ids.filter((id) => id !== first.id).length;
      expect(after.tags.find((x) => x.tag === tag)?.count ?? 0, tag).toBe(left);
    }
  });

  it("needs staff credentials; a bad tag filter is a 400 JSON error", async () => {
    const anon = await api("GET", "/api/staff/tags", { token: null });
    expect(anon.status).toBe(401);
    const forged = await api("GET", "/api/staff/tags", { token: "not-a-token" });
    expect(forged.status).toBe(401);
    const long = await api("GET", `/api/staff/tickets?tag=${"x".repeat(41)}`);
    expect(long.status).toBe(400);
    expect(((await long.json()) as { error: { code: string } }).error.code).toBe("validation_failed");
  });
});
