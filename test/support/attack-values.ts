/**
 * An attacker's private keys, beyond those of secret-values.ts: as copied out of a quoted
 * email, a PEM file, an .env or YAML file, a URL, a JSON body, with the label before or after,
 * with look-alike letters or invisible characters inside. Random values each run.
 */

import { sha256 } from "@noble/hashes/sha2.js";
import { createBase58check } from "@scure/base";
import { keys, type Rng } from "./secret-generator";

const b58c = createBase58check(sha256);
const fullWidth = (s: string) => s.replace(/[!-~]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));
const groups = (s: string, size: number, sep: string) => (s.match(new RegExp(`.{1,${size}}`, "g")) ?? []).join(sep);
const solanaArray = (r: Rng) => `[${Array.from(r.bytes(64)).join(",")}]`;

/** Keys in many layouts: [layout, text, fragments]. */
export const KEY_LAYOUTS: Record<string, (r: Rng) => { text: string; secret: string }> = {
  "0x hex, bare label": (r) => {
    const k = keys.hex64(r);
    return { text: `private key 0x${k}`, secret: k };
  },
  "hex, upper case, label": (r) => {
    const k = keys.hex64(r).toUpperCase();
    return { text: `Private Key: ${k}`, secret: k };
  },
  "hex, pairs with spaces": (r) => {
    const k = keys.hex64(r);
    return { text: groups(k, 2, " "), secret: k };
  },
  "hex, groups of 4 with spaces": (r) => {
    const k = keys.hex64(r);
    return { text: groups(k, 4, " "), secret: k };
  },
  "hex, groups of 4 over 4 lines": (r) => {
    const k = keys.hex64(r);
    return { text: groups(groups(k, 4, " "), 20, "\n"), secret: k };
  },
  "hex, two uneven lines with label": (r) => {
    const k = keys.hex64(r);
    const cut = 10 + r.int(44);
    return { text: `my private key:\n${k.slice(0, cut)}\n${k.slice(cut)}`, secret: k };
  },
  "hex, three uneven lines with label": (r) => {
    const k = keys.hex64(r);
    return { text: `私钥如下\n${k.slice(0, 22)}\n${k.slice(22, 44)}\n${k.slice(44)}`, secret: k };
  },
  "hex, markdown code": (r) => {
    const k = keys.hex64(r);
    return { text: `my private key is \`0x${k}\``, secret: k };
  },
  "hex, code block after label": (r) => {
    const k = keys.hex64(r);
    return { text: `exported private key:\n\`\`\`\n${k}\n\`\`\``, secret: k };
  },
  "hex, yaml": (r) => {
    const k = keys.hex64(r);
    return { text: `wallet:\n  private_key: "0x${k}"\n  network: mainnet`, secret: k };
  },
  "hex, env": (r) => {
    const k = keys.hex64(r);
    return { text: `RPC_URL=https://rpc.example\nDEPLOYER_PRIVATE_KEY=${k}\n`, secret: k };
  },
  "hex, json key field": (r) => {
    const k = keys.hex64(r);
    return { text: `{"address":"0xabc","key":"0x${k}"}`, secret: k };
  },
  "hex, html": (r) => {
    const k = keys.hex64(r);
    return { text: `<p>My private key:<br>${k}</p>`, secret: k };
  },
  "hex, zh label full-width colon": (r) => {
    const k = keys.hex64(r);
    return { text: `钱包私钥：0x${k}，请帮我转出`, secret: k };
  },
  "hex, zh after": (r) => {
    const k = keys.hex64(r);
    return { text: `0x${k}\n这个是私钥`, secret: k };
  },
  "hex, pk=": (r) => {
    const k = keys.hex64(r);
    return { text: `pk=${k}`, secret: k };
  },
  "hex, metamask wording": (r) => {
    const k = keys.hex64(r);
    return { text: `I exported the account from MetaMask (Account details > Show private key): ${k}`, secret: k };
  },
  "hex, quoted email": (r) => {
    const k = keys.hex64(r);
    return { text: `> private key\n> ${k.slice(0, 32)}\n> ${k.slice(32)}`, secret: k };
  },
  "hex, full-width": (r) => {
    const k = keys.hex64(r);
    return { text: `私钥：${fullWidth(k)}`, secret: k };
  },
  "WIF compressed bare": (r) => {
    const k = b58c.encode(Uint8Array.from([0x80, ...r.bytes(32), 0x01]));
    return { text: k, secret: k };
  },
  "WIF uncompressed bare": (r) => {
    const k = b58c.encode(Uint8Array.from([0x80, ...r.bytes(32)]));
    return { text: `here: ${k} thanks`, secret: k };
  },
  "WIF testnet": (r) => {
    const k = b58c.encode(Uint8Array.from([0xef, ...r.bytes(32), 0x01]));
    return { text: `testnet wif ${k}`, secret: k };
  },
  "WIF, groups of 4": (r) => {
    const k = b58c.encode(Uint8Array.from([0x80, ...r.bytes(32), 0x01]));
    return { text: groups(k, 4, " "), secret: k };
  },
  "WIF, quoted lines": (r) => {
    const k = b58c.encode(Uint8Array.from([0x80, ...r.bytes(32)]));
    return { text: `> ${k.slice(0, 25)}\n> ${k.slice(25)}`, secret: k };
  },
  "WIF, html": (r) => {
    const k = b58c.encode(Uint8Array.from([0x80, ...r.bytes(32), 0x01]));
    return { text: `<td>${k}</td>`, secret: k };
  },
  "WIF, full-width": (r) => {
    const k = b58c.encode(Uint8Array.from([0x80, ...r.bytes(32), 0x01]));
    return { text: `我的私钥 ${fullWidth(k)}`, secret: k };
  },
  "WIF, prefixed with p2wpkh:": (r) => {
    const k = b58c.encode(Uint8Array.from([0x80, ...r.bytes(32), 0x01]));
    return { text: `p2wpkh:${k}`, secret: k };
  },
  xprv: (r) => {
    const k = keys.xprv(r);
    return { text: `master key ${k}`, secret: k };
  },
  "xprv, two lines": (r) => {
    const k = keys.xprv(r);
    return { text: `${k.slice(0, 56)}\n${k.slice(56)}`, secret: k };
  },
  "xprv, json": (r) => {
    const k = keys.xprv(r);
    return { text: `{"xprv":"${k}"}`, secret: k };
  },
  "xprv, with derivation": (r) => {
    const k = keys.xprv(r);
    return { text: `${k}/84'/0'/0'`, secret: k };
  },
  "solana array": (r) => {
    const t = solanaArray(r);
    return { text: t, secret: t.replace(/[[\]]/g, "") };
  },
  "solana array, spaced lines": (r) => {
    const b = Array.from(r.bytes(64));
    const lines: string[] = [];
    for (let i = 0; i < b.length; i += 10) lines.push(b.slice(i, i + 10).join(", "));
    const t = `[\n  ${lines.join(",\n  ")}\n]`;
    return { text: `my keypair.json:\n${t}`, secret: b.join(",") };
  },
  "solana base58 label": (r) => {
    const k = keys.solana(r);
    return { text: `Phantom private key: ${k}`, secret: k };
  },
  "solana base58 zh": (r) => {
    const k = keys.solana(r);
    return { text: `我的Phantom钱包私钥是${k}`, secret: k };
  },
  "solana base58 bare after export": (r) => {
    const k = keys.solana(r);
    return { text: `Exported key:\n${k}`, secret: k };
  },
  "PEM EC": (r) => {
    const body = Buffer.from(r.bytes(118)).toString("base64");
    return {
      text: `-----BEGIN EC PRIVATE KEY-----\n${groups(body, 64, "\n")}\n-----END EC PRIVATE KEY-----`,
      secret: body,
    };
  },
  "PEM PKCS8": (r) => {
    const body = Buffer.from(r.bytes(48)).toString("base64");
    return {
      text: `key file:\n-----BEGIN PRIVATE KEY-----\n${body}\n-----END PRIVATE KEY-----\nthanks`,
      secret: body,
    };
  },
  "hex, label on the next line": (r) => {
    const k = keys.hex64(r);
    return { text: `${k}\n(that one is the private key of my wallet)`, secret: k };
  },
  "hex, cyrillic letters": (r) => {
    const k = keys.hex64(r);
    return { text: `private key: ${k.replace(/[ace]/g, (c) => ({ a: "а", c: "с", e: "е" })[c] as string)}`, secret: k };
  },
  "hex, groups of 8 over two lines, label after": (r) => {
    const k = keys.hex64(r);
    return { text: `${groups(k.slice(0, 32), 8, " ")}\n${groups(k.slice(32), 8, " ")}\n^ private key`, secret: k };
  },
  "hex, quoted email groups": (r) => {
    const k = keys.hex64(r);
    return { text: `On Mon, support wrote:\n> send the key\n\nhere:\n> ${groups(k, 16, " ")}`, secret: k };
  },
  "hex, url query": (r) => {
    const k = keys.hex64(r);
    return { text: `https://wallet.example/import?privateKey=0x${k}&chain=1`, secret: k };
  },
  "hex, env with comment": (r) => {
    const k = keys.hex64(r);
    return { text: `export PRIVATE_KEY='${k}' # main wallet`, secret: k };
  },
  "hex, json multi-line": (r) => {
    const k = keys.hex64(r);
    return { text: JSON.stringify({ address: "0x0", privateKey: `0x${k}` }, null, 2), secret: k };
  },
  "hex, groups in backticks": (r) => {
    const k = keys.hex64(r);
    return { text: `key: ${(k.match(/.{8}/g) ?? []).map((g) => `\`${g}\``).join(" ")}`, secret: k };
  },
  "hex, the key is": (r) => {
    const k = keys.hex64(r);
    return { text: `the key is ${k}`, secret: k };
  },
  "hex, zero-width every 8": (r) => {
    const k = keys.hex64(r);
    return { text: `私钥 ${(k.match(/.{8}/g) ?? []).join("\u200b")}`, secret: k };
  },
  "hex, upper 0X with zh label after": (r) => {
    const k = keys.hex64(r).toUpperCase();
    return { text: `0X${k}（私钥）`, secret: k };
  },
  "hex, 4 lines of 16, no label": (r) => {
    const k = keys.hex64(r);
    return { text: groups(k, 16, "\n"), secret: k };
  },
  "WIF, label after": (r) => {
    const k = keys.wif(r);
    return { text: `${k} is my private key`, secret: k };
  },
  "WIF, hyphen groups of 5": (r) => {
    const k = keys.wif(r);
    return { text: groups(k, 5, "-"), secret: k };
  },
  "WIF, zero-width inside": (r) => {
    const k = keys.wif(r);
    return { text: `${k.slice(0, 20)}\u200d${k.slice(20)}`, secret: k };
  },
  "xprv, quoted email": (r) => {
    const k = keys.xprv(r);
    return { text: `> ${k.slice(0, 40)}\n> ${k.slice(40, 80)}\n> ${k.slice(80)}`, secret: k };
  },
  "xprv, full-width": (r) => {
    const k = keys.xprv(r);
    return { text: `扩展私钥：${fullWidth(k)}`, secret: k };
  },
  "xprv, groups of 4": (r) => {
    const k = keys.xprv(r);
    return { text: groups(k, 4, " "), secret: k };
  },
};
