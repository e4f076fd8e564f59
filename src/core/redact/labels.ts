/** Words around a value that say what it is, matched on the normalised text (case-insensitive). */

/** A seed phrase's name, in English and Chinese. "seed" and "phrase" are wordlist words themselves. */
export const SEED_LABEL =
  /seed|mnemonic|recovery|passphrase|phrase|backup\s*words?|secret\s*words?|(?<![a-z0-9])(?:12|15|18|21|24|twelve|twenty[\s-]?four)[\s-]*(?:words?|个词|個詞|个单词|個單詞|个字|個字)|助记词|助記詞|助记|助記|注记词|註記詞|种子词|種子詞|种子|種子|恢复词|恢復詞|恢复短语|恢復短語|备份词|備份詞|钱包备份|錢包備份|密语|密語|十二个词|十二個詞|二十四个词|二十四個詞/gi;

/** Leading or trailing run words that are the label, not the phrase ("seed: abandon ..."). */
export const SEED_LABEL_WORDS = new Set([
  "seed",
  "phrase",
  "secret",
  "recovery",
  "mnemonic",
  "backup",
  "words",
  "word",
]);

/**
 * A private key's name. Bare "key" (and "exported", what wallets do with keys only) counts before
 * a value only (after it, "key" is too common).
 */
export const KEY_LABEL =
  /(?:private|priv|secret|signing|wallet|master|account)[\s_-]*keys?(?![a-z])|(?<![a-z0-9])(?:privkey|priv|wif|pk|sk)(?![a-z])|私钥|私鑰|秘钥|秘鑰|密钥|密鑰/gi;
/** A key's name inside code: "privateKeyHex", "secretKeyBase58", "fromSecretKey(", "new ethers.Wallet(". */
export const CODE_KEY = /(?:priv(?:ate)?|secret|signing|wallet)[_-]?key\w*|fromSecretKey|\bWallet\(/gi;
/** "key", and what one does with a private key: export it, import it into a wallet ("I imported … into MetaMask"). */
export const BARE_KEY = /(?<![a-z])(?:keys?|export(?:ed|ing)?|import(?:ed|ing)?)(?![a-z])|导出|導出|导入|導入/gi;
/** Right after a value, "… is my key", "… (the key)", "… <- key" name it a key; "… is the key question" does not. */
export const KEY_RIGHT_AFTER =
  /^[\s"'`)\]]{0,3}(?:(?:<-+|←|=|[(（]|is|was)\s{0,3}(?:my|the|our)?|my|the|our)\s{0,3}(?:wallet\s{1,3}|account\s{1,3})?keys?(?![a-z])(?!\s{0,3}(?:question|point|thing|issue|problem|part|step|reason|fact|here|to|of|for|is)\b)/i;

/** Right after a value, "… was imported into Phantom", "…导入到钱包": what one does with a private key. */
export const IMPORTED_AFTER = /^[\s"'`)\]]{0,3}(?:(?:was|is|got|has\s{1,3}been)\s{1,3})?(?:imported|导入|導入)/i;

/** Words that make a 64-hex string a transaction (or a hash, or a public key), not a private key. */
export const TX_WORDS =
  /(?<![a-z])(?:(?:tx|txid|txn|txhash|hash|transaction|signature|sig|block|address|addr|pubkey)(?:es|s)?|public[\s_-]*keys?|pub[\s_-]*keys?)(?![a-z])|交易|哈希|签名|簽名|区块|區塊|地址|公钥|公鑰|转账|轉賬|轉帳|转帐|记录|記錄/gi;
