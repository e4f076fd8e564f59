/** What a labelled value looks like: a secret, markup, a placeholder or a public address. */

import { decodeBase58Check } from "../chain";

/** A markdown link's middle: "[Set the password](https://…)", "](/reset)". */
export const MD_LINK = /\]\((?:mailto:|\/|#)[^\s()]*\)|\[[^\]]*\]\((?:https?:|mailto:|\/|#)/;
/** A placeholder or aside: "(optional)", "<password>", "{{pwd}}", "[min_8]". */
export const WRAPPED = /^(?:\([\w\-.\s]*\)|<[\w\-.\s]*>|\[[\w\-.\s]*\]|\{+[\w\-.\s]*\}+)$/;
/**
 * Random inside its wrapper ("<D62i3>", "[x9K2m]"): mixed case with a digit, or letters and digits
 * changing places three times. A placeholder's words do neither ("<password>", "[min_8]", "<step12>").
 */
const randomInside = (v: string) => {
  const inner = v.slice(1, -1);
  if (/\d/.test(inner) && /[a-z]/.test(inner) && /[A-Z]/.test(inner)) return true;
  return (inner.match(/[A-Za-z]+|\d+/g) ?? []).length >= 4;
};
/** A placeholder or aside, not a password in brackets. */
export const isPlaceholder = (v: string) => WRAPPED.test(v) && !randomInside(v);
/** "[UrchB3A", "|Guj3LBr", "<D62i3>": a password, not "(optional)", "(8-32", "<password>" or "[here]". */
export const symbolLed = (v: string) =>
  v.length >= 6 && /\d/.test(v) && /[A-Za-z]/.test(v) && !isPlaceholder(v) && !HTML_TAG.test(v);
/** The HTML elements an e-mail or a web page wraps text in (not "<D62i3>", a password in brackets). */
export const HTML_NAME =
  "(?:td|th|tr|table|tbody|thead|tfoot|caption|col|colgroup|p|div|span|br|hr|b|strong|i|em|u|s|font|a|code|pre|small|big|mark|sup|sub|kbd|tt|var|abbr|cite|q|ins|del|label|li|ul|ol|dl|dt|dd|h[1-6]|blockquote|section|article|header|footer|center|img|input|form|button|html|head|body|title|meta|style|o:p)";
/**
 * An HTML tag ("</td><td>X"): markup before the value, not the value's first characters. Its name ends at white
 * space, ">" or "/>": "<B/:qM4f-R" is a password.
 */
const HTML_TAG = new RegExp(String.raw`^<\/?${HTML_NAME}(?=\s|\/?>)`, "i");
/** A password's shape with no colon to vouch for it: six characters or more, a digit, and letters or symbols (not a date). */
export const passwordShape = (t: string) =>
  t.length >= 6 && /\d/.test(t) && (/[A-Za-z]/.test(t) || /[!@#$%^&*_+=?~]/.test(t)) && !/^[\d./:-]+$/.test(t);
export const looksSecret = (v: string) => /\d/.test(v) || /[^A-Za-z0-9]/.test(v) || /[a-z][A-Z]/.test(v);
/** A segwit address has its witness version (q, p) after "1" and 42 characters or more: hex never does ("bc185696d5…"). */
const ADDRESS_SHAPE = /^(?:0x[0-9a-fA-F]{40}|(?:bc|tb|ltc)1[qp][02-9ac-hj-np-z]{38,})$/;
/** An address is public: a value that is one (0x…, bech32, or a base58check 21-byte payload) is no secret. */
export const isAddress = (v: string) =>
  ADDRESS_SHAPE.test(v) || (v.length <= 35 && decodeBase58Check(v)?.length === 21);

/** A masked value ("****") or a clock time after a label ("改了密码 7:45 PM"): no password. */
export const MASKED_OR_TIME = /^(?:[*•xX.]+|\d{1,2}:\d{2}(?::\d{2})?)$/;
