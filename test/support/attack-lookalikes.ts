/** Look-alikes in the attack layouts: public values and prose that must stay as written. */

import { sha256 } from "@noble/hashes/sha2.js";
import { base58, createBase58check, hex } from "@scure/base";
import { rng } from "./secret-generator";

const b58c = createBase58check(sha256);

/** Look-alikes in the same layouts: public values and prose that must stay as written. */
export function attackLookalikes(seed: number): Array<{ layout: string; text: string }> {
  const r = rng(seed ^ 0xa77ac);
  const tx = () => hex.encode(r.bytes(32));
  const out: Array<{ layout: string; text: string }> = [
    { layout: "txid code block", text: `TxID:\n\`\`\`\n${tx()}\n\`\`\`` },
    { layout: "txid in table", text: `| TxID | amount |\n|---|---|\n| ${tx()} | 12.5 USDT |` },
    { layout: "txid html", text: `<p>TxID:<br>${tx()}</p>` },
    { layout: "txid zh full-width colon", text: `交易哈希：${tx()}，还没到账` },
    { layout: "txid json", text: `{"txid":"0x${tx()}","status":"pending"}` },
    { layout: "hash of block", text: `block hash ${tx()}` },
    { layout: "two txids, lines", text: `${tx()}\n${tx()}` },
    { layout: "tx with key word after", text: `${tx()} is the transaction, key point: it's stuck` },
    { layout: "withdrawal id", text: `Withdrawal ID ${tx()} still processing` },
    {
      layout: "xpub",
      text: `xpub ${b58c.encode(Uint8Array.from([0x04, 0x88, 0xb2, 0x1e, 0, ...r.bytes(8), ...r.bytes(32), 2, ...r.bytes(32)]))}`,
    },
    { layout: "sol address array-like", text: `amounts [1, 2, 3, 4]` },
    { layout: "password prose zh", text: "我的密码是对的，但是登录不了" },
    { layout: "password prose zh 2", text: "密码是什么时候改的？我没有改过" },
    { layout: "password prose en", text: "My password is correct but login fails" },
    { layout: "password prose en 2", text: "what is the password requirement? it says 8 characters" },
    { layout: "password prose en 3", text: "The password I used was the same as always" },
    { layout: "2fa prose", text: "my 2FA code is not accepted, I tried 3 times" },
    { layout: "2fa prose zh", text: "验证码是不是有时间限制？我等了10分钟" },
    { layout: "verification code ticket", text: "Verification code sent to my email never arrived (ticket 123456)" },
    { layout: "api prose", text: "API secret was deleted after I changed my IP whitelist" },
    { layout: "api prose zh", text: "API密钥被删了，怎么重新创建？" },
    { layout: "seed prose", text: "Do I need my seed phrase to restore the wallet on a new phone?" },
    { layout: "seed prose zh", text: "助记词是不是一定要抄在纸上？我现在是用手机截图保存的" },
    { layout: "order numbers list", text: `Orders:\n1. ${r.int(1e9)}\n2. ${r.int(1e9)}\n3. ${r.int(1e9)}` },
    {
      layout: "amounts table",
      text: "| date | amount |\n|---|---|\n| 2025-01-02 | 100 USDT |\n| 2025-01-03 | 250 USDT |",
    },
    { layout: "uuid", text: `request ${crypto.randomUUID()}` },
    {
      layout: "english prose with list",
      text: "Steps I tried:\n- open the app\n- go to wallet\n- tap withdraw\n- enter the amount\n- confirm with my phone\nit fails at the last step",
    },
    {
      layout: "zh prose",
      text: "你好，我昨天在平台上买了一些币，然后想转到我自己的钱包，但是一直显示处理中，已经过了一天了，请问是什么原因？",
    },
    { layout: "eth address json", text: `{"address":"0x${hex.encode(r.bytes(20))}"}` },
    { layout: "base58 sol sig", text: `signature: ${base58.encode(r.bytes(64))}` },
    {
      layout: "pem public key",
      text: `-----BEGIN PUBLIC KEY-----\n${Buffer.from(r.bytes(64)).toString("base64")}\n-----END PUBLIC KEY-----`,
    },
    { layout: "address after key", text: `key: 0x${hex.encode(r.bytes(20))}` },
    { layout: "address, my key address", text: `my key address is 0x${hex.encode(r.bytes(20))}, is it right?` },
    { layout: "txid after Key:", text: `Key: TxID ${tx()}` },
    { layout: "txid then key word", text: `${tx()}\nkey info above is the tx hash` },
    { layout: "compressed public key", text: `public key 02${tx()}` },
    { layout: "order number", text: `Order No. 2025${String(r.int(1e8)).padStart(8, "0")}` },
    { layout: "zh order number", text: `订单号：${2025e14 + r.int(1e9)}，请尽快处理` },
    { layout: "password is wrong", text: "my password is wrong and the 2FA code expired" },
    { layout: "password wrong zh", text: "我的密码错了，验证码也收不到，怎么办？" },
    { layout: "password reset twice", text: "I reset my password twice, still locked. ticket 88812345" },
    { layout: "2fa tried 3 times", text: "I entered the 2FA code 3 times at 10:45 and it failed" },
    { layout: "api key only", text: "I created a new API key yesterday, which permissions does it need?" },
    { layout: "seed phrase question zh", text: "请问助记词丢了还能找回吗？我只记得前面几个词" },
    {
      layout: "quoted staff reply",
      text: "On Tue, Support wrote:\n> Never share your seed phrase or private key.\n> We will never ask for it.\nOK thanks",
    },
    {
      layout: "en prose with wordlist words",
      text: "Hello, I bought some bitcoin last month and then tried to move it to my own wallet, but the transfer is still pending. Can you check the status and tell me when it will arrive? Thank you for your help.",
    },
    {
      layout: "zh prose long",
      text: "您好，我上个月在你们平台买了一些比特币，后来想把它转到我自己的钱包里，但是转账一直显示处理中，已经三天了。请帮我查一下原因，谢谢你们的帮助！",
    },
    {
      layout: "amount list",
      text: `Deposits:\n1) ${r.int(1000)} USDT\n2) ${r.int(1000)} USDT\n3) ${r.int(1000)} USDT`,
    },
    { layout: "docs: pass a flag", text: "If you'd rather not have it prepended to `PATH`, pass `nodePath: false`:" },
    {
      layout: "docs: pass keyring",
      text: `if you use your default keyring, pass \`--keyring="\${GNUPGHOME:-~/.gnupg}/pubring.kbx"\``,
    },
    { layout: "password line then prose", text: "Password\nI changed it yesterday and now it fails" },
    { layout: "secret in prose list", text: "Steps: open settings, secret menu, then tap save" },
    {
      layout: "public key pem",
      text: `-----BEGIN PUBLIC KEY-----\n${Buffer.from(r.bytes(48)).toString("base64")}\n-----END PUBLIC KEY-----`,
    },
    { layout: "txid html lines", text: `<p>TxID:<br>${tx().slice(0, 32)}<br>${tx().slice(0, 32)}</p>` },
  ];
  return out;
}
