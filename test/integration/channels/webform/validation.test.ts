import { exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { pick, randomPhrase } from "../../../support/phrases";
import {
  BASE,
  type FilePart,
  formPayload,
  PNG_1X1,
  postJson,
  postMultipart,
  postUrlencoded,
  r2ObjectsFor,
  rowsFor,
  uniqueIp,
} from "./builders";

const NOTHING = { tickets: 0, messages: 0, contacts: 0, attachments: 0 };

interface ErrorJson {
  error: { code: string; message: string; details?: Array<{ path: string; message: string }> };
}

/** Sends a bad request and asserts its status, error code and that it stored nothing at all. */
async function expectRejected(
  p: ReturnType<typeof formPayload>,
  send: () => Promise<Response>,
  status: number,
  code: string,
): Promise<ErrorJson> {
  const res = await send();
  expect(res.status).toBe(status);
  const body = (await res.json()) as ErrorJson;
  expect(body.error.code).toBe(code);
  expect(await rowsFor(p)).toEqual(NOTHING);
  expect(await r2ObjectsFor(p.idempotencyKey)).toEqual([]);
  return body;
}

describe("POST /api/tickets rejects bad input and writes nothing", () => {
  it("a missing email: 400 naming the field", async () => {
    const p = formPayload();
    const body = await expectRejected(
      p,
      () => postJson("/api/tickets", { ...p, email: undefined }),
      400,
      "validation_failed",
    );
    expect(body.error.details?.map((d) => d.path)).toEqual(["email"]);
  });

  it("a malformed email, an unknown category and an empty subject: 400 listing each", async () => {
    const p = formPayload();
    const body = await expectRejected(
      p,
      () => postJson("/api/tickets", { ...p, email: "not-an-email", category: "lottery", subject: "   " }),
      400,
      "validation_failed",
    );
    expect(body.error.details?.map((d) => d.path).sort()).toEqual(["category", "email", "subject"]);
  });

  it("an email longer than 254 characters and a bad idempotency key", async () => {
    const p = formPayload();
    const body = await expectRejected(
      p,
      () => postJson("/api/tickets", { ...p, email: `${"a".repeat(250)}@example.com`, idempotencyKey: "short" }),
      400,
      "validation_failed",
    );
    expect(body.error.details?.map((d) => d.path).sort()).toEqual(["email", "idempotencyKey"]);
  });

  it("an email address holding a seed phrase (kept to answer to, so never redacted): 400, nothing stored", async () => {
    const phrase = randomPhrase({ lang: "en" });
    const email = `${phrase.words.join(pick([".", "_", "-"]))}@${pick(["example.com", "gmail.test"])}`;
    const p = formPayload({ email });
    const body = await expectRejected(p, () => postJson("/api/tickets", p), 400, "validation_failed");
    expect(body.error.details?.map((d) => d.path)).toEqual(["email"]);
    expect(JSON.stringify(body)).not.toContain(email);
  });

  it("malformed JSON: 400 invalid_json", async () => {
    const p = formPayload();
    await expectRejected(p, () => postJson("/api/tickets", `{"email": "${p.email}", "subject": `), 400, "invalid_json");
  });

  it("a content type it does not take: 415", async () => {
    const p = formPayload();
    await expectRejected(
      p,
      () =>
        exports.default.fetch(`${BASE}/api/tickets`, {
          method: "POST",
          headers: { "Content-Type": "text/plain", "CF-Connecting-IP": uniqueIp() },
          body: JSON.stringify(p),
        }),
      415,
      "unsupported_media_type",
    );
  });

  it("a 10 MB description in JSON: 413 before parsing", async () => {
    const p = formPayload();
    const huge = { ...p, description: "x".repeat(10 * 1024 * 1024) };
    await expectRejected(p, () => postJson("/api/tickets", huge), 413, "payload_too_large");
  });

  it("an oversized body without Content-Length (streamed): 413 as well", async () => {
    const p = formPayload();
    const json = new TextEncoder().encode(JSON.stringify({ ...p, description: "z".repeat(200 * 1024) }));
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < json.length; i += 16 * 1024) controller.enqueue(json.slice(i, i + 16 * 1024));
        controller.close();
      },
    });
    await expectRejected(
      p,
      () =>
        exports.default.fetch(`${BASE}/api/tickets`, {
          method: "POST",
          headers: { "Content-Type": "application/json", "CF-Connecting-IP": uniqueIp() },
          body: stream,
        }),
      413,
      "payload_too_large",
    );
  });

  it("a description over 20,000 characters in a multipart form: 400", async () => {
    const p = formPayload();
    const body = await expectRejected(
      p,
      () => postMultipart("/api/tickets", { ...p, description: "y".repeat(20_001) }),
      400,
      "validation_failed",
    );
    expect(body.error.details?.map((d) => d.path)).toEqual(["description"]);
  });

  it("an attachment over ATTACHMENT_MAX_BYTES: 413 attachment_too_large", async () => {
    const p = formPayload();
    const big = new Uint8Array(10 * 1024 * 1024 + 1);
    big.set(PNG_1X1);
    await expectRejected(
      p,
      () => postMultipart("/api/tickets", p, [{ name: "big.png", type: "image/png", data: big }]),
      413,
      "attachment_too_large",
    );
  });

  it("more files than ATTACHMENT_MAX_COUNT: 413", async () => {
    const p = formPayload();
    const files: FilePart[] = Array.from({ length: 6 }, (_, i) => ({
      name: `${i}.txt`,
      type: "text/plain",
      data: "hi",
    }));
    await expectRejected(p, () => postMultipart("/api/tickets", p, files), 413, "too_many_attachments");
  });

  it("a disallowed type (HTML, SVG, executables): 415, even next to a good file", async () => {
    for (const bad of [
      { name: "page.html", type: "text/html", data: "<script>alert(1)</script>" },
      { name: "logo.svg", type: "image/svg+xml", data: "<svg/>" },
      { name: "setup.exe", type: "application/octet-stream", data: "MZ" },
    ]) {
      const p = formPayload();
      await expectRejected(
        p,
        () => postMultipart("/api/tickets", p, [{ name: "ok.png", type: "image/png", data: PNG_1X1 }, bad]),
        415,
        "attachment_type_not_allowed",
      );
    }
  });

  it("a PNG whose bytes are not a PNG, and a PDF that is not a PDF: 415", async () => {
    for (const liar of [
      { name: "shot.png", type: "image/png", data: "<html>definitely not a png</html>" },
      { name: "doc.pdf", type: "application/pdf", data: new Uint8Array([0xff, 0xd8, 0xff, 0xe0]) },
    ]) {
      const p = formPayload();
      await expectRejected(p, () => postMultipart("/api/tickets", p, [liar]), 415, "attachment_type_not_allowed");
    }
  });

  it("a filled honeypot: looks like success, stores nothing", async () => {
    const p = formPayload({ website: "http://spam.example" });
    const res = await postJson("/api/tickets", p);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { ticket: { number: string }; link: string };
    expect(body.ticket.number).toMatch(/^RD-\d+$/);
    expect(body.link).toMatch(/^\/t\//);
    expect(await rowsFor(p)).toEqual(NOTHING);

    const form = formPayload({ website: "spam" });
    const page = await postMultipart("/api/tickets", form, [{ name: "a.png", type: "image/png", data: PNG_1X1 }], {
      browser: true,
    });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("We received your request.");
    expect(await rowsFor(form)).toEqual(NOTHING);
    expect(await r2ObjectsFor(form.idempotencyKey)).toEqual([]);
  });

  it("shows a browser a localized error page with the same status and what to fix", async () => {
    const p = formPayload({ lang: "zh", email: "nope" });
    const res = await postUrlencoded("/api/tickets", p, { browser: true });
    expect(res.status).toBe(400);
    expect(res.headers.get("Content-Type")).toMatch(/^text\/html/);
    const html = await res.text();
    expect(html).toContain('role="alert"');
    expect(html).toContain("电子邮箱");
    expect(html).toContain("请输入有效的电子邮箱地址");
    expect(html).toContain('href="/support?lang=zh"');
    expect(await rowsFor(p)).toEqual(NOTHING);

    const tooBig = await postMultipart(
      "/api/tickets",
      formPayload(),
      [{ name: "x.png", type: "image/png", data: "not png" }],
      { browser: true, headers: { "Accept-Language": "en" } },
    );
    expect(tooBig.status).toBe(415);
    expect(await tooBig.text()).toContain("This kind of file is not accepted");
  });

  it("rate limits per client IP: the 11th request in a minute gets 429", async () => {
    const ip = uniqueIp();
    const p = formPayload({ email: "invalid" });
    const statuses: number[] = [];
    for (let i = 0; i < 11; i++) statuses.push((await postJson("/api/tickets", p, { ip })).status);
    expect(statuses.slice(0, 10)).toEqual(Array(10).fill(400));
    expect(statuses[10]).toBe(429);
    // Another address is unaffected.
    expect((await postJson("/api/tickets", p)).status).toBe(400);
  });
});
