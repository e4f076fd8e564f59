/**
 * Exchange API credentials inside the HTTP requests customers paste from their bots, fresh every
 * run: a URL's query string (`?apiKey=K&sign=S&timestamp=…`, `&signature=`, `&token=`,
 * `&access_token=`, `&passphrase=`, `&listenKey=`) or OAuth fragment (`#access_token=`), curl with
 * its headers (`X-MBX-APIKEY`, `OK-ACCESS-KEY/SIGN/PASSPHRASE`, `Authorization: Bearer/Basic`),
 * request logs and JSON or form bodies. And what must stay as written in the same requests: public parameters (symbol, orderId,
 * timestamp, clientOrderId), token contracts and mints, explorer links, mail headers
 * that name a signature (DKIM), a Solana RPC answer's "signature".
 */

import { base58, base64, hex } from "@scure/base";
import { base62, type Rng } from "./secret-generator";

export interface RequestCase {
  layout: string;
  text: string;
  /** Values that must not survive (12 characters of each, all of it when shorter). */
  secrets: string[];
}

const uuid = (r: Rng) => hex.encode(r.bytes(16)).replace(/^(.{8})(.{4})(.{4})(.{4})/, "$1-$2-$3-$4-");
const ts = (r: Rng) => String(1_700_000_000_000 + r.int(1e11));
const host = (r: Rng) =>
  r.pick(["api.binance.com", "api.bybit.com", "www.okx.com", "api.mexc.com", "api.x-exchange.io"]);
const symbol = (r: Rng) => r.pick(["BTCUSDT", "ETHUSDT", "SOLUSDT", "DOGEUSDT"]);
const orderId = (r: Rng) => String(1e9 + r.int(9e9));

/** What exchanges issue: a Binance-style 64-character key, a Bybit 18, a KuCoin 24-hex, an OKX UUID. */
const apiKey = (r: Rng) => r.pick([base62(r, 64), base62(r, 18), hex.encode(r.bytes(12)), uuid(r)]);
/** An HMAC signature: hex (Binance, Bybit) or base64 (OKX, KuCoin). */
const signature = (r: Rng) => (r.chance(0.5) ? hex.encode(r.bytes(32)) : base64.encode(r.bytes(32)));
const token = (r: Rng) => r.pick([base62(r, 32 + r.int(33)), `ya29.${base62(r, 40)}`, base62(r, 24)]);
const passphrase = (r: Rng) => `${base62(r, 6 + r.int(6))}${r.pick(["", "!", "#", "_x"])}`;
const enc = (s: string) => encodeURIComponent(s);

