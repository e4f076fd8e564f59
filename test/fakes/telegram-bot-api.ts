/**
 * A fake Telegram Bot API on 127.0.0.1 that speaks the real wire format:
 * `POST /bot<token>/<method>` (JSON, form or multipart) -> `{ ok, result }` or
 * `{ ok: false, error_code, description, parameters }`, and `GET /file/bot<token>/<path>`.
 * It records every call and can be told to fail the next calls (429 with retry_after, 403, 500).
 *
 * Control endpoints, for tests running inside workerd:
 *   POST /__control/fail  { method?, chat_id?, file_id?, after?, times?, error_code, description?, retry_after?, html? }
 *   POST /__control/file  { file_id, content_base64?, file_size? }   (file_size: what getFile reports)
 *   POST /__control/chaos { rate, seed?, keys: [chat_id...], faults?, retry_after? }   (opt-in random faults, see chaos.ts; rate 0 = off)
 *   POST /__control/reset
 *   GET  /__calls?chat_id=&method=
 * The server, call log, scripted failures, chaos and control endpoints are the shared skeleton (fake-server.ts).
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { type RecordedFile, readBody, send, sendHtml, sha256Hex, startFakeServer } from "./fake-server";

export type { RecordedFile } from "./fake-server";

export interface RecordedCall {
  seq: number;
  method: string;
  params: Record<string, unknown>;
  files: RecordedFile[];
  /** The error code the fake answered with, when it was told to fail (-1: connection dropped, no answer). */
  failedWith?: number;
}

export interface FailRule {
  method?: string;
  chat_id?: string | number;
  file_id?: string;
  /** Let this many matching calls succeed before the rule starts failing them. */
  after?: number;
  times?: number;
  error_code: number;
  description?: string;
  retry_after?: number;
  /** Answer with this non-JSON body instead (a proxy's error page): grammY sees a network-level failure. */
  html?: string;
}

export interface FakeTelegram {
  port: number;
  /** The API root to configure (TELEGRAM_API_ROOT). */
  url: string;
  calls(filter?: { chatId?: string | number; method?: string }): RecordedCall[];
  fail(rule: FailRule): void;
  addFile(fileId: string, content: Uint8Array, reportedSize?: number): void;
  reset(): void;
  close(): Promise<void>;
}

const DEFAULT_DESCRIPTIONS: Record<number, string> = {
  400: "Bad Request: chat not found",
  403: "Forbidden: bot was blocked by the user",
  429: "Too Many Requests: retry after 1",
  500: "Internal Server Error",
};

/** Telegram's error body. */
const telegramError = (code: number, description: string) => ({ ok: false, error_code: code, description });

