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
 * The server, call log, scripted failures, chaos and control endpoints are the shared skeleton (fake-server.ts).
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { type RecordedBody, readPayload } from "./discord-http";
import { type FakeParts, type RecordedFile, send, sendHtml, startFakeServer } from "./fake-server";

export type { RecordedFile } from "./fake-server";

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

/** Discord's error body. */
const discordError = (status: number, message: string) => ({
  message: status === 404 || status === 401 ? `${status}: ${message}` : message,
  code: 0,
});

/** Starts the fake. Bot routes with another token than `token` get 401 `{ code: 0, message: "401: Unauthorized" }`. */
export async function startFakeDiscord(opts: { token: string; port?: number }): Promise<FakeDiscord> {
  const dmChannels = new Map<string, string>();
  let nextId = 1_300_000_000_000_000_000n;
  let gatewayUrl = "";
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

  const fake = await startFakeServer<DiscordCall, DiscordFailRule>(opts.port, (parts) => ({
    name: "Discord",
    api(req, res, url) {
      const api = /^\/api\/v10(\/.*)$/.exec(url.pathname);
      return api ? handleApi(parts, req, res, api[1] as string) : null;
    },
    callFilter: (q) =>
      filterOf({
        route: q.get("route") ?? undefined,
        channelId: q.get("channel_id") ?? undefined,
        recipientId: q.get("recipient_id") ?? undefined,
      }),
    control(url, _body, res) {
      if (url.pathname !== "/__dm_channel") return false;
      send(res, 200, { id: dmChannelOf(url.searchParams.get("user_id") ?? "0") });
      return true;
    },
    errorBody: discordError,
    redactPath: (path) => path.replace(/(\/webhooks\/\d+\/)[^/]+/, "$1<token>"),
    onReset: () => byNonce.clear(),
  }));

  async function handleApi(
    { calls, rules, chaos }: FakeParts<DiscordCall, DiscordFailRule>,
    req: IncomingMessage,
    res: ServerResponse,
    path: string,
  ) {
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

    const call = calls.record({
      route,
      method,
      path: path.replace(/^(\/webhooks\/\d+\/)[^/]+/, "$1<token>"),
      auth: authHeader ? (authHeader.split(" ")[0] ?? null) : null,
      body,
      files,
    });

    const needsBot = route !== "editOriginal" && route !== "followUp";
    if (needsBot && authHeader !== `Bot ${opts.token}`) {
      call.failedWith = 401;
      return send(res, 401, discordError(401, "Unauthorized"));
    }
    const recipient = (body as { recipient_id?: string } | null)?.recipient_id;
    const chaosKey =
      route === "createDm" ? String(recipient ?? "") : route === "createMessage" ? userOfDm(channelId) : undefined;
    const fault = chaos.pick(chaosKey);
    if (fault?.fault === "drop") {
      call.failedWith = -1;
      return chaos.drop(req);
    }
    const rule: DiscordFailRule | null = fault
      ? { status: Number(fault.fault), ...(fault.fault === "429" ? { retry_after: fault.retryAfter } : {}) }
      : rules.take(
          (r) =>
            (r.route === undefined || r.route === call.route) &&
            (r.channel_id === undefined || r.channel_id === channelId) &&
            (r.recipient_id === undefined || r.recipient_id === recipient),
        );
    if (rule && !rule.lost_answer) return answerFailure(res, call, rule);

    const b = (body ?? {}) as Record<string, unknown>;
    switch (route) {
      case "createDm": {
        const to = String(b.recipient_id ?? "");
        if (!/^\d+$/.test(to)) return send(res, 400, { message: "Invalid Form Body", code: 50035 });
        return send(res, 200, {
          id: dmChannelOf(to),
          type: 1,
          last_message_id: null,
          recipients: [{ id: to, username: `user${to.slice(-4)}`, discriminator: "0", global_name: null }],
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
        return send(res, 404, discordError(404, "Not Found"));
    }
  }

  return {
    port: fake.port,
    url: `${fake.origin}/api`,
    calls: (filter) => fake.calls.list(filterOf(filter)),
    fail: (rule) => fake.rules.add(rule),
    dmChannelOf,
    setGatewayUrl: (u) => {
      gatewayUrl = u;
    },
    reset: fake.reset,
    close: fake.close,
  };
}

function answerFailure(res: ServerResponse, call: DiscordCall, rule: DiscordFailRule) {
  call.failedWith = rule.status;
  if (rule.html !== undefined) return sendHtml(res, rule.status, rule.html);
  if (rule.status === 429) {
    const after = rule.retry_after ?? 1;
    return send(
      res,
      429,
      { message: "You are being rate limited.", retry_after: after, global: false, code: 0 },
      {
        "Retry-After": String(Math.ceil(after)),
        "X-RateLimit-Limit": "5",
        "X-RateLimit-Remaining": "0",
        "X-RateLimit-Reset": String(Date.now() / 1000 + after),
        "X-RateLimit-Reset-After": String(after),
        "X-RateLimit-Bucket": "fake-bucket",
        "X-RateLimit-Scope": "user",
      },
    );
  }
  const code = rule.code ?? 0;
  const msg = rule.message ?? DEFAULT_MESSAGES[code] ?? (rule.status >= 500 ? "Internal Server Error" : "Error");
  return send(res, rule.status, { message: msg, code });
}

function filterOf(f: { route?: string; channelId?: string; recipientId?: string } = {}): (c: DiscordCall) => boolean {
  return (c) => {
    const channel = /^\/channels\/(\d+)\//.exec(c.path)?.[1];
    const recipient = (c.body as { recipient_id?: string } | null)?.recipient_id;
    return (
      (f.route === undefined || c.route === f.route) &&
      (f.channelId === undefined || channel === f.channelId) &&
      (f.recipientId === undefined || recipient === f.recipientId)
    );
  };
}
