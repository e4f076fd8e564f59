/** Admin API for triage rules: admins write, agents read, bad input is a 4xx with nothing written. */
import { afterAll, describe, expect, it } from "vitest";
import { DEFAULT_TRIAGE_RULES } from "../../../src/core/triage-rules";
import { formPayload, postJson } from "../channels/webform/builders";
import { api } from "../requests";
import { staffWithToken } from "../staff/helpers";
import { staffTicket } from "../support";

async function newTicket(description: string): Promise<string> {
  const res = await postJson("/api/tickets", formPayload({ category: "other", subject: description, description }));
  expect(res.status).toBe(201);
  return ((await res.json()) as { ticket: { id: string } }).ticket.id;
}

describe("triage rules API", () => {
  afterAll(async () => {
    // Storage is shared with other test files: leave the defaults behind.
    await api("PUT", "/api/staff/triage/rules", { json: DEFAULT_TRIAGE_RULES });
  });

  it("serves the rules the migrations stored (0005, then 0012), equal to DEFAULT_TRIAGE_RULES", async () => {
    const agent = await staffWithToken("agent");
    const res = await api("GET", "/api/staff/triage/rules", { token: agent.token });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { rules: unknown };
    expect(body.rules).toEqual(DEFAULT_TRIAGE_RULES);
  });

  it("agents may not change rules; bad rules are a 400 and change nothing", async () => {
    const agent = await staffWithToken("agent");
    const forbidden = await api("PUT", "/api/staff/triage/rules", {
      token: agent.token,
      json: DEFAULT_TRIAGE_RULES,
    });
    expect(forbidden.status).toBe(403);
    const bad = await api("PUT", "/api/staff/triage/rules", {
      json: { categories: [{ category: "deposit", patterns: ["(unclosed"] }], priorities: [] },
    });
    expect(bad.status).toBe(400);
    const err = (await bad.json()) as { error: { code: string; details: Array<{ path: string }> } };
    expect(err.error.code).toBe("validation_failed");
    expect(err.error.details[0]?.path).toBe("categories.0.patterns.0");
    const unknown = await api("PUT", "/api/staff/triage/rules", {
      json: { categories: [{ category: "lottery", en: ["x"] }], priorities: [] },
    });
    expect(unknown.status).toBe(400);
    const now = (await (await api("GET", "/api/staff/triage/rules")).json()) as { rules: unknown };
    expect(now.rules).toEqual(DEFAULT_TRIAGE_RULES);
  });

  it("an edited rule set decides the next ticket", async () => {
    const word = `zorb${crypto.randomUUID().slice(0, 6)}`;
    const edited = {
      categories: [...DEFAULT_TRIAGE_RULES.categories, { category: "promotions", weight: 10, en: [word] }],
      priorities: [
        ...DEFAULT_TRIAGE_RULES.priorities,
        { priority: "urgent", name: "test word", patterns: [`${word}!+`] },
      ],
    };
    const put = await api("PUT", "/api/staff/triage/rules", { json: edited });
    expect(put.status).toBe(200);
    expect(((await put.json()) as { updatedBy: string }).updatedBy).toBe("stf_bootstrap");
    const id = await newTicket(`where is my ${word}!!`);
    expect((await staffTicket(id)).ticket).toMatchObject({ category: "promotions", priority: "urgent" });
    const calm = await newTicket(`where is my ${word}`);
    expect((await staffTicket(calm)).ticket).toMatchObject({ category: "promotions", priority: "normal" });
  });
});
