/**
 * Every webhook and form route refuses an oversized body with 413 `payload_too_large` in the JSON error
 * shape, before it reads or stores anything: declared by Content-Length or streamed without one.
 */
import { exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { count } from "../support";

const BASE = "http://relaydesk.test";

function chunks(total: number, chunk: number): ReadableStream<Uint8Array> {
  let sent = 0;
  return new ReadableStream({
    pull(controller) {
      if (sent >= total) return controller.close();
      const n = Math.min(chunk, total - sent);
      sent += n;
      controller.enqueue(new Uint8Array(n).fill(0x61));
    },
  });
}

async function post(path: string, body: BodyInit, headers: Record<string, string>): Promise<Response> {
  return exports.default.fetch(`${BASE}${path}`, { method: "POST", headers, body });
}

async function expect413(res: Response): Promise<void> {
  expect(res.status).toBe(413);
  expect(res.headers.get("Content-Type")).toMatch(/application\/json/);
  const body = (await res.json()) as { error: { code: string; message: string } };
  expect(body.error.code).toBe("payload_too_large");
  expect(body.error.message).toBeTruthy();
}

const FORM_TEXT_MAX = 64 * 1024;
const form = { "Content-Type": "application/x-www-form-urlencoded", Origin: BASE };

describe("body limits", () => {
  it("text form posts (rating, sign-in, sign-out, sandbox) stop at 64 KiB", async () => {
    const token = crypto.randomUUID().replaceAll("-", "");
    const over = `rating=5&pad=${"x".repeat(FORM_TEXT_MAX)}`;
    const before = await count("SELECT COUNT(*) AS n FROM messages");
    for (const path of [`/t/${token}/csat`, "/staff/login", "/staff/logout", "/dev/sandbox/inbound"]) {
      await expect413(await post(path, over, form));
      // Without a Content-Length the body is counted as it streams in.
      await expect413(await post(path, chunks(FORM_TEXT_MAX + 1 + Math.floor(Math.random() * 4096), 5000), form));
    }
    expect(await count("SELECT COUNT(*) AS n FROM messages")).toBe(before);
  });

  it("a body of exactly 64 KiB still reaches the route", async () => {
    const head = `channel=webform&sender=a%40example.com&text=${"y".repeat(19_000)}&pad=`;
    const body = head + "z".repeat(FORM_TEXT_MAX - head.length);
    const res = await exports.default.fetch(`${BASE}/dev/sandbox/inbound`, {
      method: "POST",
      headers: form,
      body,
      redirect: "manual",
    });
    expect(res.status).toBe(303);
  });

  it("the email provider webhooks stop at 40 MiB, even unsigned, and an unknown provider stays a 404", async () => {
    const headers = { "Content-Type": "application/json" };
    await expect413(await post("/webhooks/email/postmark", chunks(40 * 1024 * 1024 + 1, 1 << 20), headers));
    const unknown = await post("/webhooks/email/nosuch", "{}", headers);
    expect(unknown.status).toBe(404);
  });
});
