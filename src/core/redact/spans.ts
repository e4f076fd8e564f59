/** Shared shapes of the detectors. */

export const SECRET_KINDS = ["seed_phrase", "private_key", "keystore", "api_secret", "password", "2fa_code"] as const;
export type SecretKind = (typeof SECRET_KINDS)[number];

/** A secret's place in a text: `text.slice(start, end)` is the secret. */
export interface SecretSpan {
  start: number;
  end: number;
  kind: SecretKind;
}

/** Checksum windows tried per message at most: a bound on the work a hostile paste can cause. */
export const MAX_WINDOWS = 20_000;
export interface Budget {
  windows: number;
}

/**
 * The mask's mark (./numbering sets 1) over what stands as no more than a line break between two pieces of a phrase:
 * a sender's name alone on its line (./chat-stamps), a connector between two halves ("… and the rest:", ./asides).
 */
export const PIECE_GAP = 2;
