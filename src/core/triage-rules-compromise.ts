/**
 * The default "someone else is in the account" rules: a stolen account or an unauthorised
 * withdrawal is `security` and `urgent` in any wording, whatever else the message mentions.
 * Plain data (JSON-safe), part of DEFAULT_TRIAGE_RULES; admins edit it through the staff API.
 */
import type { Matcher, PriorityRule } from "./triage";

/** A keyword list written as one string, "a|b|c" (keeps long lists readable). */
export function words(list: string): string[] {
  return list
    .split("|")
    .map((w) => w.trim())
    .filter(Boolean);
}

const FUNDS =
  "funds?|money|coins?|crypto(?:s|currency)?|assets?|balances?|btc|eth|usdt|usdc|sol|bnb|xrp|doge|trx|ada|tokens?|holdings|portfolio|savings|bitcoins?|ether|stack|bag|crypto";
const GONE = "gone|disappeared|vanished|missing|emptied|empty|wiped|drained|zero(?:ed)?|cleared|stolen|taken|withdrawn";
const COUNTRIES =
  "russia|china|nigeria|brazil|vietnam|ukraine|india|indonesia|turkey|iran|north korea|korea|singapore|hong kong|thailand|philippines|usa|us|uk|germany|france|netherlands|romania|pakistan|bangladesh|malaysia|japan|mexico|argentina|colombia|kenya|ghana|egypt|morocco|dubai|uae|cambodia|myanmar|laos|poland|italy|spain|canada|australia|belarus|kazakhstan|venezuela|peru|south africa";

/** "Not me": the customer says they did not do it (needs an account event or missing funds beside it). */
const NOT_ME: Matcher = {
  en: words(
    "not me|wasn't me|wasnt me|was not me|not by me|not mine|not my doing|nothing to do with me|" +
      "without me|without my permission|without my consent|without my knowledge|without my approval|" +
      "without my authorization|without my authorisation|without authorization|without permission|" +
      "not authorized by me|not authorised by me|not the one who|did none of|none of this was me|" +
      "none of it was me|none of that was me|wasn't the one|wasnt the one|was not the one|bu shi wo|" +
      "mei caozuo",
  ),
  zh: words("不是我|非本人|不是本人|非我本人|擅自"),
  patterns: [
    "\\bi\\s*(?:'ve|have|had)?\\s*(?:did\\s*not|didn'?t|never|have\\s*not|haven'?t|has\\s*not|don'?t|do\\s*not)\\s+(?:ever\\s+)?(?:make|made|do(?!\\s+anything)|did|done|request(?:ed)?|ask(?:ed)?\\s+for|initiate[ds]?|authori[sz]e[ds]?|approve[ds]?|place[ds]?|send|sent|withdr[ae]wn?|transferr?(?:ed)?|sell|sold|buy|bought|create[ds]?|trade[ds]?|perform(?:ed)?|confirm(?:ed)?|execute[ds]?|move[ds]?|change[ds]?\\s+(?:it|my|the|that|this)|add(?:ed)?\\s+(?:it|this|that|the|a|an|any))\\b(?!\\s+(?:a\\s+)?mistakes?)",
    "(?<!还)没(?:有)?(?:任何)?(?:操作|提现|提币|提过|提了|转账|转过|转出|授权|申请|下单|交易|卖|确认|同意|改过|动过)",
    "未经(?:我|本人)?(?:的)?(?:允许|同意|授权|许可)",
  ],
};

/** The customer was away or did nothing: only counts with missing funds. */
const IDLE: Matcher = {
  en: words(
    "didn't do anything|didnt do anything|did not do anything|did nothing|haven't done anything|" +
      "havent done anything|have not done anything|never touched|haven't touched|havent touched|" +
      "didn't touch|didnt touch|haven't logged in|havent logged in|hadn't logged in|" +
      "haven't even logged in|didn't log in|never logged in|not logged in|was asleep|was sleeping|" +
      "while i was away|while i was offline|not even online|wasn't online|was not online|" +
      "was on holiday|was on vacation",
  ),
  zh: words("什么都没|啥都没|一直没动|没动过|没碰过|没登录|没登陆|没有登录|睡觉|一直没用"),
};

