/**
 * The triage rules a fresh install starts with. Migration 0012 stores the same JSON in D1 (a unit
 * test keeps the two equal); from then on admins edit them through the staff API. Each category
 * has strong words (only it uses them), and weaker ones that count less. The stolen-account rules
 * that override the category live in triage-rules-compromise.ts.
 */
import type { TriageRules } from "./triage";
import { COMPROMISE_NEGATIONS, COMPROMISE_RULES, words } from "./triage-rules-compromise";

export const DEFAULT_TRIAGE_RULES: TriageRules = {
  categories: [
    {
      category: "account",
      weight: 3,
      fuzzy: true,
      en: words(
        "log in|login|log-in|logging in|logged out|logs me out|log me out|sign in|signin|sign-in|signing in|sign up|signup|" +
          "sign-up|register|registration|password|passwd|pwd|forgot my|forgot pw|reset link|reset email|locked out|" +
          "lock out|unlock|too many attempts|session expired|change my email|change email|change the email|" +
          "email address|new email|old email|phone number|mobile number|change my phone|sms code|captcha|" +
          "delete my account|delete my acc|delete account|close my account|close my acc|close account|deactivat|" +
          "reactivat|nickname|username|user name|profile|avatar|sub-account|subaccount|sub account|merge|" +
          "two accounts|2 accounts|second account|does not exist|doesn't exist|can't access my account|" +
          "cannot access my account|can't get into|cant login|can't login|cannot login|cant log in|kicked out|" +
          "stay logged|denglu|mima|zhuce|wangji",
      ),
      zh: words(
        "登录|登陆|登入|登不上|登不进|进不去|注册|密码|邮箱|手机号|换绑|更换绑定|绑定手机|锁定|锁住|解锁|被锁|注销|" +
          "关闭账户|关闭账号|会话过期|忘记密码|重置|昵称|头像|用户名|禁用|停用|封号|被封|被冻结|限制登录|" +
          "子账户|子账号|合并|退出登录|恢复账号|短信验证码|验证码",
      ),
    },
    {
      category: "account",
      weight: 1,
      en: words("account|acc|locked|disabled|suspended|restricted|frozen|banned|email|verification code"),
      zh: words("账号|账户|帐号|号码|闪退|被限制"),
    },
    {
      category: "security",
      weight: 5,
      fuzzy: true,
      en: words(
        "2fa|two-factor|two factor|2-step|two-step|2 step|authenticator|google auth|yubikey|security key|passkey|" +
          "anti-phishing|antiphishing|anti phishing|phishing code|whitelist|white list|allowlist|address book lock|" +
          "device management|other sessions|active sessions|all sessions|log out all|login notification|" +
          "login alert|security alert|security setting|fund password|trading password|" +
          "withdrawal password|mfa|otp|biometric|protect my account|secure my account|account secure|account safe|" +
          "account security|qr code|lock withdrawals|get hacked|gets hacked|getting hacked|being hacked|be hacked|" +
          "hackers|sim swap|new device|every time someone|notify me|login history|login records|" +
          "notification when|prevent|protect my|secure my|keep my account safe|stop my account",
      ),
      zh: words(
        "谷歌验证|谷歌验证器|谷歌验证码|身份验证器|验证器|两步验证|二次验证|双重验证|两步|防钓鱼|钓鱼码|白名单|安全设置|" +
          "设备管理|登录设备|登录过的设备|资金密码|交易密码|安全吗|通行密钥|安全密钥|登录提醒|登录通知|异地登录|" +
          "可疑|黑客|防止|防范|预防|防盗|账号安全|账户安全|加强|安全性|登录记录",
      ),
      patterns: ["被(?:盗|黑)了?(?:该|要)?怎么办"],
    },
    {
      category: "security",
      weight: 1,
      en: words("security|secure|safe|safety|devices|sessions|unbind|rebind"),
      zh: words("安全|解绑|设备"),
    },
    {
      category: "kyc",
      weight: 5,
      fuzzy: true,
      en: words(
        "kyc|kyb|verification|verify my identity|verify identity|identity|id card|identity card|passport|" +
          "driver's license|drivers license|driving licence|driver license|residence permit|national id|selfie|" +
          "face scan|face recognition|facial|liveness|proof of address|proof of residence|utility bill|" +
          "date of birth|level 1|level 2|lv1|lv2|advanced verification|basic verification|identity check|" +
          "source of funds|due diligence|video call|get verified|unverified|document|shiming|renzheng|shenfen",
      ),
      zh: words(
        "实名|认证|身份|人脸|刷脸|护照|驾照|身份证|手持|地址证明|出生日期|二级|高级认证|初级认证|KYC|证件|" +
          "通行证|居住证|水电费|资金来源|活体|转头|摄像头|自拍|企业认证|国籍",
      ),
    },
    {
      category: "kyc",
      weight: 1,
      en: words("verify|verified|photo|picture|camera|country|name|surname|age|review"),
      zh: words("审核|照片|名字|姓名|国家"),
    },
    {
      category: "deposit",
      weight: 4,
      fuzzy: true,
      en: words(
        "deposit|depost|deposite|top up|top-up|topped up|topup|fund my account|funding my account|transferred in|" +
          "transfer in|credited|confirmations|deposit address|" +
          "sepa|wire transfer|bank transfer|fiat|apple pay|google pay|credit card|debit card|bank card|" +
          "chongzhi|chongbi|rujin",
      ),
      zh: words(
        "充值|充币|入账|入金|充了|充到|充进|充错|充USDT|充ETH|充XRP|充BTC|确认数|个确认|待确认|转进|转入|" +
          "打到|打了|充值地址|法币|信用卡|买币|扣款|扣了钱|转过来|转了",
      ),
    },
    {
      category: "deposit",
      weight: 1,
      en: words(
        "not arrived|hasn't arrived|not in my balance|not in my account|never showed up|not showing|still nothing|" +
          "nothing in my account|balance is still|sent to my|i sent|sent it|sent usdt|sent btc|sent eth|" +
          "transferred|incoming|bep20|erc20|trc20|network|metamask|trust wallet|coinbase|hardware wallet|card|tag|" +
          "memo|destination tag|wrong network|wrong chain",
      ),
      zh: words("到账|没到|还没到|钱包|网络|扣钱|标签|选错链|选错网络|转错链|错链"),
    },
    {
      category: "withdrawal",
      weight: 4,
      fuzzy: true,
      en: words(
        "withdraw|withdrawal|withdrew|withdrawn|withdrawl|withdrawel|cash out|cashout|cash-out|payout|" +
          "take my money out|take out my|receiving wallet|receiving address|tixian|tibi|chujin",
      ),
      zh: words(
        "提现|提币|提了|提到|提出|提USDT|提BTC|提ETH|出金|提款|提不了|提不出|能提|可以提|提多少|最多提|提的币|提幣",
      ),
    },
    {
      category: "withdrawal",
      weight: 6,
      en: words(
        "can't withdraw|cannot withdraw|cant withdraw|unable to withdraw|withdrawals are disabled|withdrawals disabled|" +
          "withdrawal suspended|withdrawals suspended|withdrawal is suspended|withdrawal hold|withdrawal locked|" +
          "withdrawal limit|until withdrawals|withdrawals are possible|when can i withdraw|able to withdraw",
      ),
      zh: words("不能提现|无法提现|限制提现|暂停提现|提现限制|不能提币|无法提币"),
    },
    {
      category: "withdrawal",
      weight: 1,
      en: words(
        "never arrived|not received|didn't receive|didn't get|hasn't received|to my wallet|to my ledger|" +
          "my other exchange|another exchange|to my bank|smart contract address|wrong address|address invalid|" +
          "invalid address|daily limit|limit|per day|daily|processing|under review|on hold|cancel",
      ),
      zh: words("没收到|未收到|对方|钱包没收到|地址填错|地址无效|额度|审核中|处理中|撤回|每天最多"),
    },
    {
      category: "trading",
      weight: 4,
      fuzzy: true,
      en: words(
        "limit order|market order|stop order|open order|filled|futures|perpetual|perp|liquidat|liq price|" +
          "trading fee|stop-loss|stop loss|take profit|take-profit|tp/sl|trailing stop|margin|isolated|p2p|c2c|" +
          "slippage|trade history|funding fee|funding rate|leverage|spot|position|mark price|index price|" +
          "options|copy trad|lead trader|grid|convert|hedge|long and short|pnl|settlement price|heyue|baocang|" +
          "guadan|xianhuo|chengjiao|pingcang",
      ),
      zh: words(
        "挂单|限价|市价|成交|合约|强平|爆仓|手续费怎么算|止损|止盈|保证金|全仓|逐仓|C2C|放币|滑点|资金费率|杠杆|K线|" +
          "现货|平仓|开仓|仓位|持仓|跟单|网格|闪兑|期权|交割|标记价格|委托|买入|卖出|撤单|做多|做空|商家|卖家|插针|" +
          "双向",
      ),
    },
    {
      category: "trading",
      weight: 1,
      en: words(
        "order|trade|trading|traded|buy|bought|sell|sold|price|executed|seller|buyer|merchant|short|chart|" +
          "candle|wick|fee|fees|contract|loss|lost|profit",
      ),
      zh: words("价格|手续费|买|卖|亏|订单|交易"),
    },
    {
      category: "api",
      weight: 6,
      fuzzy: true,
      en: words(
        "api|websocket|web socket|rate limit|recvwindow|signature|endpoint|listenkey|listen key|testnet|sandbox|" +
          "sdk|rest api|fix api|fix protocol|hmac|user data stream|data stream|klines|order book|" +
          "orderbook|depth snapshot|market maker|market making|market-making|ccxt|python|jiekou",
      ),
      zh: words("API|接口|WebSocket|限流|签名|测试网|量化|listenKey|频率限制|下单频率|沙盒|做市|数据流|SDK|K线接口"),
    },
    {
      category: "api",
      weight: 2,
      en: words(
        "429|418|401|-1021|-1022|-2015|error code|http|json|stream|bot|trading bot|docs|documentation|ws|timestamp|timeout",
      ),
      zh: words("报错|推送|深度|机器人|文档|频率|错误码|延迟"),
    },
    {
      category: "promotions",
      weight: 5,
      fuzzy: true,
      en: words(
        "bonus|airdrop|referral|referr|refer a friend|invite|invited|commission|rebate|competition|contest|" +
          "leaderboard|coupon|voucher|reward|launchpad|launchpool|promotion|promo|cashback|campaign|lucky draw|" +
          "prize|giveaway|welcome gift|red packet|red envelope|mystery box|new user|signup bonus|staking event|" +
          "welcome bonus|first deposit|fanyong|hongbao|jiangli|kongtou",
      ),
      zh: words(
        "奖励|空投|返佣|邀请|大赛|体验金|Launchpad|活动|返现|券|抽奖|奖品|首充|福利|红包|礼包|盲盒|兑换码|口令|" +
          "新人|新手任务|积分|奖金|交易赛",
      ),
    },
    {
      category: "promotions",
      weight: 1,
      en: words("event|eligible|qualify|tasks|points|apy|apr|redeem|vip|gift|draw|claim|staking|savings"),
      zh: words("排名|资格|年化|理财|质押|任务|VIP|领"),
    },
    {
      category: "scam_report",
      weight: 6,
      fuzzy: true,
      en: words(
        "pretending|pretend to be|impersonat|fake|phishing|scam|fraud|claiming to be|claims to be|says he is|" +
          "says she is|says hes|said he was|guaranteed returns|report an|looks like a scam|is this you|is that you|" +
          "is this your|is this number yours|is it official|is this official|is it legit|legit|recruiter|" +
          "investment manager|double your|doubling|daily returns|remote desktop|anydesk|teamviewer|share my screen|" +
          "safe account|romance|pig butcher|copies your|your logo|your name|in your name|your ceo|pianzi|pianju|" +
          "stolen bank|stolen card|stolen credit|maochong|zhapian",
      ),
      zh: words(
        "冒充|假客服|仿冒|钓鱼|诈骗|骗子|骗局|骗了|举报|冒用|自称|假的|假冒|说是你们|说是客服|是你们的吗|杀猪盘|" +
          "黑卡|保本|远程|共享屏幕|安全账户|洗钱|涉嫌|假短信|假网站|假截图|官方吗|招聘人员|培训费",
      ),
      patterns: ["假的?(?:网站|活动|抽奖|空投|客服|app|短信|邮件|截图|币|链接|平台|管理员|官网)"],
    },
    {
      category: "scam_report",
      weight: 2,
      en: words(
        "seed phrase|12 words|recovery phrase|private key|called me|dm'ed|dmed|dm me|messaged me|whatsapp|" +
          "instagram|linkedin|telegram|twitter|youtube|tiktok|discord dm|weird site|suspicious link|link|" +
          "website|app store|play store|returns|investigation|screenshot|reversed",
      ),
      zh: words("助记词|12个单词|私钥|加我|私信|微信|QQ群|电报|领英|抖音|推特|网站|链接|截图|收益|应用商店|短信"),
    },
    {
      category: "other",
      weight: 4,
      en: words(
        "registered address|company address|legal letter|license|licence|licensed|regulated|office|hiring|" +
          "job|career|partnership|partner with|business proposal|list my token|list your token|will you list|" +
          "listing|proof of reserve|tax|invoice|annual statement|dark mode|feature request|outage|website is down|" +
          "is down|very slow|super slow|desktop app|ipad|mac app|languages|portuguese|countries|office hours|" +
          "data you hold|my data|personal data|gdpr|safari|chrome|firefox|browser|blank|love your app|great app|" +
          "good work|feedback|suggestion|freezes|freezing|crash|crashes|bug|glitch|not loading|won't load",
      ),
      zh: words(
        "注册地址|公司地址|牌照|办公室|招人|工作时间|商务合作|上币|储备金|报税|发票|账单|夜间模式|服务器|挂了|很卡|" +
          "打不开|电脑版|iPad|语言|葡萄牙语|正规|公司|好用|建议",
      ),
    },
    {
      category: "other",
      weight: 1,
      en: words("hello|hi|thanks|thank you|good morning|good evening|anyone there|human|agent"),
      zh: words("在吗|有人吗|谢谢|你好|晚上好|人工"),
    },
  ],
  priorities: [
    ...COMPROMISE_RULES,
    {
      priority: "high",
      name: "stuck withdrawal with a TxID",
      categories: ["withdrawal"],
      entities: ["txid"],
      en: words(
        "stuck|pending|not arrived|never arrived|not received|didn't receive|didn't get|hasn't arrived|" +
          "not in my|still not|still nothing|nothing|please check|pls check|hours|hrs|days|forever|processing",
      ),
      zh: words("卡住|没到账|未到账|没收到|还没|一直|查一下|小时|天"),
    },
  ],
  negations: COMPROMISE_NEGATIONS,
};