export function requestCase(r: Rng): RequestCase {
  const K = apiKey(r);
  const S = signature(r);
  const T = token(r);
  const P = passphrase(r);
  const t = ts(r);
  const L = base62(r, 60);
  const basic = base64.encode(new TextEncoder().encode(`bob${r.int(99)}:${P}`));
  const cases: Array<[string, string, string[]]> = [
    ["query: apiKey and sign", `https://${host(r)}/v1/order?apiKey=${K}&sign=${enc(S)}&timestamp=${t}`, [K, S]],
    [
      "query: signature last",
      `GET https://${host(r)}/api/v3/order?symbol=${symbol(r)}&orderId=${orderId(r)}&timestamp=${t}&signature=${S}`,
      [S],
    ],
    ["query: api_key", `https://${host(r)}/v5/order/create?api_key=${K}&symbol=${symbol(r)}&timestamp=${t}`, [K]],
    ["query: secret", `${host(r)}/open/api?apikey=${K}&secret=${T}&recvWindow=5000`, [K, T]],
    ["query: secretKey", `https://${host(r)}/api/v1/balance?secretKey=${T}&timestamp=${t}`, [T]],
    ["query: access_token", `https://${host(r)}/oauth/callback?access_token=${T}&token_type=bearer`, [T]],
    ["query: token", `wss://${host(r)}/ws?token=${T}&lang=en`, [T]],
    [
      "fragment: access_token",
      `https://${host(r)}/oauth/done#access_token=${T}&token_type=bearer&expires_in=3600`,
      [T],
    ],
    ["query: passphrase", `https://${host(r)}/api?key=${K}&passphrase=${enc(P)}&ts=${t}`, [K, P]],
    ["query: listenKey", `wss://stream.binance.com:9443/ws?listenKey=${L}`, [L]],
    [
      "curl: X-MBX-APIKEY, signature in the URL",
      `curl -H "X-MBX-APIKEY: ${K}" -X GET 'https://api.binance.com/api/v3/account?timestamp=${t}&signature=${S}'`,
      [K, S],
    ],
    [
      "curl: OKX headers",
      `curl -H 'OK-ACCESS-KEY: ${uuid(r)}' -H 'OK-ACCESS-SIGN: ${base64.encode(r.bytes(32))}' -H 'OK-ACCESS-TIMESTAMP: 2024-05-01T12:00:00.000Z' -H 'OK-ACCESS-PASSPHRASE: ${P}' https://www.okx.com/api/v5/account/balance`,
      [P],
    ],
    ["curl: Bearer", `curl -s -H "Authorization: Bearer ${T}" https://${host(r)}/v2/me`, [T]],
    ["header: Basic", `Authorization: Basic ${basic}`, [basic]],
    [
      "curl: JSON body",
      `curl -X POST https://${host(r)}/order -d '{"apiKey":"${K}","secret":"${T}","symbol":"${symbol(r)}","orderId":${orderId(r)}}'`,
      [K, T],
    ],
    [
      "curl: form body",
      `curl -X POST https://${host(r)}/api/v3/order --data "symbol=${symbol(r)}&side=BUY&timestamp=${t}&signature=${S}" -H "X-MBX-APIKEY: ${K}"`,
      [K, S],
    ],
    [
      "python requests",
      `r = requests.get(url, headers={"X-MBX-APIKEY": "${K}"}, params={"timestamp": ${t}, "signature": "${S}"})`,
      [K, S],
    ],
    [
      "request log",
      `2024-05-01 12:00:01,123 DEBUG urllib3.connectionpool https://${host(r)}:443 "GET /api/v3/account?timestamp=${t}&signature=${S} HTTP/1.1" 401 68`,
      [S],
    ],
    [
      "KuCoin headers, dict",
      `headers = {'KC-API-KEY': '${hex.encode(r.bytes(12))}', 'KC-API-SIGN': '${base64.encode(r.bytes(32))}', 'KC-API-PASSPHRASE': '${P}'}`,
      [P],
    ],
    ["Bybit headers", `-H "X-BAPI-API-KEY: ${base62(r, 18)}" -H "X-BAPI-SIGN: ${S}" -H "X-BAPI-TIMESTAMP: ${t}"`, [S]],
  ];
  const [layout, text, secrets] = r.pick(cases);
  return { layout, text, secrets };
}

/** Requests and links whose values are all public: they stay exactly as written. */
export function requestLookalike(r: Rng): { layout: string; text: string } {
  const tx = hex.encode(r.bytes(32));
  const addr = `0x${hex.encode(r.bytes(20))}`;
  const mint = base58.encode(r.bytes(32));
  const t = ts(r);
  const text = r.pick([
    `https://${host(r)}/api/v3/ticker/price?symbol=${symbol(r)}`,
    `https://${host(r)}/api/v3/order?symbol=${symbol(r)}&orderId=${orderId(r)}&timestamp=${t}&recvWindow=5000`,
    `https://${host(r)}/api/v3/order?symbol=${symbol(r)}&origClientOrderId=${base62(r, 20)}&timestamp=${t}`,
    `https://www.okx.com/trade-spot/btc-usdt?orderId=${orderId(r)}`,
    `https://etherscan.io/tx/0x${tx}`,
    `https://bscscan.com/token/${addr}?a=0x${hex.encode(r.bytes(20))}`,
    `https://app.uniswap.org/swap?inputCurrency=ETH&token=${addr}`,
    `https://jup.ag/swap?inputMint=So11111111111111111111111111111111111111112&outputMint=${mint}&amount=${r.int(1000)}`,
    `https://x-exchange.io/deposit?token=USDT&network=TRC20&amount=${r.int(5000)}`,
    `https://tronscan.org/#/transaction/${tx}`,
    `curl -H "Content-Type: application/json" -H "X-Request-Id: ${uuid(r)}" https://${host(r)}/api/v3/time`,
    `DKIM-Signature: v=1; a=rsa-sha256; d=mail.com; s=s1;\n b=${base64.encode(r.bytes(64))}`,
    `Authentication-Results: mx.google.com;\n dkim=pass header.i=@mail.com header.s=s1 header.b=${base64.encode(r.bytes(6))}`,
    `{"signature":"${base58.encode(r.bytes(64))}","slot":${2e8 + r.int(1e8)},"err":null}`,
    `GET /api/v3/myTrades?symbol=${symbol(r)}&startTime=${t}&limit=500 returns 401`,
    `?timestamp=${t}&signature=<your HMAC SHA256 signature>&apiKey={{API_KEY}}`,
  ]);
  return { layout: "public request values", text };
}