/** Money that left the account. */
const FUNDS_GONE: Matcher = {
  en: words("qian mei le|bi mei le|qian meile|quan mei le|dou mei le|bu jian le|left my account|left my acc"),
  zh: words(
    "钱没了|币没了|资产没了|余额没了|全没了|都没了|全部没了|全没有了|都没有了|不见了|清空|清零|掏空|少了一半|全部被转|全被转|全被提|" +
      "莫名其妙少了|莫名其妙没了|莫名其妙不见|突然少了|突然没了",
  ),
  patterns: [
    `\\b(?:(?:my|all(?:\\s+of)?\\s+my|the|our|all|whole|entire)\\s+(?:[\\p{L}\\p{N}]+\\s+){0,2})?(?:${FUNDS})\\s+(?:(?:is|are|was|were|has|have|got|just|all|now|seems?|appears?|been|completely|totally|suddenly|simply)\\s+)*(?:${GONE})\\b`,
    `\\b(?:account|acc|acct|wallet|balance|portfolio)\\s+(?:(?:is|was|got|has|have|been|now|just|shows?|showing|became|went|dropped|at|to|completely|totally|suddenly)\\s+)*(?:empty|emptied|drained|wiped(?:\\s+out)?|cleaned(?:\\s+out)?|cleared|zero(?:ed)?|nothing|0(?![.,]?\\d))\\b`,
    "(?:只剩|只有|剩下)了?\\s*0\\.\\d+",
    "\\bonly\\s+0\\.\\d+\\s+(?:\\w+\\s+)?(?:left|remaining)",
    "\\b(?:balance|funds|portfolio|holdings)\\s+(?:suddenly\\s+|just\\s+)?(?:dropped|decreased|went\\s+down|fell|shrank)\\b",
    "\\b(?:went|dropped|fell)\\s+from\\s+\\S+\\s+to\\s+(?:0|zero|nothing)\\b",
    "\\b(?:everything|all|it\\s+all)\\s+(?:(?:is|was|has|been|got|just)\\s+)*(?:gone|missing|disappeared|vanished|taken|stolen|withdrawn)\\b",
    "(?:余额|资产|账户|账号|钱包|balance)(?:突然|现在|已经|竟然|居然|全部|直接|显示)*(?:变成|变为|成了|为|(?<!还)是|只有|只剩|剩)了?\\s*(?:0(?![.,]?\\d)|零)",
    "(?:币|钱|资产|余额|usdt|btc|eth|sol|bnb|xrp|usdc|\\bu)(?:都|全|全部|一下子)?(?:没了|没有了|不见了)",
  ],
};

/** Something happened in the account: a withdrawal, a login, a change of settings. */
const ACCOUNT_EVENT: Matcher = {
  en: words(
    "withdr|transfer|transaction|tx|login|log in|logged|sign in|signed in|trade|order|sold|bought|" +
      "took|taken|btc|eth|usdt|usdc|sol|bnb|xrp|sent|moved|changed|password|email|phone|2fa|" +
      "authenticator|api|whitelist|address|balance|funds|coins|history|record|activity|session|device|" +
      "code",
  ),
  zh: words("提|转|登录|登陆|交易|下单|卖|买|改|密码|邮箱|手机|谷歌|验证|白名单|地址|余额|资产|币|钱|记录|设备|订单"),
};

/** Context that explains missing funds without anyone else: a liquidation, a deposit on its way, a bonus. */
const INNOCENT_LOSS: Matcher = {
  en: words(
    "liquidat|futures|margin|position|leverage|lost money|trading loss|pnl|stop loss|deposit|top up|" +
      "top-up|from my bank|bank card|topped up|sent to|not arrived|arrive|receiv|not credited|still|" +
      "bonus|voucher|coupon|reward|airdrop|i withdrew|my withdrawal|i sent|i transferred|trade|price|value|" +
      "market|crash|dip|dump",
  ),
  zh: words(
    "爆仓|强平|合约|亏|杠杆|仓位|充值|充币|入账|到账|还没|还是|奖励|体验金|券|我提现|我提币|我提的|行情|价格|跌",
  ),
};

/** Someone else did something in the account. */
const SOMEONE =
  "(?:some\\s?one|somebody|some1|sum1|a\\s+stranger|strangers|an\\s+unknown\\s+person|unknown\\s+(?:person|people|party|user)|the\\s+(?:attacker|hacker|thief|scammer)s?|hackers?|attackers?|thie(?:f|ves)|a\\s+third\\s+party|other\\s+people|another\\s+person)";
const AUX =
  "(?:\\s+(?:else|has|had|have|is|was|just|already|been|must\\s+have|might\\s+have|probably|somehow|who|now|then|also|actually|obviously|clearly))*";
