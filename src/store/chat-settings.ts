/** The desk's live-chat settings (one row, `chat_settings`), changed by admins with an audit row in the same batch. */
import type { OutboundButton } from "../core/channel";
import { auditStatement } from "./audit";

export interface ChatSettings {
  allowedOrigins: string[];
  turnstileFirstMessage: boolean;
  /** Null: the defaults in code (src/core/chat.ts defaultQuickReplies). */
  quickReplies: OutboundButton[] | null;
  updatedAt: string;
  updatedBy: string | null;
}

interface SettingsRow {
  allowed_origins: string;
  turnstile_first_message: number;
  quick_replies: string | null;
  updated_at: string;
  updated_by: string | null;
}

const SETTINGS_SQL =
  "SELECT allowed_origins, turnstile_first_message, quick_replies, updated_at, updated_by FROM chat_settings WHERE id = 1";

export function chatSettingsStatement(db: D1Database): D1PreparedStatement {
  return db.prepare(SETTINGS_SQL);
}

export function chatSettingsFrom(row: SettingsRow | undefined | null): ChatSettings {
  if (!row)
    return { allowedOrigins: [], turnstileFirstMessage: false, quickReplies: null, updatedAt: "", updatedBy: null };
  return {
    allowedOrigins: JSON.parse(row.allowed_origins || "[]") as string[],
    turnstileFirstMessage: row.turnstile_first_message === 1,
    quickReplies: row.quick_replies ? (JSON.parse(row.quick_replies) as OutboundButton[]) : null,
    updatedAt: row.updated_at,
    updatedBy: row.updated_by,
  };
}

export async function getChatSettings(db: D1Database): Promise<ChatSettings> {
  return chatSettingsFrom(await db.prepare(SETTINGS_SQL).first<SettingsRow>());
}

/** Saves the settings and their audit row in one batch; returns them as stored. */
export async function putChatSettings(
  db: D1Database,
  args: Omit<ChatSettings, "updatedAt" | "updatedBy"> & { actorId: string; auditId: string; now: string },
): Promise<ChatSettings> {
  const [, , read] = await db.batch<SettingsRow>([
    db
      .prepare(
        `INSERT INTO chat_settings (id, allowed_origins, turnstile_first_message, quick_replies, updated_at, updated_by)
         VALUES (1, ?1, ?2, ?3, ?4, ?5)
         ON CONFLICT (id) DO UPDATE SET allowed_origins = excluded.allowed_origins,
           turnstile_first_message = excluded.turnstile_first_message, quick_replies = excluded.quick_replies,
           updated_at = excluded.updated_at, updated_by = excluded.updated_by`,
      )
      .bind(
        JSON.stringify(args.allowedOrigins),
        args.turnstileFirstMessage ? 1 : 0,
        args.quickReplies ? JSON.stringify(args.quickReplies) : null,
        args.now,
        args.actorId,
      ),
    auditStatement(db, {
      id: args.auditId,
      actorId: args.actorId,
      action: "settings.chat.update",
      targetType: "settings",
      targetId: "chat",
      detail: {
        allowedOrigins: args.allowedOrigins,
        turnstileFirstMessage: args.turnstileFirstMessage,
        quickReplies: args.quickReplies,
      },
      now: args.now,
    }),
    db.prepare(SETTINGS_SQL),
  ]);
  return chatSettingsFrom(read?.results[0]);
}
