-- Relaydesk schema v5: crypto-support intelligence (issue 7, first half): entities, triage rules,
-- knowledge base, and which articles the bot already suggested on a ticket.

-- TxIDs, addresses, UIDs, order ids and amounts found in customer messages (already redacted).
-- Values are normalized (hex and bech32 lowercased), so tickets sharing a TxID find each other.
CREATE TABLE ticket_entities (
  ticket_id   TEXT NOT NULL REFERENCES tickets (id),
  kind        TEXT NOT NULL CHECK (kind IN ('txid', 'address', 'uid', 'order_id', 'amount')),
  value       TEXT NOT NULL,
  chain       TEXT,
  message_id  TEXT NOT NULL REFERENCES messages (id),
  created_at  TEXT NOT NULL,
  PRIMARY KEY (ticket_id, kind, value)
);
-- Linked tickets and staff search look entities up by value.
CREATE INDEX ticket_entities_value ON ticket_entities (value, kind);

-- The triage rules (one JSON document, see src/core/triage.ts TriageRules); admins replace it whole.
CREATE TABLE triage_rules (
  id          INTEGER PRIMARY KEY CHECK (id = 1),
  rules       TEXT NOT NULL,
  updated_at  TEXT NOT NULL,
  updated_by  TEXT REFERENCES staff_users (id)
);
-- The same JSON as DEFAULT_TRIAGE_RULES in src/core/triage-rules.ts (a unit test keeps them equal).
INSERT INTO triage_rules (id, rules, updated_at, updated_by) VALUES (1, '{"categories":[{"category":"account","en":["log in","login","sign in","signin","locked","email address","change my email","registration","register","delete my account","close it","phone number","session expired","forgot my password","reset link","nickname","profile","disabled","reactivate","sms code","sign up"],"zh":["登录","登陆","注册","绑定的邮箱","邮箱","锁定","注销","手机号","更换绑定","会话过期","忘记密码","重置链接","昵称","头像","禁用","恢复账号","短信验证码","改密码"]},{"category":"security","weight":2,"en":["hacked","hacker","stolen","stole","unauthorized","unauthorised","did not make","wasn''t me","not me","2fa","google authenticator","authenticator","anti-phishing","whitelist","new device","suspicious login","secure","freeze my account","compromised"],"zh":["被盗","盗号","被黑","黑客","不是我本人","非本人","谷歌验证","身份验证器","防钓鱼","白名单","异地登录","可疑","安全吗","冻结我的账户","被转走","被转出","被提走"]},{"category":"kyc","weight":2,"en":["kyc","verification","verify my identity","identity","face recognition","passport","driver''s license","id card","selfie","proof of address","date of birth","level 2","advanced verification","documents"],"zh":["实名","认证","身份","人脸","护照","驾照","身份证","手持","地址证明","出生日期","二级","高级认证","KYC"]},{"category":"deposit","weight":2,"en":["deposit","top-up","top up","credited","memo","confirmations","not arrived","balance is still zero","never showed up"],"zh":["充值","充币","入账","充USDT","充ETH","充XRP","充了","标签","确认数","个确认","转了"]},{"category":"withdrawal","weight":2,"en":["withdraw","withdrawal","withdrew","receiving wallet","never arrived"],"zh":["提现","提币","提了","提USDT","出金"]},{"category":"trading","weight":2,"en":["order","filled","futures","liquidat","trading fee","stop-loss","stop loss","margin","p2p","slippage","trade history","funding fee","leverage","spot","position"],"zh":["挂单","限价","市价","成交","合约","强平","爆仓","手续费怎么算","止损","保证金","全仓","逐仓","C2C","放币","滑点","资金费率","杠杆","K线"]},{"category":"api","weight":3,"en":["api","websocket","rate limit","429","recvwindow","signature","endpoint","listenkey","testnet","sandbox","trading bot"],"zh":["API","接口","WebSocket","限流","签名","测试网","量化","listenKey","频率限制"]},{"category":"promotions","weight":2,"en":["bonus","airdrop","referral","commission","competition","coupon","reward","launchpad","promotion","cashback","voucher","campaign","event","lucky draw","prize","eligible"],"zh":["奖励","空投","返佣","邀请","大赛","体验金","Launchpad","活动","返现","券","抽奖","奖品","首充"]},{"category":"scam_report","weight":3,"en":["pretending","impersonat","fake","phishing","scam","fraud","claiming to be","guaranteed returns","report an","looks like a scam"],"zh":["冒充","假客服","仿冒","钓鱼","诈骗","骗子","骗局","骗了","举报","冒用","自称","假的"]}],"priorities":[{"priority":"urgent","name":"stolen account or unauthorised withdrawal","en":["hacked","hacker","stolen","stole","account stolen","unauthorized withdrawal","unauthorised withdrawal","did not make","drained"],"zh":["被盗","盗号","被黑","黑客","不是我本人操作","非本人操作","被转走","被转出","被提走"],"categories":["security","withdrawal","account"]},{"priority":"high","name":"stuck withdrawal with a TxID","categories":["withdrawal"],"entities":["txid"],"en":["stuck","pending","not arrived","never arrived","not received","nothing","please check","hours","days"],"zh":["卡住","没到账","未到账","没收到","还没","一直","查一下","小时","天"]}]}', '1970-01-01T00:00:00.000Z', NULL);