const ACT_FREE =
  "log(?:ged|ed|s|ging)?\\s*-?\\s*(?:in|into|on)|signed\\s*in|got\\s+(?:in|into|access|hold)|gained\\s+access|get\\s+into|br(?:oke|eak)\\s+into|access(?:ed|ing)?\\s+(?:my|to|the)|(?:has|had|have)\\s+access|withdr[ae]w\\w*|withdrawing|transferr?(?:ed|ing)|stole|steal(?:ing)?|emptied|drained|hacked|compromised|(?:is|was)\\s+(?:in|inside|into)\\s+my|knows?\\s+my|(?:trying|tried)\\s+to\\s+(?:log|withdraw|access|change|reset|get|sign|steal|take|transfer)";
const ACT_OBJ = `(?:took|taken|taking|sold|selling|sell|sent|sending|used|using|changed|changing|reset|moved|moving|added|adding|removed|disabled|turned\\s+off|placed|placing|traded|trading|bought|buying|opened|unbound|bound)\\s+(?:all\\s+|off\\s+|out\\s+|on\\s+|in\\s+|with\\s+)?(?:my|all|everything|it|them|the\\s+(?:email|password|phone|2fa|funds|coins|balance|withdrawal|api|account|address|authenticator)|\\d[\\d,.]*\\s*(?:k\\s+)?(?:${FUNDS}|u\\b))\\b`;

const SOMEONE_IN: Matcher = {
  en: words(
    "account takeover|taken over|took over my|takeover|hijack|sim swap|sim-swap|simswap|sim hijack|" +
      "sim card was|ported my number|number was ported|number got ported|breached|account breach",
  ),
  zh: words("异地登录|异地登陆|异常登录|异常登陆|手机卡被|sim卡被|补办了我的|谁动了|冒用我的账|泄露|泄漏"),
  patterns: [
    `\\b${SOMEONE}${AUX}(?:\\s+(?!and\\b|but\\b)[\\p{L}\\p{N}']+){0,4}?\\s+(?:${ACT_FREE}|${ACT_OBJ})`,
    "\\b(?:some\\s?one|somebody|hackers?)\\s*(?:登|转|提|改|用了|把|盗|进|动|卖|偷)",
    "\\bwho\\s+(?:the\\s+hell\\s+|tf\\s+|the\\s+fuck\\s+)?(?:withdr[ae]w|took|moved|stole|transferr?ed|sold|logged|accessed|changed|emptied|drained)\\b",
    "\\b(?:unknown|unrecogni[sz]ed|strange|suspicious|unusual|unfamiliar|foreign|weird|random|odd|unauthori[sz]ed|unauthorised)\\s+(?:[\\p{L}]+\\s+)?(?:log-?\\s?ins?|sign-?\\s?ins?|devices?|ips?|ip\\s+address(?:es)?|sessions?|locations?|withdrawals?|transactions?|transfers?)\\b",
    "\\b(?:phone\\s+)?number\\s+(?:was|got|has\\s+been)\\s+(?:moved|ported|transferred|swapped|hijacked)\\b",
    "\\bsim(?:\\s+card)?\\s+(?:was|got|has\\s+been)\\s+(?:swapped|cloned|hijacked|replaced|moved|ported)\\b",
    "\\b(?:account|acc|api\\s+keys?)\\s+(?:was|got|has\\s+been)\\s+used\\s+(?:to|for)\\b",
    "\\b(?:log-?\\s?ins?|devices?|ips?|sessions?|withdrawals?|transactions?|transfers?|activity|access|trades|orders|address(?:es)?|wallets?|api\\s+keys?)\\s+(?:that\\s+)?i\\s+(?:have\\s+)?(?:don'?t|do\\s+not|didn'?t|did\\s+not|never|cannot|can'?t)\\s+(?:recogni[sz]e|know|own|use|used|made|make|authori[sz]e|approve|remember|created?|placed?|seen|did)",
    "\\bdon'?t\\s+recogni[sz]e\\s+(?:this|the|that|these|a|an|any)?\\s*(?:log-?\\s?in|device|withdrawal|transaction|transfer|ip|session|activity|address|order|trade|sign)",
    "\\b(?:to|into)\\s+(?:an?\\s+|some\\s+|a\\s+random\\s+)?(?:unknown|strange|random|unfamiliar|foreign|weird|stranger'?s?|someone\\s+else'?s)\\s+(?:address|wallet|account|external)",
    "\\b(?:address|wallet|account)\\s+(?:that\\s+)?(?:is\\s+|was\\s+)?(?:not|isn'?t|wasn'?t)\\s+mine\\b",
    "\\b(?:devices?|log-?\\s?ins?|sessions?|ip|phone|computer|laptop)(?:\\s+[\\p{L}']+){0,3}?\\s+(?:that\\s+)?(?:is\\s+|was\\s+)?(?:not|isn'?t|wasn'?t)\\s+mine\\b",
    `\\blog-?\\s?ins?\\s+(?:(?:alert|attempts?|notification|email|e-mail|sms|detected)\\s+)?(?:from|in)\\s+(?:an?\\s+|some\\s+|another\\s+|unknown\\s+|strange\\s+)?(?:ip|country|location|city|abroad|overseas|${COUNTRIES})\\b`,
    `(?<!\\bi\\s)(?<!\\bI\\s)\\blogged\\s+in\\s+from\\s+(?:an?\\s+)?(?:ip|country|abroad|overseas|${COUNTRIES})\\b`,
    "(?<!\\bi\\s)\\baccessed\\s+my\\s+(?:account|acc|wallet)\\b",
    "\\b(?:account|acc)\\s+(?:was|has\\s+been|got)\\s+(?:accessed|logged\\s+into|entered)\\b",
    "\\b(?:email|e-mail|phone(?:\\s+number)?|number|2fa|authenticator|google\\s+auth\\w*|withdrawal\\s+address|whitelist|api\\s+keys?)(?:\\s+(?:on|of|for|in)\\s+(?:my|the)\\s+\\w+)?\\s+(?:was|were|has\\s+been|have\\s+been|got|had\\s+been)\\s+(?:changed|switched|replaced|removed|disabled|turned\\s+off|unbound|modified)\\b",
    "(?:有人|别人|他人|陌生人|外人|黑客|骗子)(?:在)?(?:偷偷|擅自|已经|又|刚刚|刚才|用)?(?:登|进了|进入|用我|盗|偷|动了|动我|改了|改我|修改|换绑|转走|转出|转了|提走|提了|提现|提币|把|拿走|卖了|卖我|在卖|下单|操作|访问|重置|解绑|绑定了|关闭)",
    "(?:有人|别人|黑客|被人)\\s*(?:hack|log|login|withdr|transfer|steal|stole|sold|sell)",
    "被(?:人|别人|他人|陌生人|黑客|骗子)(?:登|转|提|盗|偷|动|改|换|卖|用|拿|取|划|操作|下单|进|访问|重置|解绑|绑)",
    "谁(?:把|拿|转|提|偷|盗|登)",
    "(?:陌生|不明|未知|可疑|异常)的?(?:设备|ip|地址|登录|登陆|手机|电脑|人|提现|提币|转账|转出|交易|记录)",
    "(?:在|从)(?:国外|外地|海外|境外|异地)(?:登录|登陆|登入|登了)",
    "\\bi\\s*(?:did\\s*not|didn'?t|never|have\\s+not|haven'?t)\\s+(?:authori[sz]e|approve)d?\\s+(?:this|that|it|these|those|any|the)\\b",
    "(?:在|从)?(?:别的|其他|其它|外地|国外|陌生的?|不认识的)(?:地方|地区|国家|城市|设备|手机|电脑|ip)(?:上)?(?:登录|登陆|登入|登了)",
    "(?:邮箱|手机|谷歌|验证|2fa|绑定|密码|白名单|地址|api)\\S{0,3}被(?:人)?(?:改|换|修改|解绑|关|重置|删)",
    "\\b(?:password|api\\s*keys?|keys?|credentials|login)\\s+(?:(?:was|were|got|has|have|been|is|are)\\s+)*(?:leaked|exposed)\\b",
  ],
};

