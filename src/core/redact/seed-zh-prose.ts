/**
 * Chinese prose or a seed phrase? Support prose is made of the same common characters as the
 * wordlist, but a random phrase seldom holds a common two-character word.
 */

/** Common two-character words of support prose: a random phrase holds one with odds of about 1 in 1,000. */
const COMMON_WORDS =
  "我们 你们 他们 什么 没有 不是 可以 怎么 为什么 自己 时候 已经 因为 所以 但是 如果 这个 那个 一下 帮我 请问 谢谢 " +
  "账户 账号 钱包 提现 充值 客服 问题 知道 现在 还是 就是 然后 一个 这样 一直 还没 到账 处理 看看 一样 还有 今天 " +
  "昨天 明天 时间 小时 分钟 需要 希望 告诉 应该 可能 不能 不会 不要 我的 你的 他的 的话 一些 很多 非常 真的 或者 " +
  "而且 虽然 只是 只有 觉得 认为 发现 出现 显示 失败 成功 登录 登陆 密码 验证 认证 身份 资金 资产 交易 订单 转账 " +
  "地址 网络 手续 费用 余额 数量 价格 市场 合约 现货 平台 系统 官方 活动 奖励 锁定 冻结 解冻 绑定 手机 邮箱 短信 " +
  "收到 发送 回复 联系 审核 等待 请求 申请 取消 确认 完成 开始 结束 原因 情况 结果 办法 方法 帮助 支持 服务 使用 " +
  "操作 设置 修改 更新 下载 安装 打开 关闭 点击 页面 错误 正常 异常 马上 立即 尽快 麻烦 帮忙 这是 正在 之前 之后 " +
  "以后 以前 刚才 最后 所有 全部 其他 另外 别人 朋友 每天 一次 被盗 骗子 冒充 转出 到了 没了 不了 好的 可是 不过 " +
  "这么 那么 多少 几个 哪里 这里 为了 关于 对于 通过 根据 东西 事情 工作 我要 我想 想要 是不 有没 助记 私钥 恢复 " +
  "导入 备份 保存 丢失 忘记 找回 被骗 请帮 你好 您好 老师 是我 我是 在线 不到 不上 不了 了吗 了吧 的时 一点 有人 " +
  "我們 你們 他們 沒有 為什 什麼 帳戶 賬戶 賬號 錢包 提現 問題 現在 還是 這個 那個 幫我 請問 謝謝 處理 時候 已經 " +
  "因為 怎麼 應該 發現 顯示 登錄 密碼 驗證 認證 資金 資產 訂單 轉賬 網絡 餘額 價格 幫忙 麻煩 這是 還在 詐騙 聯繫 " +
  "審核 確認 開始 結束 設置 錯誤 異常 一直 沒到 到賬 記詞 私鑰 恢復 導入 備份 忘記 找回 被騙 請幫 您好 客服 " +
  "护照 過期 过期 高级 实名 身份 照片 人脸 识别 手续 提币 充币 注销 银行 付款 商家 申诉 投诉 回复 记录 规则 工作 " +
  "福利 注册 推荐 维护 网站 复制 追回 存款 退回 原来 步骤 提示 人工 风控 进行 收款 对方 法币 下载 软件 害怕 剩下 " +
  "取出 通知 合理 解释 任何 突然 积蓄 着急 浏览 区块 已经 显示 平台 别的 几分 好几 每次 到底 怎样 才能 通过 上传 " +
  "提供 公司 信息 牌照 输入 让我 发给 给你 朋友 昨天 导出 出来 下文 意思 什么 请看 一串 这些 字是 " +
  "清楚 光线 很多 试了 另一 网络 上面 一条 过来 一笔 三次 两天 几个 时候 发放 空投 价格 爆仓 冒充 保管 别人 资产";
const BIGRAMS = new Set(COMMON_WORDS.split(" ").filter((w) => w.length === 2));

/** Whether two characters are a common two-character word of support prose. */
export const isProseWord = (pair: string) => BIGRAMS.has(pair);

/** Whether Chinese characters read like prose: more common two-character words than a random phrase holds. */
export function readsLikeProse(chars: readonly string[]): boolean {
  // A random phrase of 12 or more holds one such word now and then ("…视只有旋…"); prose holds several.
  const allowed = chars.length >= 12 ? 1 : 0;
  let found = 0;
  for (let i = 0; i + 1 < chars.length; i++)
    if (BIGRAMS.has(`${chars[i]}${chars[i + 1]}`) && ++found > allowed) return true;
  return false;
}
