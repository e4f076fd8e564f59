/**
 * Secrets as customers paste them out of their code, configs and tools, fresh every run: Python
 * and JS clients (`Client(api_key="K", api_secret="S")`, `ccxt.binance({'apiKey': K, 'secret': S})`),
 * `.env` with `export`, YAML, TOML, JSON configs, quoted strings with escapes, log lines, stack
 * traces, markdown tables, email signatures, private keys in code (WIF, `0x` hex, base58), seed
 * phrases numbered in odd ways or in a JSON array, otpauth:// links, recovery codes and PIN codes.
 */

import { base32, base64, hex } from "@scure/base";
import { B62, base62, chars, keys, mnemonic, type Rng } from "./secret-generator";

export interface PasteCase {
  layout: string;
  text: string;
  /** Values that must not survive (12 characters of each, all of it when shorter). */
  secrets: string[];
  /** For a phrase: its words; no four in a row may survive. */
  words?: string[];
}

/** 10-16 characters with a digit and a symbol; no quote or backslash unless `escaped`. */
function password(r: Rng, escaped = false): string {
  const n = 8 + r.int(9);
  let p = chars(r, `${B62}!#$%&*+-=?@^_~`, n);
  if (!/\d/.test(p)) p += String(r.int(10));
  if (!escaped) return p;
  const at = 2 + r.int(Math.max(1, n - 8));
  return `${p.slice(0, at)}\\"${p.slice(at)}`;
}
const exchange = (r: Rng) => r.pick(["binance", "bybit", "okx", "kucoin", "gateio", "mexc"]);

type Make = (r: Rng) => Omit<PasteCase, "layout">;

/** API key and secret pairs in code and configs. */
const API: Record<string, (k: string, s: string, r: Rng) => string> = {
  "python Client kwargs": (k, s) => `client = Client(api_key="${k}", api_secret="${s}")`,
  "python Client positional": (k, s) => `from binance.client import Client\nclient = Client("${k}", "${s}")`,
  "ccxt dict": (k, s, r) => `exchange = ccxt.${exchange(r)}({'apiKey': '${k}', 'secret': '${s}'})`,
  "ccxt JS, unquoted keys": (k, s, r) =>
    `const ex = new ccxt.${exchange(r)}({ apiKey: '${k}', secret: '${s}', enableRateLimit: true })`,
  ".env with export": (k, s, r) =>
    `export ${exchange(r).toUpperCase()}_API_KEY="${k}"\nexport ${exchange(r).toUpperCase()}_API_SECRET='${s}'`,
  ".env with a comment": (k, s) => `API_KEY=${k}  # main account\nAPI_SECRET=${s}  # do not share`,
  yaml: (k, s, r) => `${exchange(r)}:\n  apiKey: ${k}\n  secret: "${s}"\n  sandbox: false`,
  toml: (k, s) => `[exchange]\nname = "binance"\napi_key = "${k}"\napi_secret = "${s}"`,
  "freqtrade json": (k, s) =>
    `"exchange": {\n    "name": "binance",\n    "key": "${k}",\n    "secret": "${s}",\n    "ccxt_config": {}\n}`,
  "stack trace": (k, s) =>
    `Traceback (most recent call last):\n  File "bot.py", line 14, in <module>\n    ex = ccxt.binance({"apiKey": "${k}", "secret": "${s}"})\nccxt.base.errors.AuthenticationError: binance {"code":-2015,"msg":"Invalid API-key, IP, or permissions for action."}`,
  "log line": (k, s) => `2024-05-01 12:00:01,532 INFO [bot] starting with api_key=${k} api_secret=${s} symbol=BTCUSDT`,
  "markdown table": (k, s, r) => `| Exchange | API Key | Secret |\n|---|---|---|\n| ${exchange(r)} | ${k} | ${s} |`,
  "field/value table": (k, s) => `| Field | Value |\n| --- | --- |\n| api key | ${k} |\n| secret key | ${s} |`,
  "docker run -e": (k, s) => `docker run -e BINANCE_API_KEY=${k} -e BINANCE_API_SECRET=${s} mybot:latest`,
};

