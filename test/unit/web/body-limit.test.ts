/** `webhookBodyLimit`: Hono's bodyLimit answering 413 in the JSON error shape, by Content-Length or by counting a stream. */
import { Hono } from "hono";
import { describe, expect, it } from "vitest";
import { onError, webhookBodyLimit } from "../../../src/http";

function appWithLimit(max: number) {
  let reached = 0;
  const app = new Hono();
  app.onError(onError);
  app.post("/hook", webhookBodyLimit(max), async (c) => {
    reached++;
    return c.json({ bytes: (await c.req.arrayBuffer()).byteLength });
  });
  return { app, reached: () => reached };
}

function streamOf(sizes: number[]): ReadableStream<Uint8Array> {
  let i = 0;
  return new ReadableStream({
    pull(controller) {
      const size = sizes[i++];
      if (size === undefined) controller.close();
      else controller.enqueue(crypto.getRandomValues(new Uint8Array(size)));
    },
  });
}

async function errorCode(res: Response): Promise<string> {
  return ((await res.json()) as { error: { code: string } }).error.code;
}

describe("webhookBodyLimit", () => {
  const max = 1000 + Math.floor(Math.random() * 5000);

  it("lets a body of exactly the limit through, whole", async () => {
    const { app } = appWithLimit(max);
    const res = await app.request("/hook", { method: "POST", body: new Uint8Array(max) });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ bytes: max });
  });

  it("refuses one byte more by its Content-Length, before the handler runs", async () => {
    const { app, reached } = appWithLimit(max);
    const res = await app.request("/hook", { method: "POST", body: new Uint8Array(max + 1) });
    expect(res.status).toBe(413);
    expect(await errorCode(res)).toBe("payload_too_large");
    expect(reached()).toBe(0);
  });

  it("counts a body without Content-Length as it streams in", async () => {
    const { app, reached } = appWithLimit(max);
    // Random chunk sizes that add up to just over the limit.
    const sizes: number[] = [];
    let total = 0;
    while (total <= max) {
      const n = 1 + Math.floor(Math.random() * 700);
      sizes.push(n);
      total += n;
    }
    const res = await app.request("/hook", { method: "POST", body: streamOf(sizes), duplex: "half" } as RequestInit);
    expect(res.status).toBe(413);
    expect(await errorCode(res)).toBe("payload_too_large");
    expect(reached()).toBe(0);

    const fits = await app.request("/hook", {
      method: "POST",
      body: streamOf([max >> 1, max >> 2]),
      duplex: "half",
    } as RequestInit);
    expect(fits.status).toBe(200);
    expect(await fits.json()).toEqual({ bytes: (max >> 1) + (max >> 2) });
  });
});
