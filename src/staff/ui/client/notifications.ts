/**
 * Desktop notifications and the tone: the agent's settings (GET/PUT /me/notifications) edited in a dialog from the
 * header, and each feed event run through the pure decision (src/core/notify.ts). Permission is asked only from
 * the dialog's Save (a user gesture), never on load. A click on a notification focuses the tab and opens the ticket.
 */
import { decideNotification, defaultNotifySettings, NOTIFY_KINDS, type NotifySettings } from "../../../core/notify";
import { api, ok, WRITE } from "./api";
import { me, T } from "./boot";
import { byId, fail, h, toast } from "./dom";
import { NT } from "./notify-texts";
import { state } from "./store";
import type { SequencedFeedEvent } from "./types";

const N = NT;
let settings: NotifySettings = defaultNotifySettings();
/** Keys of what this tab already told (a replayed or repeated event is told once). */
const told = new Set<string>();
const TOLD_MAX = 500;

function permission(): keyof typeof N.permission {
  return "Notification" in window ? Notification.permission : "unsupported";
}

/** Loads the agent's saved switches (all off when they never saved any). */
export async function loadNotifySettings(): Promise<void> {
  try {
    settings = (await ok(api.me.notifications.$get())).settings;
  } catch {
    settings = defaultNotifySettings();
  }
}

let audio: AudioContext | null = null;
/** A short two-note chime made with WebAudio (no sound file). */
export function playTone(): void {
  try {
    audio ??= new AudioContext();
    const ctx = audio;
    const now = ctx.currentTime;
    for (const [i, freq] of [880, 1320].entries()) {
      const osc = ctx.createOscillator();
      const gain = ctx.createGain();
      osc.type = "sine";
      osc.frequency.value = freq;
      const start = now + i * 0.12;
      gain.gain.setValueAtTime(0.0001, start);
      gain.gain.exponentialRampToValueAtTime(0.15, start + 0.02);
      gain.gain.exponentialRampToValueAtTime(0.0001, start + 0.18);
      osc.connect(gain).connect(ctx.destination);
      osc.start(start);
      osc.stop(start + 0.2);
    }
  } catch {
    // No audio in this browser (or not yet allowed): the desktop notification still shows.
  }
}

function fillIn(s: string, vars: Record<string, string>): string {
  return s.replace(/\{(\w+)\}/g, (m, k: string) => vars[k] ?? m);
}

/** Title and body of a notification: ticket number, a name and a snippet of already-redacted text, nothing more. */
function describe(e: SequencedFeedEvent): { title: string; body: string } | null {
  const row = state.list.tickets.find((t) => t.id === e.ticketId);
  const number = ("ticketNumber" in e && e.ticketNumber) || row?.number || "";
  switch (e.type) {
    case "ticket.created":
    case "message.created": {
      const name = e.customerName || row?.contact?.name || T.customer;
      const title = fillIn(e.type === "ticket.created" ? N.newTicket : N.customerReply, { number, name });
      return { title, body: e.snippet ?? "" };
    }
    case "mention.created":
      return { title: fillIn(N.mention, { number, name: e.actorName }), body: e.snippet };
    case "sla.breached":
      return {
        title: fillIn(N.slaBreach, { number }),
        body: N.breaches[e.breach as keyof typeof N.breaches] ?? e.breach,
      };
    default:
      return null;
  }
}

/** Runs one new feed event through the agent's settings: a desktop notification and/or the tone, once per event. */
export function notifyOnEvent(e: SequencedFeedEvent): void {
  const decision = decideNotification(e, me.staffId, settings, {
    assigneeOf: (id) => state.list.tickets.find((t) => t.id === id)?.assigneeId,
  });
  if (!decision || told.has(decision.key)) return;
  told.add(decision.key);
  if (told.size > TOLD_MAX) told.delete(told.values().next().value as string);
  const text = describe(e);
  if (decision.desktop && text && permission() === "granted") {
    const ticketId = e.ticketId;
    const n = new Notification(text.title, {
      body: text.body,
      tag: `rd-${decision.key}`,
      lang: document.documentElement.lang,
    });
    n.onclick = () => {
      window.focus();
      if (ticketId) location.hash = `#t=${ticketId}`;
      n.close();
    };
  }
  if (decision.sound) playTone();
}

