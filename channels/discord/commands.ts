/**
 * The slash commands, as `PUT /applications/<id>/commands` takes them, with zh-CN names and
 * descriptions. Plain data with type-only imports, so `scripts/discord-register.mjs` can
 * import this file directly (Node 22 strips the types).
 * https://discord.com/developers/docs/interactions/application-commands#localization
 */
import type { RESTPutAPIApplicationCommandsJSONBody } from "discord-api-types/v10";

/** CHAT_INPUT: a slash command. https://discord.com/developers/docs/interactions/application-commands#application-command-object-application-command-types */
const CHAT_INPUT = 1;
/** GUILD and BOT_DM: usable in servers and in DMs with the bot. */
const CONTEXTS = [0, 1];
/** GUILD_INSTALL: installed to a server (DMs with the bot come with it). */
const INTEGRATION_TYPES = [0];

export const SUPPORT_COMMAND = "support";
export const STATUS_COMMAND = "status";
export const HUMAN_COMMAND = "human";
export const VERIFY_COMMAND = "verify";
export const LINK_COMMAND = "link";
/** STRING: an application command option type. https://discord.com/developers/docs/interactions/application-commands#application-command-object-application-command-option-type */
const STRING_OPTION = 3;

/** What `npm run discord:register` puts (a PUT replaces the whole set, so removed commands disappear). */
export const COMMANDS = [
  {
    type: CHAT_INPUT,
    name: SUPPORT_COMMAND,
    name_localizations: { "zh-CN": "客服" },
    description: "Open a support ticket",
    description_localizations: { "zh-CN": "提交客服工单" },
    contexts: CONTEXTS,
    integration_types: INTEGRATION_TYPES,
  },
  {
    type: CHAT_INPUT,
    name: STATUS_COMMAND,
    name_localizations: { "zh-CN": "工单状态" },
    description: "Your tickets and their status",
    description_localizations: { "zh-CN": "查看我的工单及状态" },
    contexts: CONTEXTS,
    integration_types: INTEGRATION_TYPES,
  },
  {
    type: CHAT_INPUT,
    name: HUMAN_COMMAND,
    name_localizations: { "zh-CN": "人工客服" },
    description: "Talk to a person from our support team",
    description_localizations: { "zh-CN": "转人工客服" },
    contexts: CONTEXTS,
    integration_types: INTEGRATION_TYPES,
  },
  {
    type: CHAT_INPUT,
    name: VERIFY_COMMAND,
    name_localizations: { "zh-CN": "核实" },
    description: "Check whether an account, server or link is ours",
    description_localizations: { "zh-CN": "核实账号、服务器或链接是否为官方" },
    options: [
      {
        type: STRING_OPTION,
        name: "handle",
        name_localizations: { "zh-CN": "账号" },
        description: "A handle, invite link, email address or website",
        description_localizations: { "zh-CN": "账号、邀请链接、邮箱或网址" },
        required: true,
        max_length: 300,
      },
    ],
    contexts: CONTEXTS,
    integration_types: INTEGRATION_TYPES,
  },
  {
    type: CHAT_INPUT,
    name: LINK_COMMAND,
    name_localizations: { "zh-CN": "关联账号" },
    description: "Link your Discord, Telegram and email (a one-time code)",
    description_localizations: { "zh-CN": "用一次性关联码关联您的 Discord、Telegram 和邮箱" },
    options: [
      {
        type: STRING_OPTION,
        name: "code",
        name_localizations: { "zh-CN": "关联码" },
        description: "The code from your other account; leave empty to get one",
        description_localizations: { "zh-CN": "另一个账号上获得的关联码；留空则获取新码" },
        required: false,
        max_length: 20,
      },
    ],
    contexts: CONTEXTS,
    integration_types: INTEGRATION_TYPES,
  },
] satisfies RESTPutAPIApplicationCommandsJSONBody;
