/** Inbox texts of bulk selection (the list's checkboxes and toolbar) and of the confirmation dialog before risky actions. */
import type { Language } from "../../core/inbound";

export interface BulkTexts {
  /** A row's checkbox: `{number}` of the ticket. */
  selectTicket: string;
  selectAllOnPage: string;
  /** `{count}` tickets selected. */
  selected: string;
  toolbar: string;
  assignTo: string;
  assignMe: string;
  unassign: string;
  setStatus: string;
  addTag: string;
  addTagPlaceholder: string;
  add: string;
  merge: string;
  clear: string;
  /** The merge dialog's choice of the ticket that stays. */
  mergeKeep: string;
  /** Toast after a bulk action: `{count}` tickets. */
  done: string;
  /** Dialog buttons. */
  cancel: string;
  confirm: string;
  /** Bulk dialog title and body: `{count}` tickets. */
  bulkTitle: string;
  bulkAssign: string;
  bulkUnassign: string;
  /** `{status}`. */
  bulkStatus: string;
  /** `{tags}`. */
  bulkTag: string;
  bulkMerge: string;
  /** Added to a bulk resolve when some have no staff reply: `{count}` of them. */
  bulkUnanswered: string;
  resolveTitle: string;
  resolveBody: string;
  closeTitle: string;
  closeBody: string;
  takeTitle: string;
  /** `{name}`: the colleague the ticket is assigned to. */
  takeBody: string;
  /** A 409 that lists tickets: `{count}` could not take the action. */
  ineligible: string;
  reasons: Record<string, string>;
}

const TEXTS: Record<Language, BulkTexts> = {
  en: {
    selectTicket: "Select {number}",
    selectAllOnPage: "Select all on this page",
    selected: "{count} selected",
    toolbar: "Bulk actions",
    assignTo: "Assign to…",
    assignMe: "Me",
    unassign: "Unassigned",
    setStatus: "Status…",
    addTag: "Add tag",
    addTagPlaceholder: "tag…",
    add: "Add",
    merge: "Merge into one…",
    clear: "Clear selection",
    mergeKeep: "Keep this ticket; the others are merged into it",
    done: "Done: {count} tickets changed",
    cancel: "Cancel",
    confirm: "Confirm",
    bulkTitle: "Change {count} tickets?",
    bulkAssign: "Assign {count} tickets to {name}.",
    bulkUnassign: "Unassign {count} tickets.",
    bulkStatus: "Set {count} tickets to “{status}”.",
    bulkTag: "Add the tag “{tags}” to {count} tickets.",
    bulkMerge: "Merge {count} tickets into one. Merging cannot be undone.",
    bulkUnanswered:
      "{count} of them have no staff reply yet: resolving asks those customers to rate an answer they never got.",
    resolveTitle: "Resolve without a reply?",
    resolveBody:
      "Nobody on staff has replied to this customer yet. Resolving sends them a rating request for an answer they never got.",
    closeTitle: "Close this ticket?",
    closeBody: "Closing is final: replies can no longer reach the customer on this ticket.",
    takeTitle: "Take this ticket?",
    takeBody: "{name} is assigned to this ticket. Take it over?",
    ineligible: "Nothing changed: {count} of the selected tickets cannot take this action",
    reasons: {
      already_merged: "already merged",
      invalid_transition: "status change not allowed",
      too_many_tags: "too many tags",
      different_customers: "another customer's",
      unproven_sender: "sender not proven: an admin must confirm",
      target_closed: "closed",
    },
  },
  zh: {
    selectTicket: "选择 {number}",
    selectAllOnPage: "全选本页",
    selected: "已选 {count} 个",
    toolbar: "批量操作",
    assignTo: "分配给…",
    assignMe: "我",
    unassign: "未分配",
    setStatus: "状态…",
    addTag: "添加标签",
    addTagPlaceholder: "标签…",
    add: "添加",
    merge: "合并为一个…",
    clear: "取消选择",
    mergeKeep: "保留此工单，其余工单合并到它",
    done: "完成：已更改 {count} 个工单",
    cancel: "取消",
    confirm: "确认",
    bulkTitle: "更改 {count} 个工单？",
    bulkAssign: "将 {count} 个工单分配给 {name}。",
    bulkUnassign: "取消 {count} 个工单的分配。",
    bulkStatus: "将 {count} 个工单设为“{status}”。",
    bulkTag: "为 {count} 个工单添加标签“{tags}”。",
    bulkMerge: "将 {count} 个工单合并为一个。合并无法撤销。",
    bulkUnanswered: "其中 {count} 个尚无客服回复：解决后会请这些客户为从未收到的答复评分。",
    resolveTitle: "未回复就解决？",
    resolveBody: "客服尚未回复该客户。解决后会向客户发送评分请求，而他们从未收到答复。",
    closeTitle: "关闭此工单？",
    closeBody: "关闭不可撤销：此工单上的回复将无法再送达客户。",
    takeTitle: "接手此工单？",
    takeBody: "此工单已分配给 {name}。要接手吗？",
    ineligible: "未做任何更改：所选工单中有 {count} 个不能执行此操作",
    reasons: {
      already_merged: "已合并",
      invalid_transition: "不允许的状态变更",
      too_many_tags: "标签过多",
      different_customers: "属于其他客户",
      unproven_sender: "发件人未经验证：需管理员确认",
      target_closed: "已关闭",
    },
  },
};

/** The bulk and confirmation texts of a language (the inbox's boot texts carry them as `bulk`). */
export function bulkTexts(lang: Language): BulkTexts {
  return TEXTS[lang];
}
