/**
 * A fake Mailgun sending API on 127.0.0.1 that speaks the real wire format:
 * `POST /v3/<domain>/messages.mime` (multipart: `to`, `message` file; Basic auth `api:<key>`)
 * -> `{ id, message: "Queued. Thank you." }`, 401 `Forbidden` for a wrong key.
 *
 * Control endpoints, for tests running inside workerd or wrangler dev:
 *   GET  /__sent?to=     every accepted message: { domain, to, mime }
 *   POST /__control/fail { status, times?, retry_after? }   the next sends fail with that status
 *   POST /__control/reset
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export interface SentMail {
  seq: number;
  domain: string;
  to: string;
  mime: string;
}

export interface FakeMailgun {
  port: number;
  url: string;
  sent(to?: string): SentMail[];
  close(): Promise<void>;
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

function json(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  res.writeHead(status, { "Content-Type": "application/json", ...headers });
  res.end(JSON.stringify(body));
}

/** Starts the fake; only `apiKey` is accepted. */
export async function startFakeMailgun(opts: { apiKey: string; port?: number }): Promise<FakeMailgun> {
  let sent: SentMail[] = [];
  let seq = 0;
  let failures: Array<{ status: number; times: number; retryAfter?: number }> = [];

  const server = createServer(async (req, res) => {
    try {
      const url = new URL(req.url ?? "/", "http://127.0.0.1");
      if (req.method === "GET" && url.pathname === "/__sent") {
        const to = url.searchParams.get("to");
        return json(res, 200, { sent: to ? sent.filter((s) => s.to === to) : sent });
      }
      if (req.method === "POST" && url.pathname === "/__control/reset") {
        sent = [];
        failures = [];
        return json(res, 200, { ok: true });
      }
      if (req.method === "POST" && url.pathname === "/__control/fail") {
        const rule = JSON.parse((await readBody(req)).toString("utf8")) as {
          status: number;
          times?: number;
          retry_after?: number;
        };
        failures.push({ status: rule.status, times: rule.times ?? 1, retryAfter: rule.retry_after });
        return json(res, 200, { ok: true });
      }
      const m = /^\/v3\/([^/]+)\/messages\.mime$/.exec(url.pathname);
      if (req.method !== "POST" || !m) return json(res, 404, { message: "Not Found" });
      const auth = req.headers.authorization ?? "";
      if (auth !== `Basic ${Buffer.from(`api:${opts.apiKey}`).toString("base64")}`) {
        res.writeHead(401, { "Content-Type": "text/plain" });
        return res.end("Forbidden");
      }
      const rule = failures.find((f) => f.times > 0);
      if (rule) {
        rule.times--;
        return json(
          res,
          rule.status,
          { message: rule.status === 429 ? "Too many requests" : "Failure" },
          rule.retryAfter ? { "Retry-After": String(rule.retryAfter) } : {},
        );
      }
      const body = await readBody(req);
      const form = await new Request("http://fake/", {
        method: "POST",
        headers: { "Content-Type": req.headers["content-type"] ?? "" },
        body,
      }).formData();
      const to = form.get("to");
      const message = form.get("message");
      if (typeof to !== "string" || !message) return json(res, 400, { message: "to and message are required" });
      const mime = typeof message === "string" ? message : await (message as Blob).text();
      const id = /^Message-ID:\s*(<[^>]+>)/im.exec(mime)?.[1] ?? `<${Date.now()}.fake@mailgun.test>`;
      sent.push({ seq: ++seq, domain: decodeURIComponent(m[1] as string), to, mime });
      return json(res, 200, { id, message: "Queued. Thank you." });
    } catch (err) {
      json(res, 500, { message: String(err) });
    }
  });
  await new Promise<void>((ok) => server.listen(opts.port ?? 0, "127.0.0.1", ok));
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    url: `http://127.0.0.1:${port}`,
    sent: (to) => (to ? sent.filter((s) => s.to === to) : sent),
    close: () => new Promise<void>((ok) => server.close(() => ok())),
  };
}
