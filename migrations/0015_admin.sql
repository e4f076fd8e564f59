-- Relaydesk schema v14: the admin screens (/staff/admin).
-- An API token keeps its first characters (`rdk_` and 4 more, never enough to use it) so the admin
-- list can tell tokens apart after the one time the whole token was shown; tokens issued before
-- this migration have none.
ALTER TABLE staff_tokens ADD COLUMN prefix TEXT;

-- A new desk starts with canned replies in both languages (the knowledge-base articles came with
-- 0005). Idempotent and never over an admin's work: a seed is skipped when its id exists, or when
-- a reply of the same language and title does (an admin's own version of it).
WITH seed (id, language, title, body) AS (VALUES
 ('cnd_seeddepositen', 'en', 'Deposit not arrived',
  'Hi {{customer_name}}, thanks for reaching out about ticket {{ticket_number}}. Deposits are credited once the network confirms them. Please send us the TxID (transaction hash), the coin and the network you used, and we will trace it for you.'),
 ('cnd_seeddepositzh', 'zh', '充值未到账',
  '{{customer_name}}您好，关于工单 {{ticket_number}}：充值需要区块网络确认后才会入账。请提供交易哈希（TxID）、币种和所用网络，我们会为您追踪。'),
 ('cnd_seedwithdrawen', 'en', 'Withdrawal pending',
  'Hi {{customer_name}}, your withdrawal is pending a routine security review. This usually takes under 2 hours; a withdrawal within 24 hours of a password, 2FA or email change is held longer. We will update ticket {{ticket_number}} as soon as it is sent.'),
 ('cnd_seedwithdrawzh', 'zh', '提现处理中',
  '{{customer_name}}您好，您的提现正在进行常规安全审核，通常 2 小时内完成；修改密码、两步验证或邮箱后 24 小时内的提现需要更长时间。发出后我们会在工单 {{ticket_number}} 中通知您。'),
 ('cnd_seedkycen', 'en', 'KYC rejected',
  'Hi {{customer_name}}, your identity verification was not approved. The usual reasons are a blurry or cropped photo, an expired document, or a name that differs from the account. Please retake the photo in good light with all four corners visible and submit again.'),
 ('cnd_seedkyczh', 'zh', '实名认证未通过',
  '{{customer_name}}您好，您的实名认证未通过。常见原因：照片模糊或不完整、证件过期、姓名与账户不一致。请在光线充足处重新拍摄（证件四角完整）后再次提交。'),
 ('cnd_seed2faen', 'en', '2FA reset',
  'Hi {{customer_name}}, to reset your 2FA open Security > Reset 2FA in the app and complete the selfie check. Withdrawals are paused for 24 hours afterwards to protect your account. Never send us your 2FA codes.'),
 ('cnd_seed2fazh', 'zh', '重置两步验证',
  '{{customer_name}}您好，重置两步验证请在 App 中进入“安全 > 重置 2FA”并完成人脸核验。为保护您的账户，重置后 24 小时内暂停提现。请勿向我们发送任何验证码。'),
 ('cnd_seedseeden', 'en', 'Never share your seed phrase',
  'Please never share your seed phrase, private key, password or 2FA code with anyone, including us: real support never asks for them. If you already shared one, move your funds to a new wallet now and tell us in ticket {{ticket_number}}.'),
 ('cnd_seedseedzh', 'zh', '切勿泄露助记词',
  '请勿向任何人（包括我们）提供助记词、私钥、密码或验证码，真正的客服绝不会索要。如已泄露，请立即将资产转移到新钱包，并在工单 {{ticket_number}} 中告诉我们。')
)
INSERT INTO canned_replies (id, title, body, language, created_by, created_at)
SELECT s.id, s.title, s.body, s.language, 'stf_bootstrap', '1970-01-01T00:00:00.000Z' FROM seed s
 WHERE NOT EXISTS (
   SELECT 1 FROM canned_replies c WHERE c.id = s.id OR (c.language = s.language AND c.title = s.title)
 );