// ---------- the settings dialog ----------

function switchBox(channel: "desktop" | "sound", kind: (typeof NOTIFY_KINDS)[number]): HTMLInputElement {
  return h("input", {
    type: "checkbox",
    id: `rd-notify-${channel}-${kind}`,
    name: `${channel}.${kind}`,
    checked: settings[channel][kind],
    "aria-label": `${N.kinds[kind]}: ${channel === "desktop" ? N.desktop : N.sound}`,
  });
}

function buildDialog(): HTMLDialogElement {
  const status = h("p", { id: "rd-notify-permission", class: "meta", text: N.permission[permission()] });
  const rows = NOTIFY_KINDS.map((kind) =>
    h(
      "tr",
      null,
      h("th", { scope: "row", text: N.kinds[kind] }),
      h("td", null, switchBox("desktop", kind)),
      h("td", null, switchBox("sound", kind)),
    ),
  );
  const dialog: HTMLDialogElement = h("dialog", { id: "rd-notify", "aria-labelledby": "rd-notify-title" });
  const form: HTMLFormElement = h(
    "form",
    { method: "dialog", id: "rd-notify-form" },
    h("h2", { id: "rd-notify-title", text: N.title }),
    h("p", { text: N.intro }),
    h(
      "table",
      { class: "notify-table" },
      h(
        "thead",
        null,
        h("tr", null, h("td"), h("th", { scope: "col", text: N.desktop }), h("th", { scope: "col", text: N.sound })),
      ),
      h("tbody", null, ...rows),
    ),
    status,
    h(
      "div",
      { class: "notify-actions" },
      h("button", {
        type: "button",
        class: "secondary",
        id: "rd-notify-test",
        text: N.test,
        onclick: (): void => playTone(),
      }),
      h("button", {
        type: "button",
        class: "secondary",
        id: "rd-notify-cancel",
        text: N.cancel,
        onclick: (): void => dialog.close(),
      }),
      h("button", { type: "submit", id: "rd-notify-save", text: N.save }),
    ),
  );
  dialog.appendChild(form);
  form.addEventListener("submit", (ev: SubmitEvent) => {
    ev.preventDefault();
    save(form, dialog).catch(fail);
  });
  return dialog;
}

async function save(form: HTMLFormElement, dialog: HTMLDialogElement): Promise<void> {
  const next = defaultNotifySettings();
  for (const channel of ["desktop", "sound"] as const) {
    for (const kind of NOTIFY_KINDS) {
      next[channel][kind] = form.querySelector<HTMLInputElement>(`[name="${channel}.${kind}"]`)?.checked === true;
    }
  }
  // Asked here, inside the click on Save: browsers only show the prompt for a user gesture.
  if (NOTIFY_KINDS.some((k) => next.desktop[k]) && permission() === "default") {
    await Notification.requestPermission().catch(() => "default");
  }
  if (NOTIFY_KINDS.some((k) => next.sound[k])) {
    audio ??= new AudioContext();
    await audio.resume().catch(() => {});
  }
  settings = (await ok(api.me.notifications.$put({ json: next }, WRITE))).settings;
  dialog.close();
  toast(N.saved);
}

/** Opens the settings dialog (built fresh from the saved switches). */
export async function openNotifySettings(): Promise<void> {
  await loadNotifySettings();
  const old = byId<HTMLDialogElement>("rd-notify");
  const dialog = buildDialog();
  if (old) old.replaceWith(dialog);
  else document.body.appendChild(dialog);
  dialog.showModal();
  byId("rd-notify-save")?.focus();
}

/** Wires the header button; the switches load once at start. */
export function initNotifications(): void {
  byId("rd-notify-open")?.addEventListener("click", () => {
    openNotifySettings().catch(fail);
  });
  loadNotifySettings().catch(() => {});
}
