/**
 * Passwords in credentials written without a password label: a URL's user info
 * (`https://bob:Hunter2@host`, `mongodb://u:p@…`), curl's `-u user:password`, and an email address
 * with the password after it (`bob@x.com:Pa55word!`, `login: bob@x.com / Pa55word!`,
 * `bob@x.com | Pa55word!`, the address on one line and the password alone on the next), and a user name
 * after its label with the password after "/" or "|" (`login: bob99 / Pa55word!`, `creds: bob99 | X`). The
 * password goes; the user name, address and host stay.
 */

import type { SecretSpan } from "./spans";

/**
 * The password runs to the last "@" before the host, as browsers read it: people paste `bob:p@ss@host`
 * unencoded. Not past a "/", "?" or "#", which end the authority.
 */
const URL_USERINFO = /\b[a-z][a-z0-9+.-]{1,15}:\/\/[^\s:@/]{1,64}:([^\s/?#]{1,128})@[\w.-]/gi;
const CURL_USER = /(?:^|\s)(?:-u|--user)[ \t=]+["']?[^\s:"']{1,64}:([^\s"']{1,128})/g;

/** An email address, then what joins a password to it: ":" glued, "/", "|", ",", ";", "and", a space or a line break. */
const EMAIL_THEN =
  /(?<![\w.%+-])[\w.%+-]{1,64}@[A-Za-z0-9-]{1,63}(?:\.[A-Za-z0-9-]{1,63})*\.[A-Za-z]{2,24}(?:(:)|["'`]?(?:[ \t]*[/|,;][ \t]*|[ \t]+(?:and|&|\+)[ \t]+|[ \t]*\r?\n[ \t>]{0,4}|[ \t]{1,3})(?:(?:password|passwd|pwd|pw|pass|密码|密碼)[ \t]*[:：=]?[ \t]*)?)(?=(["'`]?)([\x21-\x7E]{6,64}))/gi;

/** A user name after its label, then "/" or "|" and the password ("login: bob99 / X", "creds: bob99 | X", "账号：bob99 / X"). */
const USER_THEN =
  /(?<![A-Za-z])(?:login|creds?|credentials?|user(?:name)?|account|acct|账号|帳號|用户名|用戶名)[ \t]*[:：=][ \t]*[\w.+-]{2,40}[ \t]*[/|][ \t]*(["'`]?)(?=([\x21-\x7E]{6,64}))/gi;

const ID_SHAPE = /^[A-Z]{0,8}[#-]?\d{4,}[!#]*$/;
const FILE_NAME =
  /^[^@\s]*@[^\s:/|,;]*\.(?:png|jpe?g|gif|svg|webp|ico|bmp|js|mjs|ts|css|json|md|txt|pdf|html?|zip)(?![A-Za-z])/i;
const ACCOUNT_BEFORE =
  /(?:login|log in|sign in|account|user(?:name)?|credentials?|账号|帳號|账户|帳戶|登录|登錄)[^\n]{0,12}$/i;

/**
 * A password's shape, strict enough that an order number or a word after an address stays: letters
 * and digits with both cases or a symbol ("Pa55word!", "Xf4nq7bDTe"); glued by ":" letters and
 * digits are enough ("bob@x.com:hunter22").
 */
function passwordShape(v: string, glued: boolean): boolean {
  if (
    v.includes("://") ||
    /=["']/.test(v) ||
    /^[\w.%+-]+@[\w-]+(?:\.[\w-]+)*\.[A-Za-z]{2,24}$/.test(v) ||
    /^(?:0x)?[0-9a-f]{32,}$/i.test(v)
  )
    return false;
  if (!/[A-Za-z]/.test(v) || !/[\d!@#$%^&*+=?~]/.test(v.replace(/[.,;:!?)]+$/, ""))) return false;
  if (glued) return /\d/.test(v) || /[!@#$%^&*+=?~]/.test(v.slice(0, -1));
  // An id's letters then digits ("TICKET#4521", "ORD12345678!"), as people write them after their address.
  if (ID_SHAPE.test(v)) return false;
  const mixed = /[a-z]/.test(v) && /[A-Z]/.test(v);
  return (mixed && /\d/.test(v)) || (/[!@#$%^&*+=?~]/.test(v.slice(0, -1)) && /\d/.test(v)) || capitals(v);
}

/**
 * All capitals and digits, as order numbers are written too ("PQAE5V5H"): a password only with a
 * symbol ("HUNTER2XY!", "BTC#2024X"), and not an id's letters then digits ("ORD12345678!", "TICKET#4521").
 */
function capitals(v: string): boolean {
  return /^[A-Z\d!@#$%^&*+=~]+$/.test(v) && /[!@#$%^&*+=~]/.test(v) && /\d/.test(v) && /[A-Z].*[A-Z]/.test(v);
}

export function credentialSpans(text: string): SecretSpan[] {
  const spans: SecretSpan[] = [];
  if (text.includes(":")) {
    for (const re of [URL_USERINFO, CURL_USER]) {
      for (const m of text.matchAll(re)) {
        const value = m[1] as string;
        const end = m.index + m[0].length - (re === URL_USERINFO ? 2 : 0);
        if (value.length >= 3) spans.push({ start: end - value.length, end, kind: "password" });
      }
    }
  }
  for (const m of text.matchAll(USER_THEN)) {
    const value = (m[2] as string).replace(/["'`]$/, "").replace(/[.,;)]+$/, "");
    const start = m.index + m[0].length;
    if (value.length >= 6 && passwordShape(value, false))
      spans.push({ start, end: start + value.length, kind: "password" });
  }
  if (!text.includes("@")) return spans;
  for (const m of text.matchAll(EMAIL_THEN)) {
    // "logo@3x.png width=…": a file name, not an address.
    if (FILE_NAME.test(m[0])) continue;
    let value = m[3] as string;
    // Quotes and sentence punctuation around it are the sentence's.
    value = value.replace(/["'`]$/, "").replace(/[.,;)]+$/, "");
    // The next key of a JSON object ('"email":"bob@x.com","password":"X"}'): the label's own finder reads its value.
    if (/^[A-Za-z_][\w-]{0,40}["'][ \t]*:/.test(value)) continue;
    // After "login:"/"account"/"账号" the address and what follows it are the credentials.
    const named = ACCOUNT_BEFORE.test(text.slice(Math.max(0, m.index - 24), m.index));
    if (value.length < 6 || !passwordShape(value, m[1] === ":" || named)) continue;
    const start = m.index + m[0].length + (m[2] as string).length;
    spans.push({ start, end: start + value.length, kind: "password" });
  }
  return spans;
}