/** Starts the fake. Calls with another token than `token` get 401 (`/bot...`) or 404 (`/file/bot...`), as Telegram does. */
export async function startFakeTelegram(opts: { token: string; port?: number }): Promise<FakeTelegram> {
  const files = new Map<string, { content: Uint8Array; reportedSize?: number }>();
  let nextMessageId = 1000;
  const fileFor = (fileId: string) => files.get(fileId) ?? { content: new TextEncoder().encode(`fake file ${fileId}`) };
  const bot = { id: Number(opts.token.split(":")[0]), is_bot: true, first_name: "Fake bot", username: "fake_bot" };

  const fake = await startFakeServer<RecordedCall, FailRule>(opts.port, ({ calls, rules, chaos }) => {
    function result(method: string, params: Record<string, unknown>, seq: number): unknown {
      const chatId = Number(params.chat_id);
      const message = (extra: Record<string, unknown>) => ({
        message_id: nextMessageId++,
        date: Math.floor(Date.now() / 1000),
        chat: { id: chatId, type: chatId < 0 ? "supergroup" : "private" },
        from: bot,
        ...extra,
      });
      switch (method) {
        case "getMe":
          return bot;
        case "sendMessage":
          return message({ text: params.text });
        case "sendPhoto":
          return message({ photo: [{ file_id: `sent-${seq}`, file_unique_id: `u${seq}`, width: 1, height: 1 }] });
        case "sendDocument":
          return message({ document: { file_id: `sent-${seq}`, file_unique_id: `u${seq}` } });
        case "editMessageText":
          return message({ message_id: Number(params.message_id), text: params.text });
        case "getFile": {
          const id = String(params.file_id);
          const f = fileFor(id);
          return {
            file_id: id,
            file_unique_id: `u-${id}`,
            file_size: f.reportedSize ?? f.content.byteLength,
            file_path: `files/${encodeURIComponent(id)}`,
          };
        }
        case "answerCallbackQuery":
        case "setWebhook":
        case "deleteWebhook":
        case "setMyCommands":
        case "deleteMyCommands":
          return true;
        default:
          return undefined;
      }
    }

    async function handleMethod(req: IncomingMessage, res: ServerResponse, token: string, method: string) {
      if (token !== opts.token) return send(res, 401, telegramError(401, "Unauthorized"));
      const { params, files: sentFiles } = await readParams(req);
      const call = calls.record({ method, params, files: sentFiles });
      const fault = chaos.pick(params.chat_id === undefined ? undefined : String(params.chat_id));
      if (fault?.fault === "drop") {
        call.failedWith = -1;
        return chaos.drop(req);
      }
      const rule: FailRule | null = fault
        ? { error_code: Number(fault.fault), ...(fault.fault === "429" ? { retry_after: fault.retryAfter } : {}) }
        : rules.take(
            (r) =>
              (r.method === undefined || r.method === method) &&
              (r.chat_id === undefined || String(r.chat_id) === String(params.chat_id)) &&
              (r.file_id === undefined || r.file_id === params.file_id),
          );
      if (rule) {
        call.failedWith = rule.error_code;
        if (rule.html !== undefined) return sendHtml(res, rule.error_code, rule.html);
        const description =
          rule.description ??
          (rule.error_code === 429
            ? `Too Many Requests: retry after ${rule.retry_after ?? 1}`
            : (DEFAULT_DESCRIPTIONS[rule.error_code] ?? "Error"));
        return send(res, rule.error_code, {
          ...telegramError(rule.error_code, description),
          ...(rule.retry_after !== undefined ? { parameters: { retry_after: rule.retry_after } } : {}),
        });
      }
      const value = result(method, params, call.seq);
      if (value === undefined) return send(res, 404, telegramError(404, "Not Found: method not found"));
      return send(res, 200, { ok: true, result: value });
    }

    async function handleFile(res: ServerResponse, token: string, path: string) {
      calls.record({ method: "file", params: { path }, files: [] });
      const id = decodeURIComponent(path.replace(/^files\//, ""));
      if (decodeURIComponent(token) !== opts.token || !path.startsWith("files/")) {
        return send(res, 404, telegramError(404, "Not Found"));
      }
      const content = fileFor(id).content;
      res.writeHead(200, { "Content-Type": "application/octet-stream", "Content-Length": content.byteLength });
      res.end(content);
    }

    return {
      name: "Telegram",
      api(req, res, url) {
        const method = /^\/bot([^/]+)\/([A-Za-z]+)$/.exec(url.pathname);
        if (method) return handleMethod(req, res, decodeURIComponent(method[1] ?? ""), method[2] ?? "");
        const file = /^\/file\/bot([^/]+)\/(.+)$/.exec(url.pathname);
        if (file && req.method === "GET") return handleFile(res, file[1] ?? "", file[2] ?? "");
        return null;
      },
      callFilter: (q) => filterOf({ chatId: q.get("chat_id") ?? undefined, method: q.get("method") ?? undefined }),
      control(url, body, res) {
        if (url.pathname !== "/__control/file") return false;
        files.set(String(body.file_id), {
          content: Buffer.from(String(body.content_base64 ?? ""), "base64"),
          reportedSize: body.file_size as number | undefined,
        });
        send(res, 200, { ok: true });
        return true;
      },
      errorBody: telegramError,
      redactPath: (path) => path.replace(/\/bot[^/]+\//, "/bot<token>/"),
      onReset: () => files.clear(),
    };
  });

  return {
    port: fake.port,
    url: fake.origin,
    calls: (filter) => fake.calls.list(filterOf(filter)),
    fail: (rule) => fake.rules.add(rule),
    addFile: (fileId, content, reportedSize) => files.set(fileId, { content, reportedSize }),
    reset: fake.reset,
    close: fake.close,
  };
}

function filterOf(f: { chatId?: string | number; method?: string } = {}): (c: RecordedCall) => boolean {
  return (c) =>
    (f.chatId === undefined || String(c.params.chat_id) === String(f.chatId)) &&
    (f.method === undefined || c.method === f.method);
}

// Reading requests as Telegram does: query string plus a JSON, urlencoded or multipart body.

/** Method parameters from the query string and a JSON, urlencoded or multipart body, as Telegram accepts them. */
async function readParams(req: IncomingMessage): Promise<{ params: Record<string, unknown>; files: RecordedFile[] }> {
  const url = new URL(req.url ?? "/", "http://127.0.0.1");
  const params: Record<string, unknown> = Object.fromEntries(url.searchParams);
  const files: RecordedFile[] = [];
  const type = req.headers["content-type"] ?? "";
  const body = await readBody(req);
  if (!body.byteLength) return { params, files };
  if (type.startsWith("application/json")) {
    Object.assign(params, JSON.parse(body.toString("utf8")));
  } else if (type.startsWith("application/x-www-form-urlencoded")) {
    Object.assign(params, Object.fromEntries(new URLSearchParams(body.toString("utf8"))));
  } else if (type.startsWith("multipart/form-data")) {
    parseMultipart(body, /boundary=("?)([^";]+)\1/i.exec(type)?.[2] ?? "", params, files);
  }
  return { params, files };
}

/**
 * A lenient multipart parser: grammY writes `content-disposition:form-data;name="x";filename=y`
 * (no spaces, unquoted filename), which Telegram accepts and undici's strict parser does not.
 */
function parseMultipart(body: Buffer, boundary: string, params: Record<string, unknown>, files: RecordedFile[]) {
  const delimiter = Buffer.from(`--${boundary}`);
  let at = body.indexOf(delimiter);
  while (at !== -1) {
    let start = at + delimiter.length;
    if (body.subarray(start, start + 2).toString() === "--") break;
    if (body.subarray(start, start + 2).toString() === "\r\n") start += 2;
    const next = body.indexOf(delimiter, start);
    if (next === -1) break;
    const end = body[next - 2] === 13 && body[next - 1] === 10 ? next - 2 : next;
    const raw = body.subarray(start, end);
    const split = raw.indexOf("\r\n\r\n");
    const headers = raw.subarray(0, split).toString("utf8");
    const param = (key: string) => new RegExp(`;\\s*${key}=(?:"([^"]*)"|([^;\\r\\n]*))`, "i").exec(headers);
    const name = param("name");
    const field = name?.[1] ?? name?.[2] ?? "";
    const filename = param("filename");
    const content = raw.subarray(split + 4);
    if (!filename) params[field] = parseMaybeJson(content.toString("utf8"));
    else {
      const contentType = /content-type:\s*([^\r\n]+)/i.exec(headers)?.[1]?.trim() ?? "application/octet-stream";
      const name = filename[1] ?? filename[2] ?? "";
      files.push({ field, filename: name, contentType, size: content.length, sha256: sha256Hex(content) });
    }
    at = next;
  }
}

/** grammY sends object-valued fields of a multipart body as JSON text. */
function parseMaybeJson(value: string): unknown {
  if (!/^[[{]/.test(value)) return value;
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}
