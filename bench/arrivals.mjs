/**
 * A fake Telegram Bot API for the "time to the customer" benchmarks: answers every method the way
 * Telegram does (`{ ok: true, result }`) and notes when each `sendMessage` reaches it, by chat id,
 * on the load driver's own clock (performance.now), so POST -> arrival needs no clock sync.
 */
import { createServer } from "node:http";

export async function startArrivals(token) {
  const waiters = new Map();
  const early = new Map();
  /** chat id -> texts received, in order. */
  const received = new Map();
  let nextMessageId = 1;
  const server = createServer((req, res) => {
    const chunks = [];
    req.on("data", (d) => chunks.push(d));
    req.on("end", () => {
      const at = performance.now();
      const [, bot, method] = /^\/([^/]+)\/([^/?]+)/.exec(req.url ?? "") ?? [];
      if (bot !== `bot${token}`) {
        res.writeHead(401, { "content-type": "application/json" });
        res.end(JSON.stringify({ ok: false, error_code: 401, description: "Unauthorized" }));
        return;
      }
      const raw = Buffer.concat(chunks).toString("utf8");
      let params = {};
      try {
        params = JSON.parse(raw);
      } catch {
        params = Object.fromEntries(new URLSearchParams(raw));
      }
      const chat = String(params.chat_id ?? "");
      if (method === "sendMessage") {
        received.set(chat, [...(received.get(chat) ?? []), String(params.text ?? "")]);
        const w = waiters.get(chat);
        if (w) {
          waiters.delete(chat);
          w(at);
        } else if (!early.has(chat)) early.set(chat, at);
      }
      res.writeHead(200, { "content-type": "application/json" });
      res.end(
        JSON.stringify({
          ok: true,
          result: {
            message_id: nextMessageId++,
            date: Math.floor(Date.now() / 1000),
            chat: { id: Number(params.chat_id ?? 0), type: "private" },
            text: String(params.text ?? ""),
          },
        }),
      );
    });
  });
  await new Promise((ok) => server.listen(0, "127.0.0.1", ok));
  const { port } = server.address();
  return {
    url: `http://127.0.0.1:${port}`,
    /** Resolves with the first sendMessage's arrival time for `chat` (or null after `timeoutMs`). */
    arrival(chat, timeoutMs = 60_000) {
      const key = String(chat);
      if (early.has(key)) return Promise.resolve(early.get(key));
      return new Promise((ok) => {
        const timer = setTimeout(() => {
          waiters.delete(key);
          ok(null);
        }, timeoutMs);
        waiters.set(key, (at) => {
          clearTimeout(timer);
          ok(at);
        });
      });
    },
    received,
    /** How many sendMessage calls arrived so far. */
    total: () => [...received.values()].reduce((n, t) => n + t.length, 0),
    close: () => new Promise((ok) => server.close(ok)),
  };
}
