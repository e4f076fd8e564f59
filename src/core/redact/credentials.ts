/**
 * Passwords in credentials written the way tools take them: a URL's user info
 * (`https://bob:Hunter2@host`, `mongodb://u:p@…`) and curl's `-u user:password`. The password goes;
 * the user name and host stay.
 */

import type { SecretSpan } from "./spans";

const URL_USERINFO = /\b[a-z][a-z0-9+.-]{1,15}:\/\/[^\s:@/]{1,64}:([^\s@/]{1,128})@[\w.-]/gi;
const CURL_USER = /(?:^|\s)(?:-u|--user)[ \t=]+["']?[^\s:"']{1,64}:([^\s"']{1,128})/g;

export function credentialSpans(text: string): SecretSpan[] {
  if (!text.includes(":")) return [];
  const spans: SecretSpan[] = [];
  for (const re of [URL_USERINFO, CURL_USER]) {
    for (const m of text.matchAll(re)) {
      const value = m[1] as string;
      const end = m.index + m[0].length - (re === URL_USERINFO ? 2 : 0);
      if (value.length >= 3) spans.push({ start: end - value.length, end, kind: "password" });
    }
  }
  return spans;
}
