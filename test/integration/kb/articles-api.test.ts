/** Admin API for the knowledge base: admins write, agents read, bad input is a 4xx with nothing written; the bot uses it at once. */
import { describe, expect, it } from "vitest";
import { formPayload, postJson } from "../channels/webform/builders";
import { api } from "../requests";
import { staffWithToken } from "../staff/helpers";
import { messageRows } from "../support";

async function newTicket(description: string): Promise<string> {
  const res = await postJson("/api/tickets", formPayload({ category: "other", subject: description, description }));
  expect(res.status).toBe(201);
  return ((await res.json()) as { ticket: { id: string } }).ticket.id;
}

describe("knowledge base API", () => {
  it("admins create, edit, disable and delete articles; the bot uses them at once", async () => {
    const word = `quux${crypto.randomUUID().slice(0, 6)}`;
    const agent = await staffWithToken("agent");
    const article = { language: "en", title: `About ${word}`, body: `All about ${word}.`, keywords: [word] };
    expect((await api("POST", "/api/staff/kb/articles", { token: agent.token, json: article })).status).toBe(403);
    const bad = await api("POST", "/api/staff/kb/articles", { json: { ...article, language: "fr" } });
    expect(bad.status).toBe(400);

    const created = await api("POST", "/api/staff/kb/articles", { json: article });
    expect(created.status).toBe(201);
    const { article: a } = (await created.json()) as { article: { id: string; enabled: boolean } };
    expect(a.enabled).toBe(true);
    const listed = await api("GET", "/api/staff/kb/articles?language=en", { token: agent.token });
    expect(((await listed.json()) as { articles: Array<{ id: string }> }).articles.map((x) => x.id)).toContain(a.id);

    const t1 = await newTicket(`question about ${word}`);
    expect((await messageRows(t1)).find((m) => m.author === "bot")?.body).toContain(`About ${word}`);

    const off = await api("PUT", `/api/staff/kb/articles/${a.id}`, { json: { ...article, enabled: false } });
    expect(off.status).toBe(200);
    const t2 = await newTicket(`question about ${word}`);
    expect((await messageRows(t2)).find((m) => m.author === "bot")?.body).not.toContain(`About ${word}`);

    expect((await api("DELETE", `/api/staff/kb/articles/${a.id}`, { token: agent.token })).status).toBe(403);
    expect((await api("DELETE", `/api/staff/kb/articles/${a.id}`)).status).toBe(204);
    expect((await api("GET", `/api/staff/kb/articles/${a.id}`)).status).toBe(404);
    expect((await api("PUT", `/api/staff/kb/articles/${a.id}`, { json: article })).status).toBe(404);
  });

  it("ships zh and en articles", async () => {
    const res = await api("GET", "/api/staff/kb/articles");
    const { articles } = (await res.json()) as { articles: Array<{ language: string }> };
    expect(articles.filter((x) => x.language === "zh").length).toBeGreaterThanOrEqual(5);
    expect(articles.filter((x) => x.language === "en").length).toBeGreaterThanOrEqual(5);
  });
});
