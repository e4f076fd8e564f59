/** zod shapes of what reaches the Worker: Discord interactions (the fields we use) and relayed gateway messages. */
import * as z from "zod";

const snowflake = z.string().regex(/^\d{1,25}$/);

const UserSchema = z.object({
  id: snowflake,
  username: z.string(),
  global_name: z.string().nullish(),
  bot: z.boolean().optional(),
});

/** A component as Discord sends it back: action rows, labels, and the text inputs inside them. */
export interface SubmittedComponent {
  type: number;
  custom_id?: string;
  value?: string;
  components?: SubmittedComponent[];
  component?: SubmittedComponent;
}
const ComponentSchema: z.ZodType<SubmittedComponent> = z.lazy(() =>
  z.looseObject({
    type: z.number().int(),
    custom_id: z.string().optional(),
    value: z.string().optional(),
    components: z.array(ComponentSchema).optional(),
    component: ComponentSchema.optional(),
  }),
);

/** https://discord.com/developers/docs/interactions/receiving-and-responding#interaction-object */
export const InteractionSchema = z.looseObject({
  id: snowflake,
  application_id: snowflake,
  type: z.number().int().min(1).max(5),
  token: z.string().min(1).max(1000),
  guild_id: snowflake.optional(),
  channel_id: snowflake.optional(),
  /** The channel the interaction came from (partial): its type tells a thread from a text channel. */
  channel: z.looseObject({ id: snowflake, type: z.number().int() }).optional(),
  /** Present in servers. */
  member: z.looseObject({ user: UserSchema }).optional(),
  /** Present in DMs. */
  user: UserSchema.optional(),
  locale: z.string().optional(),
  data: z
    .looseObject({
      name: z.string().optional(),
      custom_id: z.string().max(100).optional(),
      components: z.array(ComponentSchema).optional(),
    })
    .optional(),
});
export type Interaction = z.infer<typeof InteractionSchema>;

/** Interaction types. https://discord.com/developers/docs/interactions/receiving-and-responding#interaction-object-interaction-type */
export const InteractionType = { Ping: 1, Command: 2, Component: 3, Autocomplete: 4, ModalSubmit: 5 } as const;

/** Response types. https://discord.com/developers/docs/interactions/receiving-and-responding#interaction-response-object-interaction-callback-type */
export const ResponseType = { Pong: 1, Message: 4, DeferredMessage: 5, DeferredUpdate: 6, Modal: 9 } as const;

/** Message flag EPHEMERAL: only the person who interacted sees it. */
export const EPHEMERAL = 64;

/** The `value` of each text input of a submitted modal, by custom_id (action rows and labels alike). */
export function modalValues(components: readonly SubmittedComponent[] = []): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (list: readonly SubmittedComponent[]) => {
    for (const c of list) {
      if (c.custom_id !== undefined && typeof c.value === "string") out[c.custom_id] = c.value;
      if (c.components) walk(c.components);
      if (c.component) walk([c.component]);
    }
  };
  walk(components);
  return out;
}

const RelayAttachments = z
  .array(
    z.object({
      id: snowflake,
      filename: z.string().max(300),
      url: z.string().url().max(2000),
      size: z.number().int().nonnegative(),
      contentType: z.string().max(200).nullish(),
    }),
  )
  .max(10)
  .default([]);

/** One message the relay forwards (see packages/discord-relay/src/forward.mjs, which builds it). */
export const RelayMessageSchema = z.object({
  /** The Discord message id: the dedupe key. */
  id: snowflake,
  channelId: snowflake,
  /** `dm`: a DM with the bot; `thread`: a message in a server thread (a ticket's, if we know it). */
  kind: z.enum(["dm", "thread"]),
  guildId: snowflake.nullish(),
  author: z.object({ id: snowflake, username: z.string().max(100), globalName: z.string().max(100).nullish() }),
  content: z.string().max(4000),
  /** ISO 8601 */
  timestamp: z.iso.datetime({ offset: true }),
  attachments: RelayAttachments,
  replyToId: snowflake.nullish(),
  /**
   * A forwarded message (Discord's message snapshot): its text and files, taken as the customer's own.
   * Where it came from (another channel's message id) is never sent: nothing links to another conversation.
   */
  forwarded: z.object({ content: z.string().max(4000), attachments: RelayAttachments }).nullish(),
});
export type RelayMessage = z.infer<typeof RelayMessageSchema>;
