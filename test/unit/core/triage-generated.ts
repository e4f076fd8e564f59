/**
 * Generated triage messages, new each run: stolen-account reports in many wordings (en, zh, mixed,
 * pinyin) and hard negatives that share their words (a customer's own stuck withdrawal, 2FA set-up,
 * "I was not hacked", "what if I get hacked", deposits, scam reports).
 */
import type { Category, Priority } from "../../../src/core/ticket";
import { mulberry32 as rng } from "../../support/random";

export interface Generated {
  text: string;
  category: Category;
  /** Exact priority, or "not urgent". */
  priority: Priority | "not urgent";
}

export function generator(seed: number) {
  const r = rng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)] as T;
  const coin = () => pick(["BTC", "ETH", "USDT", "SOL", "BNB", "usdt", "btc", "eth", "XRP", "USDC"]);
  const amount = () => pick([String(Math.floor(r() * 9000) + 10), (r() * 5).toFixed(2), "all", "1,500"]);
  const casing = (s: string) => (r() < 0.15 ? s.toUpperCase() : r() < 0.3 ? s.toLowerCase() : s);
  // Only a stolen-account report asks to freeze the account: that alone makes a message urgent.
  const wrapEn = (s: string, freeze = false) =>
    casing(
      pick(["", "hi, ", "Hello support, ", "HELP ", "urgent!!! ", "pls ", "hey ", "Dear team, "]) +
        s +
        pick([
          "",
          " pls help",
          "!!!",
          " asap",
          " what do I do?",
          " 🙏",
          ". I need help",
          ...(freeze ? [". Freeze it now!"] : []),
        ]),
    );
  const wrapZh = (s: string, freeze = false) =>
    pick(["", "你好，", "客服，", "急！", "在吗？"]) +
    s +
    pick(["", "！！", "，怎么办", " help", "，快处理", ...(freeze ? ["，请马上冻结"] : [])]);

  const enAccount = () => pick(["my account", "my acc", "my acct", "my exchange account", "my wallet", "my account"]);
  const enSomeone = () =>
    pick(["someone", "somebody", "some1", "a hacker", "a stranger", "hackers", "an unknown person"]);
  const enLogin = () => pick(["logged into", "got into", "accessed", "broke into", "signed in to", "logged in to"]);
  const enAction = () =>
    pick([
      `withdrew all my ${coin()}`,
      `sent my ${coin()} to another wallet`,
      `took ${amount()} ${coin()}`,
      "changed my email",
      "sold everything",
      `transferred ${amount()} ${coin()} out`,
      "changed my 2FA",
    ]);
  const enNotMe = () =>
    pick([
      "I didn't make it",
      "I did not make this withdrawal",
      "i didnt make that",
      "I never made it",
      "that wasn't me",
      "it was not me",
      "not by me",
      "I did not authorize it",
      "I didn't request it",
      "I never approved it",
    ]);
  const enHacked = () =>
    pick([
      `${enAccount()} was hacked`,
      "i got hacked",
      "acc hacked",
      `${enAccount()} has been compromised`,
      `${enAccount()} got hijacked`,
      "I was hacked",
      `${enAccount()} was stolen`,
      "my account is stolen",
    ]);
  const enGone = () =>
    pick([
      `all my ${coin()} is gone`,
      `my ${coin()} disappeared`,
      "my balance is zero",
      "my funds are gone",
      `my ${coin()} vanished`,
      `${enAccount()} is empty`,
      "everything is gone",
      `my wallet was drained`,
    ]);
  const enIdle = () =>
    pick([
      "I didn't do anything",
      "I haven't logged in for weeks",
      "I was asleep",
      "I did nothing",
      "I never touched it",
    ]);

  const stolenEn = (): string =>
    pick([
      () => `${enSomeone()} ${enLogin()} ${enAccount()} and ${enAction()}`,
      () => `there is a withdrawal of ${amount()} ${coin()}, ${enNotMe()}`,
      () => `${enHacked()}, ${enGone()}`,
      () => `${enHacked()}`,
      () => `${enGone()} and ${enIdle()}`,
      () => `${enGone()}, ${enNotMe()}`,
      () => `sim swap, then ${enSomeone()} ${enLogin()} ${enAccount()}`,
      () => `I got SIM swapped and ${enGone()}`,
      () => `unknown login from ${pick(["Russia", "Brazil", "an IP in Vietnam", "Nigeria"])} and ${enGone()}`,
      () => `${enSomeone()} ${enAction()} without my permission`,
      () => `${amount()} ${coin()} was withdrawn from ${enAccount()} to an unknown address, ${enNotMe()}`,
      () => `${enSomeone()} has access to ${enAccount()}, I see trades I never placed`,
      () =>
        `i didnt ${pick(["withdraw", "make", "send", "request", "authorize", "approve"])} this ${pick(["withdrawal", "transfer", "transaction", "login"])}`,
      () => `there's a ${pick(["device", "login", "session"])} in my history that isn't mine`,
      () => `my ${pick(["email", "phone number", "2FA"])} was changed and it wasn't me`,
      () => `who ${pick(["took", "withdrew", "moved", "stole"])} my ${coin()}??`,
    ])();

  const zhWho = () => pick(["有人", "别人", "黑客", "陌生人"]);
  const zhCoin = () => pick(["币", "USDT", "BTC", "ETH", "资产", "钱"]);
  const stolenZh = (): string =>
    pick([
      () => `我的${pick(["账号", "号", "账户", "帐号"])}被${pick(["盗", "黑", "盗了", "黑了", "人盗了"])}`,
      () =>
        `${zhWho()}${pick(["登录了我的账号", "登了我的号", "改了我的邮箱", "把我的币转走了", "把我的USDT提走了", "用我的账户下单"])}`,
      () =>
        `我的${zhCoin()}${pick(["被转走了", "被提走了", "被盗了", "没了", "不见了", "被偷了"])}，${pick(["不是我操作的", "我没有操作", "我什么都没做", "不是我本人"])}`,
      () => `谁动了我的${zhCoin()}`,
      () => `${pick(["异地登录", "陌生设备登录", "有陌生IP登录"])}，然后${zhCoin()}全没了`,
      () => `我没有提现，但是有一笔${amount()} ${coin()}的提现记录`,
      () => `手机卡被人补办了，账户里的${zhCoin()}被转走`,
      () => `有一笔${pick(["不明", "异常", "陌生"])}${pick(["提现", "提币", "转账"])}`,
      () => `我的账号在${pick(["别的地方", "其他设备", "国外"])}登录了`,
      () => `我的${zhCoin()}${pick(["莫名其妙少了", "突然没了", "全没了"])}`,
      () => `我的账号被${pick(["别人", "陌生人", "黑客"])}${pick(["登了", "用了", "盗了"])}`,
      () => `账号被黑客入侵了，${zhCoin()}都没了`,
    ])();

  const stolenMixed = (): string =>
    pick([
      `我的acc被hack了`,
      `someone 登录了我的账号 and withdrew my ${coin()}`,
      `账号被hacked了，${coin()}全没了`,
      `有个withdrawal不是我做的，${amount()} ${coin()}`,
      `my account 被盗了`,
      `unknown login 然后余额是0`,
      `wo de zhanghao bei dao le`,
      `hao bei dao le, qian mei le`,
      `2fa被人改了，${coin()}被转走了`,
    ]);

  return {
    stolen(): Generated {
      const text = pick([() => wrapEn(stolenEn(), true), () => wrapZh(stolenZh(), true), () => stolenMixed()])();
      return { text, category: "security", priority: "urgent" };
    },
    /** Messages that share words with stolen-account reports but are not one. */
    negative(): Generated {
      return pick<() => Generated>([
        () => ({
          text: wrapEn(
            pick([
              `my withdrawal of ${amount()} ${coin()} has been pending for ${Math.ceil(r() * 30)} hours`,
              `I withdrew ${amount()} ${coin()} to my own wallet and it hasn't arrived`,
              `why is my withdrawal stuck? I need my ${coin()}`,
              `I didn't receive my withdrawal of ${amount()} ${coin()}`,
              "I changed my password and now I can't withdraw for 24 hours",
            ]),
          ),
          category: "withdrawal",
          priority: "not urgent",
        }),
        () => ({
          text: wrapZh(
            pick([`我提现${amount()} ${coin()}到自己的钱包，还没到账`, "提币一直在审核中", "为什么改了密码后不能提现"]),
          ),
          category: "withdrawal",
          priority: "not urgent",
        }),
        () => ({
          text: pick([
            "how do I enable 2FA?",
            "how to reset google authenticator, I lost my phone",
            "I lost my phone with the authenticator, how do I get a new 2fa?",
            "怎么开启谷歌验证",
            "手机丢了，谷歌验证怎么重置",
            "how do I turn on the anti-phishing code",
            "what should I do if my account gets hacked?",
            "how can I prevent my account from being hacked?",
            "如果账号被盗了怎么办？",
            "怎么防止账号被盗",
          ]),
          category: "security",
          priority: "not urgent",
        }),
        () => ({
          text: pick([
            "I was not hacked, I just forgot my password",
            "my account wasn't hacked, I just can't log in",
            "我的账号没有被盗，只是忘记密码了",
            "nobody hacked me, I forgot my password",
          ]),
          category: "account",
          priority: "not urgent",
        }),
        () => ({
          text: wrapEn(
            pick([
              `I deposited ${amount()} ${coin()} but my balance is still 0`,
              `my ${coin()} deposit has not arrived after ${Math.ceil(r() * 9)} hours`,
              `sent ${coin()} to my deposit address, not credited yet`,
            ]),
          ),
          category: "deposit",
          priority: "not urgent",
        }),
        () => ({
          text: pick([
            "someone on telegram pretending to be your support asked for my seed phrase",
            "a fake support account on discord DMed me",
            "有人冒充客服加我微信",
          ]),
          category: "scam_report",
          priority: "not urgent",
        }),
      ])();
    },
  };
}
