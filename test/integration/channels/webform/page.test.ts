import { describe, expect, it } from "vitest";
import { CATEGORIES } from "../../../../src/core/ticket";
import { get } from "./builders";

/** Every `id` a `<label for>` points at, and every visible input's id. */
function labelsAndInputs(html: string) {
  const labelled = new Set([...html.matchAll(/<label for="([^"]+)"/g)].map((m) => m[1]));
  const inputs = [...html.matchAll(/<(input|select|textarea)\b([^>]*)>/g)]
    .map((m) => m[2] ?? "")
    .filter((attrs) => !/type="hidden"/.test(attrs))
    .map((attrs) => /id="([^"]+)"/.exec(attrs)?.[1]);
  return { labelled, inputs };
}

function hiddenValue(html: string, name: string): string | undefined {
  return new RegExp(`<input type="hidden" name="${name}" value="([^"]*)"`).exec(html)?.[1];
}

describe("GET /support", () => {
  it("renders the English form that works without JavaScript", async () => {
    const res = await get("/support?lang=en");
    expect(res.status).toBe(200);
    expect(res.headers.get("Content-Type")).toMatch(/^text\/html/);
    expect(res.headers.get("Cache-Control")).toBe("no-store");
    const html = await res.text();
    expect(html.startsWith("<!doctype html>")).toBe(true);
    expect(html).toContain('<html lang="en">');
    expect(html).toContain('<form class="card" method="post" action="/api/tickets" enctype="multipart/form-data"');
    expect(html).toContain("Contact support");
    for (const name of ["email", "name", "category", "subject", "description", "uid", "txid", "attachments"]) {
      expect(html).toMatch(new RegExp(`name="${name}"`));
    }
    expect(html).toMatch(/<input id="f-attachments" name="attachments" type="file" multiple/);
    // Required fields are marked and enforced.
    expect(html).toMatch(/<input id="f-email" name="email" type="email" required=""/);
    expect(html).toMatch(/<input id="f-subject" name="subject" type="text" required=""/);
    expect(html).toMatch(/<textarea id="f-description" name="description" required=""/);
    expect(html).toContain("Fields marked * are required.");
    // Every visible control has a label pointing at it.
    const { labelled, inputs } = labelsAndInputs(html);
    expect(inputs.length).toBeGreaterThanOrEqual(9);
    for (const id of inputs) expect(labelled.has(id)).toBe(true);
    // Every category is offered, with a readable label.
    for (const c of CATEGORIES) expect(html).toContain(`value="${c}"`);
    expect(html).toContain("Identity verification (KYC)");
    // The honeypot is there, hidden from people and out of the tab order.
    expect(html).toMatch(/<div class="visually-hidden" aria-hidden="true"><label for="f-website">/);
    expect(html).toMatch(/<input id="f-website" name="website" type="text" tabindex="-1" autocomplete="off"/);
    expect(hiddenValue(html, "lang")).toBe("en");
    expect(hiddenValue(html, "idempotencyKey")).toMatch(/^[0-9a-f-]{36}$/);
    // A link to the other language, and no Turnstile without a site key.
    expect(html).toContain('href="/support?lang=zh"');
    expect(html).not.toContain("cf-turnstile");
  });

  it("renders Chinese when asked by query or by Accept-Language", async () => {
    for (const res of [
      await get("/support?lang=zh"),
      await get("/support", { headers: { "Accept-Language": "zh-CN,zh;q=0.9,en;q=0.8" } }),
    ]) {
      expect(res.status).toBe(200);
      const html = await res.text();
      expect(html).toContain('<html lang="zh-CN">');
      expect(html).toContain("联系客服");
      expect(html).toContain("电子邮箱");
      expect(html).toContain("身份认证（KYC）");
      expect(hiddenValue(html, "lang")).toBe("zh");
      expect(html).toContain('href="/support?lang=en"');
      const { labelled, inputs } = labelsAndInputs(html);
      for (const id of inputs) expect(labelled.has(id)).toBe(true);
    }
  });

  it("defaults to English and gives every render a fresh idempotency key", async () => {
    const a = await (await get("/support", { headers: { "Accept-Language": "fr-FR" } })).text();
    const b = await (await get("/support")).text();
    expect(a).toContain('<html lang="en">');
    expect(hiddenValue(a, "idempotencyKey")).toBeTruthy();
    expect(hiddenValue(a, "idempotencyKey")).not.toBe(hiddenValue(b, "idempotencyKey"));
  });
});