-- Knowledge-base articles the bot answers new tickets with (zh and en are separate articles).
CREATE TABLE kb_articles (
  id          TEXT PRIMARY KEY,
  language    TEXT NOT NULL CHECK (language IN ('en', 'zh')),
  title       TEXT NOT NULL,
  body        TEXT NOT NULL,
  keywords    TEXT NOT NULL DEFAULT '[]',
  enabled     INTEGER NOT NULL DEFAULT 1,
  created_at  TEXT NOT NULL,
  updated_at  TEXT NOT NULL
);
CREATE INDEX kb_articles_language ON kb_articles (language, enabled);

-- Articles the bot already sent on a ticket: it never suggests the same one twice.
CREATE TABLE kb_suggestions (
  ticket_id   TEXT NOT NULL REFERENCES tickets (id),
  article_id  TEXT NOT NULL,
  created_at  TEXT NOT NULL,
  PRIMARY KEY (ticket_id, article_id)
);

INSERT INTO kb_articles (id, language, title, body, keywords, created_at, updated_at) VALUES
 ('kba_deposit_en', 'en', 'My deposit has not arrived',
  'Deposits are credited after the network confirms them (BTC: 2 confirmations, ETH: 12, TRON: 20). Check the TxID in a block explorer: if it is confirmed and sent to your deposit address on the right network with the right memo/tag, send us the TxID here and we will trace it.',
  '["deposit","not arrived","not credited","confirmation","memo","top up","wrong network"]', '1970-01-01T00:00:00.000Z', '1970-01-01T00:00:00.000Z'),
 ('kba_deposit_zh', 'zh', '充值未到账怎么办',
  '充值需要区块网络确认后才会入账（BTC 2 个确认，ETH 12 个，TRON 20 个）。请在区块浏览器中查询交易哈希：如果已确认、网络和充值地址正确、标签（memo）填写无误，请把交易哈希（TxID）发给我们，我们会为您追踪。',
  '["充值","未到账","没到账","充币","入账","确认","标签","选错网络"]', '1970-01-01T00:00:00.000Z', '1970-01-01T00:00:00.000Z'),
 ('kba_withdrawal_en', 'en', 'Why is my withdrawal pending?',
  'Withdrawals can wait for a security review, a network congestion, or a 24-hour hold after you changed your password, 2FA or email. If the status is "completed", the TxID shows where the funds went; if it is stuck, reply with the TxID and a person will check it.',
  '["withdraw","withdrawal","pending","stuck","under review","withdrawal limit"]', '1970-01-01T00:00:00.000Z', '1970-01-01T00:00:00.000Z'),
 ('kba_withdrawal_zh', 'zh', '提现一直在处理中？',
  '提现可能在等待安全审核、网络拥堵，或在您修改密码、两步验证、邮箱后的 24 小时限制期内。若状态为“已完成”，可用交易哈希查询资金去向；若一直卡住，请回复交易哈希，我们的工作人员会为您核查。',
  '["提现","提币","审核","卡住","处理中","提现额度"]', '1970-01-01T00:00:00.000Z', '1970-01-01T00:00:00.000Z'),
 ('kba_2fa_en', 'en', 'Reset or change 2FA',
  'Lost your authenticator? Use "Security > Reset 2FA" in the app; it needs a selfie check and your account is held from withdrawals for 24 hours afterwards. Never share 2FA codes with anyone, including us.',
  '["2fa","authenticator","google authenticator","reset 2fa","lost my phone","verification code"]', '1970-01-01T00:00:00.000Z', '1970-01-01T00:00:00.000Z'),
 ('kba_2fa_zh', 'zh', '重置或更换谷歌验证（2FA）',
  '验证器丢失？请在 App 中进入“安全 > 重置 2FA”，需要完成人脸核验，之后 24 小时内暂停提现。请勿向任何人（包括我们）提供验证码。',
  '["谷歌验证","2FA","验证器","重置验证","手机丢了","验证码"]', '1970-01-01T00:00:00.000Z', '1970-01-01T00:00:00.000Z'),
 ('kba_kyc_en', 'en', 'Identity verification (KYC) rejected',
  'Most rejections are a blurry or cropped photo, an expired document, or a name that differs from the account. Retake the photo in good light with all four corners visible and submit again; reviews take up to 48 hours.',
  '["kyc","verification","identity","rejected","passport","selfie","face recognition"]', '1970-01-01T00:00:00.000Z', '1970-01-01T00:00:00.000Z'),
 ('kba_kyc_zh', 'zh', '实名认证（KYC）被拒绝',
  '常见原因：照片模糊或不完整、证件过期、姓名与账户不一致。请在光线充足处重新拍摄（证件四角完整）后再次提交，审核最长需要 48 小时。',
  '["实名","认证","KYC","身份","被拒","人脸","护照"]', '1970-01-01T00:00:00.000Z', '1970-01-01T00:00:00.000Z'),
 ('kba_scam_en', 'en', 'Stay safe: how to recognise fake support',
  'Our staff never ask for your seed phrase, private key, password or 2FA code, never DM you first, and never ask you to send funds for "verification". If someone did, report them here and do not send anything.',
  '["scam","fake","phishing","impersonat","seed phrase","private key","hacked","stolen"]', '1970-01-01T00:00:00.000Z', '1970-01-01T00:00:00.000Z'),
 ('kba_scam_zh', 'zh', '谨防假冒客服',
  '我们的工作人员绝不会索要您的助记词、私钥、密码或验证码，不会主动私信您，也不会要求您转账“验证”。如有人这样做，请在此举报，不要转出任何资产。',
  '["诈骗","骗子","冒充","假客服","钓鱼","助记词","私钥","被盗"]', '1970-01-01T00:00:00.000Z', '1970-01-01T00:00:00.000Z');
