/**
 * An attacker's pass over the secrets other than seed phrases, fresh values every run: private
 * keys after every kind of label (and in bullets, code blocks, JSON, Chinese sentences), exchange
 * API keys, secrets and passphrases (pairs, .env, curl headers, ccxt, tables), passwords of any
 * characters (also starting with a bracket or a bar), TOTP setup keys (base32, grouped, in
 * otpauth:// links) and 2FA codes after their many names. And the look-alikes staff need kept:
 * TxIDs next to key words, explorer links, addresses, UIDs.
 */

import { base32, base58, base64, hex } from "@scure/base";
import { keys, LISTS, type Rng } from "./secret-generator";

export interface OtherCase {
  layout: string;
  text: string;
  /** What must not survive, as written (the test folds case and separators). */
  secret: string;
}

const ALNUM = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
const SYMBOLS = "!@#$%^&*()_-+=[]{};:,.<>/?~|";
const pick = (r: Rng, s: string, n: number) => Array.from({ length: n }, () => r.pick([...s])).join("");
/** 8-17 characters, any of them a symbol, the first one too (a bar, a bracket, a dot). */
function password(r: Rng): string {
  let p = r.chance(0.3) ? r.pick([...SYMBOLS]) : r.pick([...ALNUM]);
  const n = 7 + r.int(10);
  for (let i = 0; i < n; i++) p += r.chance(0.2) ? r.pick([...SYMBOLS]) : r.pick([...ALNUM]);
  return /\d/.test(p) ? p : `${p}${2 + r.int(8)}`;
}
const alnum = (r: Rng, n: number) => pick(r, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789", n);
const uuid = (r: Rng) => hex.encode(r.bytes(16)).replace(/^(.{8})(.{4})(.{4})(.{4})/, "$1-$2-$3-$4-");
/** A TOTP setup key as apps show it: base32 of 10 or 20 bytes (16 or 32 characters). */
const totpKey = (r: Rng) => base32.encode(r.bytes(r.pick([10, 20]))).replace(/=+$/, "");
const code = (r: Rng) => String(r.int(1_000_000)).padStart(6, "0");
const groups = (s: string, n: number, sep: string) => (s.match(new RegExp(`.{1,${n}}`, "g")) ?? []).join(sep);

type Make = (r: Rng) => { text: string; secret: string };
const hexIn =
  (f: (k: string, r: Rng) => string): Make =>
  (r) => {
    const k = keys.hex64(r);
    return { text: f(k, r), secret: k };
  };

export const KEY_FORMS: Record<string, Make> = {
  "pk=": hexIn((k) => `pk=${k}`),
  "PK: 0x": hexIn((k) => `PK: 0x${k}`),
  "private_key:": hexIn((k) => `private_key: ${k}`),
  "priv key ->": hexIn((k) => `priv key -> ${k}`),
  "my key is, upper": hexIn((k) => `my key is ${k.toUpperCase()}`),
  "quoted after label": hexIn((k) => `private key "${k}"`),
  "code block": hexIn((k) => `my private key:\n\`\`\`\n${k}\n\`\`\``),
  "inline code": hexIn((k) => `here is my key \`0x${k}\``),
  "json with address": hexIn((k, r) => `{"address":"0x${hex.encode(r.bytes(20))}","privateKey":"0x${k}"}`),
  "groups of 4 with dashes": hexIn((k) => groups(k, 4, "-")),
  "4 lines after label": hexIn((k) => `private key\n${groups(k, 16, "\n")}`),
  "bulleted halves": hexIn((k, r) => `私钥:\n${r.pick(["•", "*", "-", "·"])} ${k.slice(0, 32)}\n• ${k.slice(32)}`),
  "tron 私钥 in a sentence": hexIn((k) => `波场钱包私钥是${k}，能帮我找回吗`),
  "私钥 glued": hexIn((k) => `这是我的私钥${k}请帮忙`),
  "imported into a wallet": hexIn(
    (k, r) =>
      r.pick([
        `I imported ${k} into MetaMask and the funds are gone`,
        `tried importing 0x${k} in trust wallet, balance 0`,
        `导入${k}到imToken后资产不见了`,
        `${k} was imported into Phantom yesterday`,
      ]) as string,
  ),
  "exported from metamask": hexIn((k, r) => `${r.pick(["I exported from MetaMask:", "exported:", "导出的"])} ${k}`),
  "secret:": hexIn((k) => `secret: ${k}`),
  "key = quoted": hexIn((k) => `key = "${k}"`),
  "more text after": hexIn((k) => `my private key is ${k} and I lost access to the wallet`),
  "the key for my wallet": hexIn((k) => `The private key for my wallet is 0x${k}.`),
  "key after, in parentheses": hexIn((k) => `${k} (my wallet key)`),
  "camelCase field": hexIn((k, r) => `{"${r.pick(["privateKeyHex", "privKeyHex", "signingKeyBytes"])}":"${k}"}`),
  "in code": hexIn((k, r) =>
    r.pick([`new ethers.Wallet("0x${k}")`, `web3.eth.accounts.privateKeyToAccount('0x${k}')`]),
  ),
  "halves around an ellipsis": hexIn((k) => `private key: ${k.slice(0, 32)}...${k.slice(32)}`),
  "wif 私钥": (r) => ((k) => ({ text: `BTC私钥：${k}`, secret: k }))(keys.wif(r)),
  "wif groups of 5": (r) => ((k) => ({ text: groups(k, 5, " "), secret: k }))(keys.wif(r)),
  "xprv over lines": (r) => ((k) => ({ text: groups(k, 28, "\n"), secret: k }))(keys.xprv(r)),
  "solana phantom": (r) => ((k) => ({ text: `Phantom private key: ${k}`, secret: k }))(keys.solana(r)),
  "solana secretKeyBase58": (r) => ((k) => ({ text: `{"secretKeyBase58":"${k}"}`, secret: k }))(keys.solana(r)),
  "solana json secretKey": (r) => ((k) => ({ text: `{"secretKey":"${k}"}`, secret: k }))(keys.solana(r)),
  "solana byte array, one per line": (r) =>
    ((b) => ({ text: `id.json:\n[\n  ${b.join(",\n  ")}\n]`, secret: b.join("") }))(Array.from(r.bytes(64))),
};

const apiSecret = (r: Rng) => r.pick([alnum(r, 64), base64.encode(r.bytes(32)), hex.encode(r.bytes(16)).toUpperCase()]);
export const API_FORMS: Record<string, Make> = {
  "secret key, qualifier before": (r) => ((s) => ({ text: `OKX secret key ${s}`, secret: s }))(apiSecret(r)),
  "markdown table": (r) =>
    ((k, s) => ({ text: `| API Key | ${k} |\n| Secret | ${s} |`, secret: s }))(alnum(r, 64), apiSecret(r)),
  "tab-separated": (r) => ((s) => ({ text: `API Secret\t${s}`, secret: s }))(apiSecret(r)),
  "api key, one line pair": (r) =>
    ((k, s) => ({ text: `API Key: ${k} Secret: ${s}`, secret: k }))(alnum(r, 64), apiSecret(r)),
  "OK-ACCESS-KEY uuid": (r) =>
    ((k, p) => ({ text: `curl -H 'OK-ACCESS-KEY: ${k}' -H 'OK-ACCESS-PASSPHRASE: ${p}'`, secret: k }))(
      uuid(r),
      password(r),
    ),
  "OK-ACCESS-PASSPHRASE": (r) =>
    ((k, p) => ({ text: `curl -H 'OK-ACCESS-KEY: ${k}' -H 'OK-ACCESS-PASSPHRASE: ${p}'`, secret: p }))(
      uuid(r),
      password(r),
    ),
  "OKX_PASSPHRASE=": (r) => ((p) => ({ text: `OKX_PASSPHRASE=${p}`, secret: p }))(password(r)),
  "口令：": (r) => ((p) => ({ text: `口令：${p}`, secret: p }))(password(r)),
  "API公钥 (the API key)": (r) => ((k) => ({ text: `API公钥 ${k}`, secret: k }))(alnum(r, 64)),
  "api: X": (r) => ((k) => ({ text: `binance api: ${k}`, secret: k }))(alnum(r, 64)),
  "ccxt password": (r) =>
    ((s, p) => ({ text: `ccxt.okx({'apiKey': 'x', 'secret': '${s}', 'password': '${p}'})`, secret: p }))(
      apiSecret(r),
      password(r).replace(/'/g, ""),
    ),
};

export const PASSWORD_FORMS: Record<string, Make> = {
  "my password is": (r) => ((p) => ({ text: `my password is ${p}`, secret: p }))(password(r)),
  "pw:": (r) => ((p) => ({ text: `pw: ${p}`, secret: p }))(password(r)),
  "password: X and more": (r) => ((p) => ({ text: `password: ${p} and email bob@x.com`, secret: p }))(password(r)),
  "pass:": (r) => ((p) => ({ text: `user: bob / pass: ${p}`, secret: p }))(password(r)),
  "登录密码：": (r) => ((p) => ({ text: `登录密码：${p}`, secret: p }))(password(r)),
  "资金密码：": (r) => ((p) => ({ text: `资金密码：${p}`, secret: p }))(password(r)),
  交易密码是: (r) => ((p) => ({ text: `交易密码是${p}`, secret: p }))(password(r)),
  "我的登录密码是 X 请": (r) => ((p) => ({ text: `我的登录密码是 ${p} 请帮我登录`, secret: p }))(password(r)),
  "login pw X": (r) => ((p) => ({ text: `login pw ${p}`, secret: p }))(password(r)),
  "email then password X": (r) => ((p) => ({ text: `bob@gmail.com password ${p}`, secret: p }))(password(r)),
  "Password:\\nX": (r) => ((p) => ({ text: `Password:\n${p}`, secret: p }))(password(r)),
  "password for <what>: X": (r) =>
    ((p) => ({ text: `${r.pick(["password for binance", "Password of my account", "pw on OKX"])}: ${p}`, secret: p }))(
      password(r),
    ),
  "X is my password, bracketed": (r) => ((p) => ({ text: `${p} is my password`, secret: p }))(`(${password(r)}]`),
  "other languages": (r) =>
    ((p) => ({ text: `${r.pick(["Passwort", "contraseña", "mật khẩu", "senha"])}: ${p}`, secret: p }))(password(r)),
  "in a code fence": (r) =>
    ((p, s) =>
      r.pick([
        { text: `password:\n\`\`\`\n${p}\n\`\`\``, secret: p },
        { text: `密码：\`\`\`${p}\`\`\``, secret: p },
        { text: `API secret:\n\`\`\`text\n${s}\n\`\`\``, secret: s },
      ]))(password(r).replace(/`/g, ""), apiSecret(r)),
  "words before 'is'": (r) =>
    ((p) =>
      r.pick([
        { text: `the password I use is ${p}`, secret: p },
        { text: `my password for login is ${p} and it fails`, secret: p },
        { text: `密码一直是${p}`, secret: p },
        { text: `登录密码设置为 ${p}`, secret: p },
      ]))(`${alnum(r, 6)}7${password(r)}`),
  "url user info / curl -u": (r) =>
    ((p) => ({ text: r.pick([`https://bob:${p}@x.example/`, `curl -u bob:${p} https://api.x.example`]), secret: p }))(
      // "@" and ":" as typed (unencoded): the host starts after the last "@". Not "/", "?" or "#", which end it.
      password(r).replace(/[/?#'"\s]/g, "") + (r.chance(0.5) ? r.pick(["@", ":", "@@", ":@"]) : "") + alnum(r, 4),
    ),
  "table row": (r) => ((p) => ({ text: `| password | ${p} |`, secret: p }))(password(r)),
  // Marks of its own at its end, then the sentence's one: "[2Ggd;:." lost ";:." and, too short, stayed whole.
  "ends in marks": (r) =>
    ((p) => ({
      text: `${r.pick(["my password is", "password:", "pw", "密码是"])} ${p}${r.pick([".", "", " thanks"])}`,
      secret: p,
    }))(
      `${r.pick([..."[|(*#"])}${r.pick([..."ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnpqrstuvwxyz"])}${r.int(10)}${alnum(r, 2 + r.int(3))}${r.pick([";:", ",;", ":,", ";;", "::", ".;"])}`,
    ),
};

export const TOTP_FORMS: Record<string, Make> = {
  "2FA secret:": (r) => ((k) => ({ text: `2FA secret: ${k}`, secret: k }))(totpKey(r)),
  "Google Authenticator key, grouped": (r) =>
    ((k) => ({ text: `Google Authenticator key: ${groups(k, 4, " ")}`, secret: k }))(totpKey(r)),
  "setup key": (r) => ((k) => ({ text: `setup key ${k}`, secret: k }))(totpKey(r)),
  "otpauth uri": (r) =>
    ((k) => ({ text: `otpauth://totp/Binance:bob%40x.com?secret=${k}&issuer=Binance`, secret: k }))(totpKey(r)),
  "otpauth uri, secret last": (r) =>
    ((k) => ({ text: `scan this: otpauth://totp/OKX?issuer=OKX&secret=${k}`, secret: k }))(totpKey(r)),
  "Backup Key:": (r) => ((k) => ({ text: `Backup Key: ${k}`, secret: k }))(totpKey(r)),
  "recovery key grouped": (r) => ((k) => ({ text: `recovery key ${groups(k, 4, " ")}`, secret: k }))(totpKey(r)),
  谷歌验证器密钥: (r) => ((k) => ({ text: `谷歌验证器密钥：${groups(k, 4, " ")}`, secret: k }))(totpKey(r)),
  备份密钥: (r) => ((k) => ({ text: `备份密钥 ${k}`, secret: k }))(totpKey(r)),
  恢复密钥是: (r) => ((k) => ({ text: `谷歌验证恢复密钥是${k}`, secret: k }))(totpKey(r)),
  "lower case": (r) => ((k) => ({ text: `2fa key: ${k.toLowerCase()}`, secret: k }))(totpKey(r)),
  "json totpSecret": (r) => ((k) => ({ text: `{"totpSecret":"${k}"}`, secret: k }))(totpKey(r)),
  "GA key": (r) => ((k) => ({ text: `GA key: ${k}`, secret: k }))(totpKey(r)),
  "my 2fa seed is": (r) => ((k) => ({ text: `my 2fa seed is ${k}`, secret: k }))(totpKey(r)),
  "Secret key grouped, dashes": (r) => ((k) => ({ text: `Secret key: ${groups(k, 4, "-")}`, secret: k }))(totpKey(r)),
  "authenticator setup code": (r) =>
    ((k) => ({ text: `authenticator setup code: ${groups(k, 4, " ")}`, secret: k }))(totpKey(r)),
  "google auth code": (r) => ((c) => ({ text: `google auth ${c}`, secret: c }))(code(r)),
  "code named after it": (r) =>
    ((c) => ({ text: r.pick([`code ${c} from Google Authenticator`, `${c} (Google Authenticator)`]), secret: c }))(
      code(r),
    ),
  "谷歌： / GAuth:": (r) => ((c) => ({ text: `${r.pick(["谷歌：", "GAuth: ", "gauth "])}${c}`, secret: c }))(code(r)),
  "谷歌码：": (r) => ((c) => ({ text: `谷歌码：${c}`, secret: c }))(code(r)),
  "GA: code": (r) => ((c) => ({ text: `GA: ${c}`, secret: c }))(code(r)),
};

/** Every layout once with fresh values. */
export function otherCases(r: Rng): OtherCase[] {
  const out: OtherCase[] = [];
  for (const [group, forms] of [
    ["key", KEY_FORMS],
    ["api", API_FORMS],
    ["password", PASSWORD_FORMS],
    ["totp", TOTP_FORMS],
  ] as const)
    for (const [name, make] of Object.entries(forms)) out.push({ layout: `${group}: ${name}`, ...make(r) });
  return out;
}

const FOUR_LETTER = LISTS.en.filter((w) => w.length === 4);

/** What staff need as written: TxIDs (also next to the words "key" and "private key"), links, addresses, ids. */
export function otherLookalikes(r: Rng): Array<{ layout: string; text: string }> {
  const tx = hex.encode(r.bytes(32));
  const sig = base58.encode(r.bytes(64));
  const addr = `0x${hex.encode(r.bytes(20))}`;
  const T: Record<string, string> = {
    "TxID, then key words in parentheses": `Withdrawal TxID ${tx} (private key never shared)`,
    "hash, then 'is my key'": `hash ${tx} is the key transaction`,
    "交易哈希 then 私钥": `交易哈希 ${tx}（私钥没有泄露）`,
    "etherscan link": `https://etherscan.io/tx/0x${tx} my private key is safe`,
    "explorer link after key words": `my private key leaked? ${r.pick([
      "https://www.blockchain.com/explorer/transactions/btc/",
      "https://blockchair.com/bitcoin/transaction/",
      "mempool.space/tx/",
    ])}${tx}`,
    "plural tx word": `my key is safe; ${r.pick(["transactions", "hashes", "txs"])} ${tx} and more`,
    "tronscan link": `https://tronscan.org/#/transaction/${tx}`,
    "solscan link": `https://solscan.io/tx/${sig}`,
    "upper-case TXID": `TXID ${tx.toUpperCase()}`,
    "public key": `${r.pick(["public key", "pubkey:", "公钥："])} ${tx}`,
    "address as key": `my key address ${addr}`,
    "UID and order": `UID: ${10_000_000 + r.int(8e7)}, order no. ${r.int(1e9)}${r.int(1e9)}`,
    "GA as a place": `I live in Atlanta, GA 30301`,
    "2FA prose": "I set up Google Authenticator but the setup key screen was blank",
    "secret key prose": "Where do I find my secret key? The API page shows only the API key.",
    "password rules": "password: (8-32 characters, one digit)",
    "upper-case word after 'seed:'": "seed: BACKUPSTORAGEXYZ",
    "2FA right after 'login password'": "I can't reset my login password 2FA is on",
    // Wordlist words of one length after wordlist words that name secrets: a phrase's words, no base32 key.
    "even words after 'secret key'": `${r.pick(["secret key", "setup code", "seed"])} ${Array.from(
      { length: 4 + r.int(5) },
      () => r.pick(FOUR_LETTER),
    ).join(" ")} qx${2 + r.int(6)}${2 + r.int(6)}`,
    "password prose with words": r.pick([
      "the password I use is wrong",
      "password changed on: 2024-01-01",
      "password length is 12",
      "密码一直是错的",
      "the password you set is too weak",
    ]),
    "tab table of ids": `Order ID\t${r.int(1e9)}${r.int(1e9)}\nTxID\t${tx}`,
  };
  return Object.entries(T).map(([layout, text]) => ({ layout, text }));
}
