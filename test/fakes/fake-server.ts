/**
 * The skeleton every fake provider API shares: an HTTP server on 127.0.0.1 (a free port unless
 * told), every API call recorded in order, scripted failures (the next N matching calls fail,
 * optionally after letting some through), opt-in chaos (chaos.ts), reset and close, and the
 * control endpoints tests inside workerd drive it with:
 *
 *   GET  /__calls?<filter>     the recorded calls the fake's filter keeps
 *   POST /__control/fail       { ...rule, times? }   (times defaults to 1)
 *   POST /__control/chaos      a ChaosRule (rate 0 = off)
 *   POST /__control/reset
 *
 * A fake adds its wire format: how API requests are answered and recorded, its error bodies, and
 * any control endpoints of its own.
 */
import { createHash } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { type Chaos, createChaos } from "./chaos";

/** A file part of a multipart request, as a fake records it. */
export interface RecordedFile {
  field: string;
  filename: string;
  contentType: string;
  size: number;
  /** Hex SHA-256 of the bytes received, so a test can prove the very file arrived. */
  sha256: string;
}

/** Hex SHA-256 of bytes (what RecordedFile.sha256 holds). */
export function sha256Hex(bytes: Uint8Array): string {
  return createHash("sha256").update(bytes).digest("hex");
}

/** What every recorded call has: its place in the order of calls, and how the fake failed it. */
export interface CallBase {
  seq: number;
  /** The status the fake answered with when told to fail (-1: connection dropped, no answer). */
  failedWith?: number;
}

/** What every scripted failure has. */
export interface FailRuleBase {
  /** How many matching calls fail (default 1). */
  times?: number;
  /** Let this many matching calls succeed before the rule starts failing them. */
  after?: number;
}

/** Recorded calls, numbered in the order they arrived. */
export class CallLog<C extends CallBase> {
  #calls: C[] = [];
  #seq = 0;

  /** Records a call (numbering it) and returns the record, which the fake may still annotate. */
  record(call: Omit<C, "seq">): C {
    const recorded = { seq: ++this.#seq, ...call } as C;
    this.#calls.push(recorded);
    return recorded;
  }

  list(keep: (call: C) => boolean = () => true): C[] {
    return this.#calls.filter(keep);
  }

  clear(): void {
    this.#calls = [];
  }
}

/** Scripted failures, taken in the order they were added. */
export class FailRules<R extends FailRuleBase> {
  #rules: Array<R & { times: number }> = [];

  add(rule: R): void {
    this.#rules.push({ ...rule, times: rule.times ?? 1 });
  }

  /** The rule that fails this call, or null (a matching rule still letting calls through counts one down). */
  take(matches: (rule: R) => boolean): R | null {
    const rule = this.#rules.find((r) => r.times > 0 && matches(r));
    if (!rule) return null;
    if (rule.after) {
      rule.after -= 1;
      return null;
    }
    rule.times -= 1;
    return rule;
  }

  clear(): void {
    this.#rules = [];
  }
}

/** The state a fake's handlers work with. */
export interface FakeParts<C extends CallBase, R extends FailRuleBase> {
  calls: CallLog<C>;
  rules: FailRules<R>;
  chaos: Chaos;
}

/** What a fake adds to the skeleton. */
export interface FakeSpec<C extends CallBase> {
  /** Named in the log line of a handler that threw. */
  name: string;
  /** Answers an API request, or returns null when the path is not the API's (the control endpoints get it). */
  api(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> | null;
  /** Which recorded calls `GET /__calls?<query>` returns. */
  callFilter(query: URLSearchParams): (call: C) => boolean;
  /** The fake's own control endpoints: answers and returns true, or false. `body` is the parsed JSON body ({} when none). */
  control?(url: URL, body: Record<string, unknown>, res: ServerResponse): boolean;
  /** The provider's error body for a status (404 for an unknown path, 500 when the fake itself failed). */
  errorBody(status: number, message: string): unknown;
  /** A path with any credential in it replaced, for the log. */
  redactPath(path: string): string;
  /** Clears the fake's own state too. */
  onReset?(): void;
}

export interface FakeServer<C extends CallBase, R extends FailRuleBase> extends FakeParts<C, R> {
  port: number;
  /** http://127.0.0.1:<port> */
  origin: string;
  reset(): void;
  close(): Promise<void>;
}

/** Starts a fake: `define` gets the shared parts and returns the fake's wire format. */
export async function startFakeServer<C extends CallBase, R extends FailRuleBase>(
  port: number | undefined,
  define: (parts: FakeParts<C, R>) => FakeSpec<C>,
): Promise<FakeServer<C, R>> {
  const parts: FakeParts<C, R> = { calls: new CallLog<C>(), rules: new FailRules<R>(), chaos: createChaos() };
  const spec = define(parts);

  const reset = () => {
    parts.calls.clear();
    parts.rules.clear();
    parts.chaos.set(null);
    spec.onReset?.();
  };

  async function control(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    if (req.method === "GET" && url.pathname === "/__calls") {
      return send(res, 200, { calls: parts.calls.list(spec.callFilter(url.searchParams)) });
    }
    const body = JSON.parse((await readBody(req)).toString("utf8") || "{}") as Record<string, unknown>;
    if (spec.control?.(url, body, res)) return;
    if (url.pathname === "/__control/fail") parts.rules.add(body as R);
    else if (url.pathname === "/__control/chaos") parts.chaos.set(body as unknown as Parameters<Chaos["set"]>[0]);
    else if (url.pathname === "/__control/reset") reset();
    else return send(res, 404, spec.errorBody(404, "Not Found"));
    return send(res, 200, { ok: true });
  }

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const work = spec.api(req, res, url) ?? control(req, res, url);
    work.catch((err) => {
      console.error(`fake ${spec.name} failed on`, spec.redactPath(url.pathname), err);
      send(res, 500, spec.errorBody(500, `fake failed: ${String(err)}`));
    });
  });
  await new Promise<void>((ok) => server.listen(port ?? 0, "127.0.0.1", ok));
  const bound = (server.address() as AddressInfo).port;
  return {
    ...parts,
    port: bound,
    origin: `http://127.0.0.1:${bound}`,
    reset,
    close: () =>
      new Promise<void>((ok) => {
        server.closeAllConnections();
        server.close(() => ok());
      }),
  };
}

/** Answers with a JSON body (once). */
export function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  if (res.headersSent) return;
  res.writeHead(status, { "Content-Type": "application/json", ...headers });
  res.end(JSON.stringify(body));
}

/** Answers with a non-JSON body (a proxy's error page): the client sees a network-level failure. */
export function sendHtml(res: ServerResponse, status: number, html: string): void {
  if (res.headersSent) return;
  res.writeHead(status, { "Content-Type": "text/html" });
  res.end(html);
}

/** The whole request body. */
export async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}
