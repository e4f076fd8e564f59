/** Inbox texts about what an agent can do on a ticket right now and how the screen folds: closed tickets, the compact views menu, collapsible ticket controls. */
import type { Language } from "../../core/inbound";

export interface LayoutTexts {
  /** Under the disabled reply box of a closed ticket. */
  closedNoReply: string;
  /** The toast when a reply is refused because the ticket was closed meanwhile. */
  closedMeanwhile: string;
  /** The phone's toggle for the ticket's controls (status, priority, assignee...). */
  ticketControls: string;
  /** The compact views menu's label (phones). */
  viewPick: string;
  /** The view of customers who asked for a person and have no staff reply since. */
  viewNeedsHuman: string;
  /** The header's link to the metrics page. */
  metrics: string;
}

const TEXTS: Record<Language, LayoutTexts> = {
  en: {
    closedNoReply:
      "This ticket is closed: replies can no longer reach the customer here. Internal notes still work; a new message from the customer opens a new ticket.",
    closedMeanwhile: "Not sent: the ticket was closed meanwhile. Your text is kept in the box.",
    ticketControls: "Ticket details",
    viewPick: "View",
    viewNeedsHuman: "Needs a human",
    metrics: "Metrics",
  },
  zh: {
    closedNoReply: "此工单已关闭：回复无法再通过这里送达客户。仍可添加内部备注；客户发来新消息时会创建新工单。",
    closedMeanwhile: "未发送：工单已被关闭。你的文字仍保留在输入框中。",
    ticketControls: "工单详情",
    viewPick: "视图",
    viewNeedsHuman: "待人工",
    metrics: "数据",
  },
};

/** The layout texts of a language. */
export function layoutTexts(lang: Language): LayoutTexts {
  return TEXTS[lang];
}
