/**
 * A fake Discord REST API on 127.0.0.1 that speaks the real wire format under `/api/v10`:
 * JSON bodies (or multipart with `payload_json` and `files[n]`), `Authorization: Bot <token>`,
 * errors as `{ code, message }`, and 429 with `retry_after` in the body plus `Retry-After` and
 * `X-RateLimit-*` headers. It records every call and can be told to fail the next calls.
 *
 * Control endpoints, for tests running inside workerd:
 *   POST /__control/fail  { route?, channel_id?, recipient_id?, times?, status, code?, message?, retry_after?, html?, lost_answer? }
 *   POST /__control/chaos { rate, seed?, keys: [user_id...], faults?, retry_after? }   (opt-in random faults on
 *        createDm/createMessage to those users' DMs, see chaos.ts; rate 0 = off)
 *   POST /__control/reset
 *   GET  /__calls?route=&channel_id=&recipient_id=
 * Routes are named: createDm, createMessage, editOriginal, followUp, putCommands, gatewayBot.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { createChaos } from "./chaos";
import { type RecordedBody, type RecordedFile, readBody, readPayload, send } from "./discord-http";

export type { RecordedFile } from "./discord-http";

export interface DiscordCall {
  seq: number;
  route: string;
  method: string;
  path: string;
  /** The `Authorization` header's scheme, never the token: `Bot`, or null. */
  auth: string | null;
  body: RecordedBody;
  files: RecordedFile[];
  failedWith?: number;
  /** The id of the message this call created or (a repeated `enforce_nonce` call) returned again. */
  messageId?: string;
}

export interface DiscordFailRule {
  route?: string;
  channel_id?: string;
  recipient_id?: string;
  times?: number;
  status: number;
  /** Discord's JSON error code (e.g. 50007); 0 for 429 and 5xx. */
  code?: number;
  message?: string;
  /** Seconds (a float, as Discord sends it). */
  retry_after?: number;
  /** Answer with this non-JSON body instead (a proxy's error page). */
  html?: string;
  /** createMessage only: take the message, then cut the connection before answering (the answer is lost). */
  lost_answer?: boolean;
}

export interface FakeDiscord {
  port: number;
  /** The API root to configure (DISCORD_API_ROOT): `http://127.0.0.1:<port>/api`. */
  url: string;
  calls(filter?: { route?: string; channelId?: string; recipientId?: string }): DiscordCall[];
  fail(rule: DiscordFailRule): void;
  /** The DM channel id the fake hands out for a user. */
  dmChannelOf(userId: string): string;
  /** Where GET /gateway/bot points (set by the fake gateway). */
  setGatewayUrl(url: string): void;
  reset(): void;
  close(): Promise<void>;
}

const DEFAULT_MESSAGES: Record<number, string> = {
  10003: "Unknown Channel",
  50001: "Missing Access",
  50007: "Cannot send messages to this user",
  50013: "Missing Permissions",
};

