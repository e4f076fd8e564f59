/** The edge validators: Hono's `validator` with zod, every failure in the JSON error shape. */
import { Hono } from "hono";
import { describe, expect, it } from "vitest";
import * as z from "zod";
import { onError } from "../../../src/http";
import { jsonBody, params, query } from "../../../src/web/validate";

const Body = z.object({ body: z.string().trim().min(1) }).strict();
const Id = z.string().regex(/^tkt_[a-z0-9]+$/);

const app = new Hono()
  .post("/t/:id/notes", params({ id: Id }, "Ticket"), jsonBody(Body), (c) =>
    c.json({ id: c.req.valid("param").id, body: c.req.valid("json").body }, 201),
  )
  .get("/list", query(z.object({ q: z.string().max(20).optional() }).strict()), (c) => c.json(c.req.valid("query")));
app.onError(onError);

const post = (path: string, body: string, type = "application/json") =>
  app.request(path, { method: "POST", headers: { "Content-Type": type }, body });

async function error(res: Response) {
  return ((await res.json()) as { error: { code: string; message: string; details?: unknown } }).error;
}

describe("edge validators", () => {
  const id = `tkt_${Math.random().toString(36).slice(2)}`;

  it("hands the handler typed, trimmed data", async () => {
    const text = `  ${crypto.randomUUID()}  `;
    const res = await post(`/t/${id}/notes`, JSON.stringify({ body: text }));
    expect(res.status).toBe(201);
    expect(await res.json()).toEqual({ id, body: text.trim() });
  });

  it("refuses what is not JSON (415), broken JSON (400 invalid_json), and the wrong shape (400 validation_failed)", async () => {
    for (const type of ["text/plain", "application/x-www-form-urlencoded", "", "application/jsonx"]) {
      const res = await post(`/t/${id}/notes`, '{"body":"x"}', type);
      expect(res.status, type).toBe(415);
      expect((await error(res)).code).toBe("unsupported_media_type");
    }
    for (const broken of ["{", '{"body":', "undefined", "\u0000", '{"body":"x"}}']) {
      const res = await post(`/t/${id}/notes`, broken);
      expect(res.status, broken).toBe(400);
      expect((await error(res)).code).toBe("invalid_json");
    }
    for (const [wrong, path] of [
      [{ body: "   " }, "body"],
      [{ body: "x", extra: 1 }, "(body)"],
      [null, "(body)"],
      [[], "(body)"],
    ] as const) {
      const res = await post(`/t/${id}/notes`, JSON.stringify(wrong));
      expect(res.status).toBe(400);
      const e = await error(res);
      expect(e.code).toBe("validation_failed");
      expect(JSON.stringify(e.details)).toContain(path);
    }
  });

  it("a malformed id is a 404 before the body is read", async () => {
    for (const bad of ["x", "TKT_1", "tkt_", encodeURIComponent("tkt_1'--")]) {
      const res = await post(`/t/${bad}/notes`, "{broken");
      expect(res.status, bad).toBe(404);
      expect((await error(res)).code).toBe("not_found");
    }
  });

  it("the query: a repeated key counts once (its first value); unknown keys are refused", async () => {
    expect(await (await app.request("/list?q=a&q=b")).json()).toEqual({ q: "a" });
    const res = await app.request("/list?q=a&other=1");
    expect(res.status).toBe(400);
    expect((await error(res)).code).toBe("validation_failed");
  });
});
