/**
 * Hostile inputs by class, for hostile.test.ts: bodies of the wrong type, encoding or framing, odd
 * headers, hostile path parameters and queries. Each generator takes the endpoint's valid sample (so
 * the fields are the ones the route reads) and a seeded random source, so a run replays from its seed.
 * What every answer must be is in hostile-verdict.ts.
 */
import type { Json } from "./fuzz";

export type Random = () => number;
export const pick = <T>(r: Random, items: readonly T[]): T => items[Math.floor(r() * items.length)] as T;

export interface Body {
  bytes: string | Uint8Array;
  contentType?: string;
  /** Malformed whatever the route: a route that answers 2xx to it must still write nothing. */
  malformed: boolean;
}

const utf8 = (s: string) => new TextEncoder().encode(s);

/** Every string leaf of `v` replaced by `f(old)`. */
function mapStrings(v: Json, f: (s: string) => Json): Json {
  if (typeof v === "string") return f(v);
  if (Array.isArray(v)) return v.map((x) => mapStrings(x, f));
  if (v && typeof v === "object") return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, mapStrings(x, f)]));
  return v;
}

/** Strings a route must store as text or refuse: SQL, HTML, template and path metacharacters. */
export const META_STRINGS = [
  "' OR '1'='1' --",
  "'); DELETE FROM tickets; --",
  '"><img src=x onerror=alert(1)>',
  "<script>alert(document.cookie)</script>",
  "{{7*7}}#{7*7}<%= 7*7 %>",
  "../../../../etc/passwd",
  "%00%0d%0aSet-Cookie: x=1",
  "\u0000\u0001\u001f",
  "\u202egnp.exe",
];

/** Bytes that are not UTF-8: a lone continuation byte, 0xFF, an overlong "/", an encoded surrogate. */
const NOT_UTF8 = [0xff, 0xfe, 0x80, 0xc0, 0xaf, 0xed, 0xa0, 0x80, 0xf8, 0x88, 0x80, 0x80, 0x80];

/** The sample's JSON with the bytes of its first string value swapped for `bytes`. */
function spliceBytes(sample: Json, bytes: number[]): Uint8Array {
  const marker = "@@HOSTILE@@";
  let done = false;
  const marked = mapStrings(sample, (s) => {
    if (done) return s;
    done = true;
    return marker;
  });
  const text = JSON.stringify(done ? marked : { text: marker });
  const [head, tail] = text.split(marker) as [string, string];
  return new Uint8Array([...utf8(head), ...bytes, ...utf8(tail)]);
}

function multipartOf(fields: Record<string, string>, file?: File): Promise<{ bytes: Uint8Array; type: string }> {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  if (file) form.append("file", file);
  const res = new Response(form);
  return res.arrayBuffer().then((b) => ({ bytes: new Uint8Array(b), type: res.headers.get("Content-Type") ?? "" }));
}

const flat = (sample: Json): Record<string, string> =>
  sample && typeof sample === "object" && !Array.isArray(sample)
    ? Object.fromEntries(Object.entries(sample).map(([k, v]) => [k, typeof v === "string" ? v : JSON.stringify(v)]))
    : { body: "hostile" };

const JSON_TYPE = "application/json";