/** Words that say it outright: hacked, stolen, drained, 被盗. */
const STOLEN: Matcher = {
  en: words(
    "hacked|hacker|hacking|hackd|hakced|haked|hcked|hackked|hack into|hack my|got hack|been hack|" +
      "steal|stollen|stolem|theft|thief|thieves|robbed|drained|cleaned out|cleaned me out|wiped out|" +
      "compromised|compromized|comprimised|compramised|bei dao|beidao|bei hei|beihei|dao hao|daohao|" +
      "bei tou|bei ren dao|bei ren tou|bei ren deng|bei ren zhuan|bei ren ti|bei hack",
  ),
  zh: words(
    "被盗|盗号|盗了|盗走|盗用|盗刷|被黑|黑客|骇客|被骇|入侵|被偷|偷了|偷走|被hack|被转走|被转出|被转移|被提走|被提现|被提币|被提了|被划走|被划转|被卖了|被卖掉|" +
      "被取走|被拿走|被换绑|被解绑|被篡改",
  ),
  patterns: [
    "\\bstole\\b",
    "\\bstolen\\b(?!\\s+(?:bank|credit|card|identity|id\\b|documents?|photos?|pictures?|images?))",
    "\\bun-?auth?ori[sz]ed?\\s+(?:\\w+\\s+)?(?:withdraw|transfer|transaction|login|log-?\\s?in|access|trade|trading|activit|use|payment|order|sell|sale|charge|device|session|change|movement|debit)",
    "\\bunathori[sz]ed\\s+(?:\\w+\\s+)?(?:withdraw|transfer|transaction|login|access)",
  ],
};