const FORMS: Record<string, Make> = {
  ...Object.fromEntries(
    Object.entries(API).map(([name, f]): [string, Make] => [
      `api: ${name}`,
      (r) => {
        const k = base62(r, 64);
        const s = r.chance(0.5) ? base62(r, 64) : base64.encode(r.bytes(32));
        return { text: f(k, s, r), secrets: [k, s] };
      },
    ]),
  ),
  "password: quoted with an escaped quote": (r) => {
    const p = password(r, true);
    // The part after the escaped quote must go too (6 characters or more of it).
    const tail = p.slice(p.indexOf('\\"') + 2);
    return { text: r.pick([`password = "${p}"`, `{"password": "${p}", "remember": true}`]), secrets: [p, tail] };
  },
  "password: email signature": (r) => {
    const p = password(r);
    return {
      text: `Thanks for your help,\nBob Miller\nAccount: bob.miller@mail.com\nPassword: ${p}\n\nSent from my iPhone`,
      secrets: [p],
    };
  },
  "password: yaml with passphrase": (r) => {
    const p = password(r);
    return { text: `okx:\n  apiKey: ${base62(r, 32)}\n  password: ${p}\n`, secrets: [p] };
  },
  "password: PIN code": (r) => {
    const pin = String(r.int(1e6)).padStart(6, "0");
    return { text: r.pick([`PIN code: ${pin}`, `my pin code is ${pin}`, `Card PIN code - ${pin}`]), secrets: [pin] };
  },
  "key: hex 0x in code": (r) => {
    const k = keys.hex64(r);
    return {
      text: r.pick([
        `const PRIVATE_KEY = "0x${k}";`,
        `acct = w3.eth.account.from_key("0x${k}")`,
        `wallet = new ethers.Wallet('0x${k}', provider)`,
        `PRIVATE_KEY=0x${k}`,
        `private_key: "0x${k}"`,
      ]),
      secrets: [k],
    };
  },
  "key: WIF in code": (r) => {
    const k = keys.wif(r);
    return { text: r.pick([`key = Key('${k}')`, `wif = "${k}"`, `bitcoin-cli importprivkey ${k}`]), secrets: [k] };
  },
  "key: solana base58 in code": (r) => {
    const k = keys.solana(r);
    return { text: `const kp = Keypair.fromSecretKey(bs58.decode("${k}"));`, secrets: [k] };
  },
  "totp: otpauth link": (r) => {
    const k = base32.encode(r.bytes(r.pick([10, 20]))).replace(/=+$/, "");
    const v = r.chance(0.3) ? k.toLowerCase() : k;
    return {
      text: r.pick([
        `otpauth://totp/Binance:bob%40mail.com?secret=${v}&issuer=Binance`,
        `QR says: otpauth://totp/OKX?secret=${v}&algorithm=SHA1&digits=6&period=30`,
      ]),
      secrets: [k],
    };
  },
  "2fa: recovery codes": (r) => {
    const codes = Array.from(
      { length: 6 + r.int(5) },
      () => `${chars(r, "abcdefghjkmnpqrstuvwxyz23456789", 5)}-${chars(r, "abcdefghjkmnpqrstuvwxyz23456789", 5)}`,
    );
    return {
      text: r.pick([
        `Recovery codes:\n${codes.join("\n")}`,
        `my 2FA recovery codes are ${codes.join(" ")}`,
        `backup codes: ${codes.join(", ")}`,
      ]),
      secrets: codes,
    };
  },
};

/** A seed phrase numbered or written in the ways people do. */
const SEED: Array<(w: string[]) => string> = [
  (w) => w.map((x, i) => `${i + 1}) ${x}`).join("\n"),
  (w) => w.map((x, i) => `(${i + 1}) ${x}`).join(" "),
  (w) => w.map((x, i) => `${i + 1}- ${x}`).join("\n"),
  (w) => w.map((x, i) => `${x}${i + 1}`).join(" "),
  (w) =>
    w
      .map((x, i) => x + ((i + 1) % 4 === 0 ? "\n" : " "))
      .join("")
      .trim(),
  (w) => w.join(", "),
  (w) => w.join(" ").toUpperCase(),
  (w) => w.map((x) => x[0]?.toUpperCase() + x.slice(1)).join(" "),
  (w) => JSON.stringify({ mnemonic: w.join(" ") }),
  (w) => `words = ${JSON.stringify(w)}`,
  (w) => `const wallet = ethers.Wallet.fromPhrase("${w.join(" ")}");`,
  (w) => `MNEMONIC="${w.join(" ")}"`,
  (w) => w.map((x, i) => `${x} ${i + 1}`).join("\n"),
  (w) => w.map((x, i) => `${String(i + 1).padStart(2, "0")}: ${x}`).join("\n"),
  (w) => w.map((x, i) => `Word #${i + 1} - ${x}`).join("\n"),
  (w) => `| # | word |\n|---|---|\n${w.map((x, i) => `| ${i + 1} | ${x} |`).join("\n")}`,
];

export function pasteCase(r: Rng): PasteCase {
  if (r.chance(0.3)) {
    const w = mnemonic(r, "en");
    const f = r.int(SEED.length);
    const text = (SEED[f] as (w: string[]) => string)(w);
    const written =
      f === 6 ? w.map((x) => x.toUpperCase()) : f === 7 ? w.map((x) => x[0]?.toUpperCase() + x.slice(1)) : w;
    return { layout: `seed #${f}`, text, secrets: [], words: written };
  }
  const name = r.pick(Object.keys(FORMS));
  return { layout: name, ...(FORMS[name] as Make)(r) };
}

/** Code and configs whose values are public: they stay exactly as written. */
export function pasteLookalike(r: Rng): { layout: string; text: string } {
  const tx = hex.encode(r.bytes(32));
  const addr = `0x${hex.encode(r.bytes(20))}`;
  const text = r.pick([
    `exchange = ccxt.binance({'apiKey': API_KEY, 'secret': API_SECRET})`,
    `client = Client(os.getenv("BINANCE_API_KEY"), os.getenv("BINANCE_API_SECRET"))`,
    `API_KEY=your_api_key_here\nAPI_SECRET=your_api_secret_here`,
    `binance:\n  apiKey: \${BINANCE_KEY}\n  secret: \${BINANCE_SECRET}`,
    `tx = w3.eth.get_transaction("0x${tx}")`,
    `balance = w3.eth.get_balance("${addr}")`,
    `2024-05-01 12:00:01,532 INFO order ${1e9 + r.int(9e8)} filled qty=0.5 price=${60000 + r.int(9000)} txid=${tx}`,
    `| Order ID | Pair | TxID |\n|---|---|---|\n| ${1e9 + r.int(9e8)} | BTC/USDT | ${tx} |`,
    `Traceback (most recent call last):\n  File "bot.py", line ${10 + r.int(90)}, in place_order\nccxt.base.errors.InsufficientFunds: binance Account has insufficient balance`,
    `Thanks,\nBob Miller\nUID: ${10_000_000 + r.int(8e7)}\nSent from my iPhone`,
    `withdraw(address="${addr}", amount=${r.int(500)}, network="ERC20")`,
  ]);
  return { layout: "public values in code and configs", text };
}