/** Starts the fake. Bot routes with another token than `token` get 401 `{ code: 0, message: "401: Unauthorized" }`. */
export async function startFakeDiscord(opts: { token: string; port?: number }): Promise<FakeDiscord> {
  let calls: DiscordCall[] = [];
  let rules: Array<DiscordFailRule & { times: number }> = [];
  const dmChannels = new Map<string, string>();
  let seq = 0;
  let nextId = 1_300_000_000_000_000_000n;
  let gatewayUrl = "";
  const chaos = createChaos();
  /** Messages created with `enforce_nonce`, by channel and nonce: Discord answers a repeat with the first. */
  const byNonce = new Map<string, ReturnType<typeof message>>();
  /** The user a DM channel belongs to (chaos rules name users). */
  const userOfDm = (channelId: string | undefined) =>
    [...dmChannels].find(([, id]) => id === channelId)?.[0] ?? undefined;
  const snowflake = () => String(nextId++);
  const dmChannelOf = (userId: string) => {
    let id = dmChannels.get(userId);
    if (!id) {
      id = snowflake();
      dmChannels.set(userId, id);
    }
    return id;
  };

  function takeRule(call: DiscordCall, channelId?: string): DiscordFailRule | null {
    const recipient = (call.body as { recipient_id?: string } | null)?.recipient_id;
    const rule = rules.find(
      (r) =>
        r.times > 0 &&
        (r.route === undefined || r.route === call.route) &&
        (r.channel_id === undefined || r.channel_id === channelId) &&
        (r.recipient_id === undefined || r.recipient_id === recipient),
    );
    if (!rule) return null;
    rule.times -= 1;
    return rule;
  }

  const bot = {
    id: "1100000000000000001",
    username: "relaydesk-fake",
    global_name: null,
    bot: true,
    discriminator: "0",
  };
  const message = (channelId: string, body: Record<string, unknown> | null, files: RecordedFile[]) => ({
    id: snowflake(),
    type: 0,
    channel_id: channelId,
    author: bot,
    content: String(body?.content ?? ""),
    timestamp: new Date().toISOString(),
    attachments: files.map((f, i) => ({ id: snowflake(), filename: f.filename, size: f.size, url: `cdn/${i}` })),
    embeds: [],
    mentions: [],
    mention_roles: [],
    pinned: false,
    mention_everyone: false,
    tts: false,
    edited_timestamp: null,
    flags: 0,
    components: [],
  });

  async function handleApi(req: IncomingMessage, res: ServerResponse, path: string) {
    const { body, files } = await readPayload(req);
    const authHeader = req.headers.authorization ?? null;
    const method = req.method ?? "GET";
    let route = "unknown";
    let channelId: string | undefined;
    const messages = /^\/channels\/(\d+)\/messages$/.exec(path);
    if (method === "POST" && path === "/users/@me/channels") route = "createDm";
    else if (method === "POST" && messages) {
      route = "createMessage";
      channelId = messages[1];
    } else if (method === "PATCH" && /^\/webhooks\/\d+\/[^/]+\/messages\/@original$/.test(path)) route = "editOriginal";
    else if (method === "POST" && /^\/webhooks\/\d+\/[^/]+$/.test(path)) route = "followUp";
    else if (method === "PUT" && /^\/applications\/\d+(\/guilds\/\d+)?\/commands$/.test(path)) route = "putCommands";
    else if (method === "GET" && path === "/gateway/bot") route = "gatewayBot";

    const call: DiscordCall = {
      seq: ++seq,
      route,
      method,
      path: path.replace(/^(\/webhooks\/\d+\/)[^/]+/, "$1<token>"),
      auth: authHeader ? (authHeader.split(" ")[0] ?? null) : null,
      body,
      files,
    };
    calls.push(call);

    const needsBot = route !== "editOriginal" && route !== "followUp";
    if (needsBot && authHeader !== `Bot ${opts.token}`) {
      call.failedWith = 401;
      return send(res, 401, { message: "401: Unauthorized", code: 0 });
    }
    const chaosKey =
      route === "createDm"
        ? String((body as { recipient_id?: string } | null)?.recipient_id ?? "")
        : route === "createMessage"
          ? userOfDm(channelId)
          : undefined;
    const fault = chaos.pick(chaosKey);
    if (fault?.fault === "drop") {
      call.failedWith = -1;
      return chaos.drop(req);
    }
    const rule: DiscordFailRule | null = fault
      ? { status: Number(fault.fault), ...(fault.fault === "429" ? { retry_after: fault.retryAfter } : {}) }
      : takeRule(call, channelId);
    if (rule && !rule.lost_answer) return answerFailure(res, call, rule);

    const b = (body ?? {}) as Record<string, unknown>;
    switch (route) {
      case "createDm": {
        const recipient = String(b.recipient_id ?? "");
        if (!/^\d+$/.test(recipient)) return send(res, 400, { message: "Invalid Form Body", code: 50035 });
        return send(res, 200, {
          id: dmChannelOf(recipient),
          type: 1,
          last_message_id: null,
          recipients: [
            { id: recipient, username: `user${recipient.slice(-4)}`, discriminator: "0", global_name: null },
          ],
        });
      }
      case "createMessage": {
        // https://discord.com/developers/docs/resources/message#create-message: with enforce_nonce,
        // a nonce seen in the last few minutes returns the message already created.
        const key = b.enforce_nonce === true && b.nonce !== undefined ? `${channelId}:${String(b.nonce)}` : null;
        const created = (key && byNonce.get(key)) || message(channelId as string, b, files);
        if (key) byNonce.set(key, created);
        call.messageId = created.id;
        if (rule?.lost_answer) return chaos.drop(req);
        return send(res, 200, created);
      }
      case "editOriginal":
      case "followUp":
        return send(res, 200, message("0", b, files));
      case "putCommands":
        return send(
          res,
          200,
          (Array.isArray(body) ? body : []).map((c) => ({ id: snowflake(), version: snowflake(), ...(c as object) })),
        );
      case "gatewayBot":
        return send(res, 200, {
          url: gatewayUrl || `ws://127.0.0.1:1`,
          shards: 1,
          session_start_limit: { total: 1000, remaining: 999, reset_after: 0, max_concurrency: 1 },
        });
      default:
        return send(res, 404, { message: "404: Not Found", code: 0 });
    }
  }

  function answerFailure(res: ServerResponse, call: DiscordCall, rule: DiscordFailRule) {
    call.failedWith = rule.status;
    if (rule.html !== undefined) {
      res.writeHead(rule.status, { "Content-Type": "text/html" });
      res.end(rule.html);
      return;
    }
    if (rule.status === 429) {
      const after = rule.retry_after ?? 1;
      res.writeHead(429, {
        "Content-Type": "application/json",
        "Retry-After": String(Math.ceil(after)),
        "X-RateLimit-Limit": "5",
        "X-RateLimit-Remaining": "0",
        "X-RateLimit-Reset": String(Date.now() / 1000 + after),
        "X-RateLimit-Reset-After": String(after),
        "X-RateLimit-Bucket": "fake-bucket",
        "X-RateLimit-Scope": "user",
      });
      res.end(JSON.stringify({ message: "You are being rate limited.", retry_after: after, global: false, code: 0 }));
      return;
    }
    const code = rule.code ?? 0;
    const msg = rule.message ?? DEFAULT_MESSAGES[code] ?? (rule.status >= 500 ? "Internal Server Error" : "Error");
    return send(res, rule.status, { message: msg, code });
  }

  async function handleControl(req: IncomingMessage, res: ServerResponse, url: URL) {
    if (req.method === "GET" && url.pathname === "/__calls") {
      return send(res, 200, {
        calls: filterCalls({
          route: url.searchParams.get("route") ?? undefined,
          channelId: url.searchParams.get("channel_id") ?? undefined,
          recipientId: url.searchParams.get("recipient_id") ?? undefined,
        }),
      });
    }
    if (req.method === "GET" && url.pathname === "/__dm_channel") {
      return send(res, 200, { id: dmChannelOf(url.searchParams.get("user_id") ?? "0") });
    }
    const body = JSON.parse((await readBody(req)).toString("utf8") || "{}");
    if (url.pathname === "/__control/fail") rules.push({ ...body, times: body.times ?? 1 });
    else if (url.pathname === "/__control/chaos") chaos.set(body);
    else if (url.pathname === "/__control/reset") reset();
    else return send(res, 404, { message: "404: Not Found", code: 0 });
    return send(res, 200, { ok: true });
  }

  function filterCalls(f: { route?: string; channelId?: string; recipientId?: string } = {}): DiscordCall[] {
    return calls.filter((c) => {
      const channel = /^\/channels\/(\d+)\//.exec(c.path)?.[1];
      const recipient = (c.body as { recipient_id?: string } | null)?.recipient_id;
      return (
        (f.route === undefined || c.route === f.route) &&
        (f.channelId === undefined || channel === f.channelId) &&
        (f.recipientId === undefined || recipient === f.recipientId)
      );
    });
  }

  function reset() {
    calls = [];
    rules = [];
    byNonce.clear();
    chaos.set(null);
  }

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const api = /^\/api\/v10(\/.*)$/.exec(url.pathname);
    const work = api ? handleApi(req, res, api[1] as string) : handleControl(req, res, url);
    work.catch((err) => {
      console.error("fake Discord failed on", url.pathname.replace(/(\/webhooks\/\d+\/)[^/]+/, "$1<token>"), err);
      send(res, 500, { message: `fake failed: ${String(err)}`, code: 0 });
    });
  });

  await new Promise<void>((ok) => server.listen(opts.port ?? 0, "127.0.0.1", ok));
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    url: `http://127.0.0.1:${port}/api`,
    calls: filterCalls,
    fail: (rule) => rules.push({ ...rule, times: rule.times ?? 1 }),
    dmChannelOf,
    setGatewayUrl: (u) => {
      gatewayUrl = u;
    },
    reset,
    close: () =>
      new Promise<void>((ok) => {
        server.closeAllConnections();
        server.close(() => ok());
      }),
  };
}