/** Asked to freeze or lock the account now. */
const FREEZE: Matcher = {
  en: words(
    "freeze my|freeze it|freeze the account|freeze this account|freeze everything|freeze all|" +
      "freeze acc|freeze account|please freeze|pls freeze|plz freeze|pls freez|plz freez|please freez|" +
      "freez my|freez it|lock my account|lock my acc|block my account|block my acc|block everything|" +
      "lock everything|suspend my account|disable my account",
  ),
  zh: words(
    "请冻结|帮我冻结|帮忙冻结|快冻结|马上冻结|立即冻结|立刻冻结|赶紧冻结|尽快冻结|先冻结|冻结一下|冻结!|冻结我的|锁定我的账|帮我锁|紧急冻结|冻结账户|冻结账号",
  ),
};

/** Freezing asked about, not asked for. */
const FREEZE_QUESTION: Matcher = {
  en: words(
    "can i freeze|can i lock|is it possible|temporar|vacation|travel|break from|self-exclu|gambl|" +
      "addict|cool off|cooling off|cooling-off",
  ),
  zh: words("怎么冻结|如何冻结|能不能冻结|可以冻结|为什么|怎样冻结"),
  patterns: [
    "\\bhow\\b.{0,25}\\b(?:freeze|lock|block|suspend)\\b",
    "\\bwhy\\b.{0,30}\\b(?:frozen|freeze|locked|blocked)\\b",
  ],
};

const URGENT = { priority: "urgent", setCategory: "security", negatable: true } as const;

/** The rules, most telling first; the names show in a ticket's triage reasons. */
export const COMPROMISE_RULES: PriorityRule[] = [
  { ...URGENT, name: "hacked or stolen", ...STOLEN },
  { ...URGENT, name: "someone else in the account", ...SOMEONE_IN },
  { ...URGENT, name: "funds gone without the customer", ...FUNDS_GONE, with: joinMatchers(NOT_ME, IDLE) },
  { ...URGENT, name: "a transaction the customer did not make", ...NOT_ME, with: ACCOUNT_EVENT },
  { ...URGENT, name: "funds gone", ...FUNDS_GONE, unless: INNOCENT_LOSS },
  { ...URGENT, name: "asked to freeze the account", ...FREEZE, unless: FREEZE_QUESTION },
];

function joinMatchers(a: Matcher, b: Matcher): Matcher {
  return {
    en: [...(a.en ?? []), ...(b.en ?? [])],
    zh: [...(a.zh ?? []), ...(b.zh ?? [])],
    patterns: [...(a.patterns ?? []), ...(b.patterns ?? [])],
  };
}

/**
 * What cancels a hit of the rules above, tested on the hit's clause up to the hit: a negation
 * right before it ("was not hacked", "没有被盗") or a hypothetical anywhere before it
 * ("how to prevent", "in case", "如果", "防止").
 */
export const COMPROMISE_NEGATIONS: Matcher = {
  en: words(
    "prevent|protect|avoid|in case|what if|what happens if|what should i do if|what do i do if|" +
      "what to do if|how do i know if|against|safe from|secure from|ever|tips|recommend|best way|" +
      "is it possible|make sure|so that|hypothetical|from getting|from being|stop my account|" +
      "keep my account",
  ),
  zh: words("防止|防范|预防|避免|以防|如果|假如|万一|要是|怎么防|如何防|以免|防盗|会不会|可能会"),
  patterns: [
    "\\b(?:not|never|nobody|no)\\s+(?:(?:been|be|being|get|got|gotten|ever|actually|really|even|yet)\\s+)*$",
    "\\b(?:is|was|were|are|has|have|had|did|does|do)\\s*n'?t\\s+(?:(?:been|be|being|get|got|gotten|ever|actually|really|even|yet)\\s+)*$",
    "\\b(?:can|could|would|will|might)\\s+(?:some\\s?one|anyone|hackers?|they|people|a\\s+hacker)\\b",
    "\\b(?:can|could|would|will|might)\\s*$",
    "\\b(?:don'?t|do\\s+not|doesn'?t)\\s+think\\s+(?:[\\p{L}']+\\s+){0,4}$",
    "(?:没有?|不是|未|并未|并没有?|不会|别|无)(?:被人|被|人)?\\s*$",
  ],
};