/** Body generators: each a name and a body made from the sample. */
export const BODIES: Record<string, (sample: Json, r: Random) => Body | Promise<Body>> = {
  "top-level array": (s) => ({ bytes: JSON.stringify([s]), contentType: JSON_TYPE, malformed: true }),
  "top-level string": (s) => ({ bytes: JSON.stringify(JSON.stringify(s)), contentType: JSON_TYPE, malformed: true }),
  "top-level null": () => ({ bytes: "null", contentType: JSON_TYPE, malformed: true }),
  "top-level number": (_, r) => ({
    bytes: pick(r, ["0", "-1", "1e308", "1e999", "-0"]),
    contentType: JSON_TYPE,
    malformed: true,
  }),
  "objects nested 1000 deep": (_, r) => {
    const depth = 1000 + Math.floor(r() * 200);
    return { bytes: `${'{"body":'.repeat(depth)}"x"${"}".repeat(depth)}`, contentType: JSON_TYPE, malformed: true };
  },
  "invalid JSON": (s, r) => {
    const text = JSON.stringify(s);
    const cut = pick(r, [text.slice(0, -1), `${text},`, text.replace(/"/, "'"), `${text}${text}`, "{body:1}"]);
    return { bytes: cut, contentType: JSON_TYPE, malformed: true };
  },
  "numbers for strings": (s, r) => ({
    bytes: JSON.stringify(mapStrings(s, () => pick(r, [0, -1, 2 ** 53 + 1, 1e308, 3.14]))),
    contentType: JSON_TYPE,
    malformed: false,
  }),
  "objects for strings": (s, r) => ({
    bytes: JSON.stringify(mapStrings(s, () => pick(r, [{}, [], [[]], { $gt: "" }, null] as Json[]))),
    contentType: JSON_TYPE,
    malformed: false,
  }),
  "huge strings": (s, r) => {
    const n = 100_000 + Math.floor(r() * 150_000);
    return { bytes: JSON.stringify(mapStrings(s, () => "界".repeat(n / 3))), contentType: JSON_TYPE, malformed: false };
  },
  "SQL and HTML in strings": (s, r) => ({
    bytes: JSON.stringify(mapStrings(s, (old) => `${old}${pick(r, META_STRINGS)}`)),
    contentType: JSON_TYPE,
    malformed: false,
  }),
  "lone surrogates": (s) => ({
    bytes: JSON.stringify(s).replace(/"((?:[^"\\]|\\.)*)"(?=\s*[,}\]])/g, '"$1\\ud800\\udfff\\ud83d"'),
    contentType: JSON_TYPE,
    malformed: false,
  }),
  "non-UTF-8 bytes": (s) => ({ bytes: spliceBytes(s, NOT_UTF8), contentType: JSON_TYPE, malformed: false }),
  "UTF-16 body": (s) => {
    const text = JSON.stringify(s);
    const out = new Uint8Array(2 + text.length * 2);
    out.set([0xff, 0xfe]);
    for (let i = 0; i < text.length; i++) out.set([text.charCodeAt(i) & 0xff, text.charCodeAt(i) >> 8], 2 + i * 2);
    return { bytes: out, contentType: "application/json; charset=utf-16", malformed: true };
  },
  "duplicate keys and __proto__": (s) => {
    const text = JSON.stringify(s);
    const inner = text.startsWith("{") && text.length > 2 ? `${text.slice(1, -1)},` : "";
    const first = text.match(/^\{"([^"]+)"/)?.[1] ?? "body";
    return {
      bytes: `{${inner}"${first}":{"$ne":1},"__proto__":{"role":"admin"},"constructor":{"prototype":{"x":1}}}`,
      contentType: JSON_TYPE,
      malformed: true,
    };
  },
  "multipart to a JSON route": async (s) => {
    const { bytes, type } = await multipartOf(
      flat(s),
      new File(["%PDF-1.4 hostile"], "a.pdf", { type: "application/pdf" }),
    );
    return { bytes, contentType: type, malformed: false };
  },
  "JSON labelled multipart": (s, r) => ({
    bytes: JSON.stringify(s),
    contentType: pick(r, ["multipart/form-data", "multipart/form-data; boundary=", "multipart/form-data; boundary=zz"]),
    // A signed webhook reads its verified bytes whatever their label: well-formed JSON there is fine.
    malformed: false,
  }),
  "multipart with a broken boundary": async (s) => {
    const { bytes, type } = await multipartOf(flat(s));
    return { bytes: bytes.slice(0, Math.floor(bytes.length / 2)), contentType: type, malformed: true };
  },
  urlencoded: (s) => ({
    bytes: new URLSearchParams(flat(s)).toString(),
    contentType: "application/x-www-form-urlencoded",
    malformed: false,
  }),
  "no Content-Type": (s) => ({ bytes: JSON.stringify(s), malformed: false }),
  "odd Content-Type": (s, r) => ({
    bytes: JSON.stringify(s),
    contentType: pick(r, [
      "APPLICATION/JSON",
      "application/json, text/html",
      "application/json;;;charset=",
      "text/json",
      'application/json\t; x="y',
    ]),
    malformed: false,
  }),
};

/** The field names the app's zod schemas read (grepped from them), for one-field bodies that pass a strict shape. */
export const FIELD_NAMES = [
  "type",
  "priority",
  "name",
  "body",
  "text",
  "idempotencyKey",
  "id",
  "enabled",
  "channel",
  "category",
  "value",
  "token",
  "title",
  "status",
  "role",
  "language",
  "lang",
  "kind",
  "email",
  "date",
  "confirm",
  "action",
  "view",
  "utcOffsetMinutes",
  "url",
  "ticketNumbers",
  "ticketIds",
  "tag",
  "tags",
  "subject",
  "start",
  "setCategory",
  "resolutionMinutes",
  "quickReplies",
  "patterns",
  "nextResponseMinutes",
  "label",
  "assigneeId",
  "assignee",
  "firstResponseMinutes",
  "end",
  "days",
  "closedDays",
  "clientId",
  "categories",
  "bodyZh",
  "allowedOrigins",
  "keywords",
  "rules",
  "attachmentIds",
  "targetId",
  "maxOpenPerAgent",
  "rating",
  "description",
  "uid",
  "txid",
];

/** Values of every JSON type that a field's validation (and whatever reads it after) must survive. */
export function hostileValue(r: Random): Json {
  return pick<() => Json>(r, [
    () => null,
    () => pick(r, [-1, 0, 1e308, -1e308, 2 ** 53 + 1, 0.5, 1e-308]),
    () => pick(r, ["", " ", "\u0000", "\ud800", "NaN", "Infinity", "-1", "9".repeat(40), "2026-13-45T25:61:00Z"]),
    () => pick(r, META_STRINGS),
    () => "𝕏".repeat(1000 + Math.floor(r() * 20_000)),
    () => pick(r, [[], {}, [[]], true, false, { $gt: "" }, ["a", 1, null]] as Json[]),
    () => Array.from({ length: 1001 + Math.floor(r() * 1000) }, (_, i) => `tkt_${i}`),
    () => Array.from({ length: 20 }, () => pick(r, META_STRINGS)),
    () => ({ [pick(r, FIELD_NAMES)]: pick(r, META_STRINGS) }),
  ])();
}

/** Hostile headers (added to the route's own credentials; `append` ones are sent twice). */
export const HEADERS: Record<string, (r: Random, auth?: string) => Array<[string, string]>> = {
  "two Authorization headers": (_, auth) => [
    ["Authorization", auth ?? "Bearer a"],
    ["Authorization", "Bearer rd_forged_0000000000"],
  ],
  "16 KB Authorization": (r) => [["Authorization", `Bearer ${"A".repeat(16_384 + Math.floor(r() * 100))}`]],
  "Bearer token with unicode": (r) => [
    // What UTF-8 bytes look like to a Worker (header values are Latin-1 on the wire).
    // Latin-1 as sent on the wire, and characters beyond it (which workerd passes on as UTF-8 bytes).
    [
      "Authorization",
      `Bearer ${pick(r, ["Ñ\u0082Ð¾ÐºÐµÐ½", "tést-bøøtstrap", "\u00ff\u00fe\u0080", "test-bootstrap-token\u00a0", "令牌", "🔑".repeat(40), "test-bootstrap-token\u200b"])}`,
    ],
  ],
  "Basic and lowercase schemes": (r) => [
    ["Authorization", pick(r, ["bearer", "Bearer", "Basic Og==", "Basic ::::", "Bearer  ", "Digest x"])],
  ],
  "16 KB cookie": (r) => [["Cookie", `rd_session=${"s".repeat(16_384)}; rd_csrf=${"%".repeat(Math.floor(r() * 100))}`]],
  "odd Accept-Language": (r) => [
    ["Accept-Language", pick(r, ["zh-;q=abc,*;q=NaN", "x".repeat(16_384), ";;;,,,", "zh-Hans-CN-u-nu-hanidec;q=2"])],
  ],
  "16 KB Content-Type parameters": () => [["Content-Type", `application/json; charset=utf-8; x=${"y".repeat(16_384)}`]],
  "200 extra headers": (r) => Array.from({ length: 200 }, (_, i) => [`X-Junk-${i}`, "v".repeat(Math.floor(r() * 200))]),
  "a compression the body does not have": (r) => [
    ["Content-Encoding", pick(r, ["gzip", "br", "deflate, gzip", "x-unknown"])],
  ],
  "a WebSocket upgrade with odd subprotocols": (r) => [
    ["Upgrade", pick(r, ["websocket", "WebSocket", "h2c", "websocket, websocket"])],
    ["Connection", "Upgrade"],
    ["Sec-WebSocket-Version", pick(r, ["13", "8", "x"])],
    ["Sec-WebSocket-Key", pick(r, ["dGhlIHNhbXBsZSBub25jZQ==", "", "%%%"])],
    [
      "Sec-WebSocket-Protocol",
      pick(r, [
        "",
        ",,,",
        "relaydesk-chat",
        `relaydesk-chat, ${"a".repeat(43)}`,
        "relaydesk-chat, ".repeat(500),
        "\u00ff\u00fe",
      ]),
    ],
  ],
  "odd client address and origin": (r) => [
    ["CF-Connecting-IP", pick(r, ["", "999.999.999.999", "::ffff:not-an-ip", "1.1.1.1, 2.2.2.2", "x".repeat(2000)])],
    ["Origin", pick(r, ["null", "javascript:alert(1)", `https://${"a".repeat(5000)}.test`])],
  ],
};

/** Path parameter values no route should choke on. */
export const HOSTILE_IDS = [
  "..",
  "..%2F..%2Fetc%2Fpasswd",
  "%2e%2e%2f%2e%2e%2f",
  "%00",
  "tkt_%00",
  "%ff%fe",
  "%E0%A4%A",
  "%",
  "a".repeat(10_000),
  `tkt_${"9".repeat(2000)}`,
  encodeURIComponent("' OR 1=1 --"),
  encodeURIComponent('"><svg onload=alert(1)>'),
  encodeURIComponent("客服工单"),
  "-1",
  "1e999",
];

/** Hostile query strings for GET routes. */
export function hostileQuery(r: Random): string {
  const name = pick(r, [
    "status",
    "q",
    "cursor",
    "channel",
    "limit",
    "lang",
    "tag",
    "view",
    "unknown_param",
    "__proto__",
  ]);
  const value = pick(r, [
    "%",
    "%E0%A4%A",
    "%00",
    encodeURIComponent(pick(r, META_STRINGS)),
    "x".repeat(16_384),
    "-1",
    "1e999",
    "NaN",
    "[]",
  ]);
  return pick(r, [`?${name}=${value}`, `?${name}=${value}&${name}=${value}&${name}[]=1`, `?${name}`, `?&&=&=${value}`]);
}

/** A body with no Content-Length: streamed in 64 KiB chunks. */
export function streamOf(text: string): ReadableStream<Uint8Array> {
  const bytes = new TextEncoder().encode(text);
  let at = 0;
  return new ReadableStream({
    pull(controller) {
      if (at >= bytes.length) return controller.close();
      controller.enqueue(bytes.slice(at, at + 65_536));
      at += 65_536;
    },
  });
}
