/** Small builders for Discord interaction and relay payloads, in the wire format. */

let counter = 0;
/** A fresh snowflake-like id (unique per test run). */
export function snowflake(): string {
  counter += 1;
  return String(1_200_000_000_000_000_000n + BigInt(Date.now() % 1_000_000_000) * 1000n + BigInt(counter));
}

export interface UserOpts {
  userId?: string;
  username?: string;
  locale?: string;
  /** In a server (member + guild_id) instead of a DM; channelType 11 is a public thread, 0 a text channel. */
  guild?: { guildId: string; channelId: string; channelType?: number };
}

function base(type: number, o: UserOpts) {
  const user = { id: o.userId ?? snowflake(), username: o.username ?? "lin", global_name: "Lin", discriminator: "0" };
  return {
    id: snowflake(),
    application_id: "1100000000000000001",
    type,
    token: `aW50ZXJhY3Rpb24.${crypto.randomUUID()}`,
    version: 1,
    locale: o.locale ?? "en-US",
    app_permissions: "0",
    ...(o.guild
      ? {
          guild_id: o.guild.guildId,
          channel_id: o.guild.channelId,
          channel: { id: o.guild.channelId, type: o.guild.channelType ?? 11 },
          member: { user, roles: [], joined_at: new Date().toISOString(), deaf: false, mute: false },
        }
      : { channel_id: snowflake(), user, context: 1 }),
  };
}

/** `{ type: 1 }` */
export function ping() {
  return { id: snowflake(), application_id: "1100000000000000001", type: 1, token: "ping-token", version: 1 };
}

/** A slash command. */
export function command(name: string, o: UserOpts = {}) {
  return { ...base(2, o), data: { id: snowflake(), name, type: 1 } };
}

/** A submitted /support form (action rows with text inputs, as Discord sends them back). */
export function supportSubmit(
  fields: { subject?: string; description?: string; uid?: string; txid?: string },
  o: UserOpts = {},
) {
  const row = (id: string, value: string) => ({ type: 1, components: [{ type: 4, custom_id: id, value }] });
  return {
    ...base(5, o),
    data: {
      custom_id: "support_form",
      components: [
        row("subject", fields.subject ?? ""),
        row("description", fields.description ?? ""),
        row("uid", fields.uid ?? ""),
        row("txid", fields.txid ?? ""),
      ],
    },
  };
}

/** A button press. */
export function button(customId: string, o: UserOpts = {}) {
  return { ...base(3, o), data: { custom_id: customId, component_type: 2 }, message: { id: snowflake() } };
}

/** What the relay forwards for one gateway message. */
export function relayMessage(o: {
  userId: string;
  content: string;
  id?: string;
  kind?: "dm" | "thread";
  channelId?: string;
  attachments?: Array<{ id: string; filename: string; url: string; size: number; contentType?: string }>;
}) {
  return {
    id: o.id ?? snowflake(),
    channelId: o.channelId ?? snowflake(),
    kind: o.kind ?? "dm",
    guildId: o.kind === "thread" ? snowflake() : null,
    author: { id: o.userId, username: "lin", globalName: "Lin" },
    content: o.content,
    timestamp: new Date().toISOString(),
    attachments: o.attachments ?? [],
    replyToId: null,
  };
}
