// The staff inbox in the browser: one live list of every channel's tickets, the ticket view, and
// the live feed. Plain JS shipped as text (no build step; see README "Staff inbox"). Everything
// that comes from data reaches the DOM through textContent or attributes, never innerHTML.
(() => {
  const boot = JSON.parse(document.getElementById("rd-boot").textContent);
  const T = boot.t;
  const csrf = document.querySelector('meta[name="rd-csrf"]')?.getAttribute("content") ?? "";
  const me = boot.me;
  const $ = (id) => document.getElementById(id);

  // ---------- small helpers ----------

  /** A translated string with `{name}` placeholders filled. */
  function tr(key, vars) {
    let s = T[key] ?? key;
    if (vars) for (const k of Object.keys(vars)) s = s.split(`{${k}}`).join(String(vars[k]));
    return s;
  }

  /** Creates an element: attrs (class, text, on*, data-*, others as attributes), then children. */
  function h(tag, attrs, ...children) {
    const el = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs ?? {})) {
      if (v === null || v === undefined || v === false) continue;
      if (k === "class") el.className = v;
      else if (k === "text") el.textContent = String(v);
      else if (k.startsWith("on")) el.addEventListener(k.slice(2), v);
      else if (k === "value") el.value = v;
      else el.setAttribute(k, v === true ? "" : String(v));
    }
    for (const c of children.flat()) {
      if (c === null || c === undefined || c === false) continue;
      el.append(typeof c === "string" ? document.createTextNode(c) : c);
    }
    return el;
  }

  /** Replaces an element's children, skipping empty slots (replaceChildren would print "null"). */
  function fill(el, ...children) {
    el.replaceChildren(...children.flat().filter((c) => c !== null && c !== undefined && c !== false));
  }

  /** Fills `{{customer_name}}` and `{{ticket_number}}` in a canned reply; other text stays as written. */
  function fillTemplate(body, ticket) {
    const values = {
      customer_name: ticket.contact?.name || T.customer,
      ticket_number: ticket.number,
    };
    return body.replace(/\{\{\s*(\w+)\s*\}\}/g, (all, name) => (name in values ? values[name] : all));
  }

  const rtf = new Intl.RelativeTimeFormat(boot.lang === "zh" ? "zh-CN" : "en", { numeric: "auto", style: "narrow" });
  const dtf = new Intl.DateTimeFormat(boot.lang === "zh" ? "zh-CN" : "en", {
    month: "short",
    day: "numeric",
    hour: "2-digit",
    minute: "2-digit",
  });

  /** "5 min ago" / "in 3 hr" for an ISO time. */
  function relative(iso) {
    const diff = (Date.parse(iso) - Date.now()) / 1000;
    const abs = Math.abs(diff);
    if (abs < 45) return rtf.format(0, "second");
    if (abs < 3600) return rtf.format(Math.round(diff / 60), "minute");
    if (abs < 86400) return rtf.format(Math.round(diff / 3600), "hour");
    return rtf.format(Math.round(diff / 86400), "day");
  }

  function timeEl(iso, cls) {
    return h("time", { datetime: iso, title: dtf.format(new Date(iso)), class: cls, text: relative(iso) });
  }

  function formatSize(n) {
    if (n < 1024) return `${n} B`;
    if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
    return `${(n / 1024 / 1024).toFixed(1)} MB`;
  }

  const CHANNEL_GLYPHS = { telegram: "TG", discord: "DC", email: "@", webform: "Web" };

  function channelBadge(channel) {
    return h(
      "span",
      { class: `ch ch-${channel}`, title: T.channels[channel] ?? channel },
      h("span", { "aria-hidden": "true", text: CHANNEL_GLYPHS[channel] ?? channel }),
      h("span", { class: "sr", text: T.channels[channel] ?? channel }),
    );
  }

  function badge(cls, text) {
    return h("span", { class: `badge ${cls}`, text });
  }

  // ---------- API ----------

  async function api(method, path, body) {
    const headers = { Accept: "application/json" };
    if (method !== "GET") headers["X-CSRF-Token"] = csrf;
    const init = { method, headers, credentials: "same-origin" };
    if (body !== undefined) {
      headers["Content-Type"] = "application/json";
      init.body = JSON.stringify(body);
    }
    const res = await fetch(`/api/staff${path}`, init);
    if (res.status === 401) {
      location.href = `/staff/login?next=${encodeURIComponent(location.pathname + location.search + location.hash)}`;
      throw new Error(T.signedOut);
    }
    if (res.status === 204) return null;
    const data = await res.json().catch(() => null);
    if (!res.ok) {
      const err = new Error(data?.error?.message || `${res.status} ${res.statusText}`);
      err.status = res.status;
      err.code = data?.error?.code;
      throw err;
    }
    return data;
  }

  let toastTimer = 0;
  /** Shows a short message; errors stay until the next message. */
  function toast(text, isError) {
    const el = $("rd-toast");
    el.textContent = text;
    el.className = isError ? "toast err" : "toast";
    el.hidden = false;
    clearTimeout(toastTimer);
    if (!isError) toastTimer = setTimeout(() => (el.hidden = true), 3000);
  }

  function fail(err) {
    toast(err?.message || String(err), true);
  }

  // ---------- state ----------

  const state = {
    view: "all",
    filters: { status: "", priority: "", category: "" },
    q: "",
    tickets: [],
    nextCursor: null,
    selectedId: null,
    detail: null,
    contact: null,
    canned: null,
    staff: null,
    /** ticketId -> Map(staffId -> { name, state, at }) */
    presence: new Map(),
    /** staffId -> name, from presence, the staff list and me. */
    names: new Map([[me.staffId, me.name]]),
    lastSeq: null,
    viewParamUnsupported: false,
    wanted: 50,
    /** ids of tickets created since the page loaded, highlighted for a moment. */
    fresh: new Set(),
    drafts: new Map(),
    composer: "reply",
    /** Phones fold the ticket's controls away until asked (the conversation gets the screen). */
    controlsOpen: false,
  };

  // ---------- the list ----------

  function listParams() {
    const p = new URLSearchParams();
    const v = state.view;
    if (v.startsWith("ch:")) p.set("channel", v.slice(3));
    else if (v !== "all") {
      if (state.viewParamUnsupported) {
        // An older API without `view`: the closest filters it has.
        if (v === "mine") p.set("assignee", "me");
        if (v === "unassigned") p.set("assignee", "none");
        if (v === "urgent") p.set("priority", "urgent");
        if (v === "resolved") p.set("status", "resolved");
      } else p.set("view", v);
    }
    for (const [k, val] of Object.entries(state.filters)) if (val && !p.has(k)) p.set(k, val);
    if (state.q) p.set("q", state.q);
    return p;
  }

  /** Rows per "Load more"; the API gives at most 100 per request. */
  const PAGE = 50;
  let listGeneration = 0;
  /**
   * Fetches the first `state.wanted` rows of the current view. Live refreshes refetch as many
   * rows as are shown, so a refresh never drops what "Load more" brought in.
   */
  async function loadList(reset) {
    if (reset) state.wanted = PAGE;
    const generation = ++listGeneration;
    const base = listParams();
    const tickets = [];
    const seen = new Set();
    let cursor = null;
    do {
      const p = new URLSearchParams(base);
      p.set("limit", String(Math.min(100, state.wanted - tickets.length)));
      if (cursor) p.set("cursor", cursor);
      let data;
      try {
        data = await api("GET", `/tickets?${p}`);
      } catch (err) {
        if (err.status === 400 && p.has("view") && !state.viewParamUnsupported) {
          state.viewParamUnsupported = true;
          return loadList(false);
        }
        throw err;
      }
      if (generation !== listGeneration) return;
      // Keyset pages of a live list may overlap when a ticket moves between requests.
      for (const t of data.tickets) if (!seen.has(t.id) && seen.add(t.id)) tickets.push(t);
      cursor = data.nextCursor;
    } while (cursor && tickets.length < state.wanted);
    state.tickets = tickets;
    state.nextCursor = cursor;
    for (const t of tickets) if (t.assignee?.name) state.names.set(t.assigneeId, t.assignee.name);
    renderList();
  }

  let refreshTimer = 0;
  let refreshing = null;
  /** Coalesces bursts of feed events into one list refetch. */
  function scheduleRefresh() {
    clearTimeout(refreshTimer);
    refreshTimer = setTimeout(async () => {
      if (refreshing) {
        await refreshing;
        return scheduleRefresh();
      }
      refreshing = loadList(false).catch(fail);
      await refreshing;
      refreshing = null;
    }, 60);
  }

  function assigneeName(t) {
    if (!t.assigneeId) return null;
    if (t.assigneeId === me.staffId) return T.me;
    return t.assignee?.name || state.names.get(t.assigneeId) || T.assigned;
  }

  function slaBadge(t) {
    const due = t.slaDueAt ?? (t.firstResponseAt ? null : t.firstResponseDueAt);
    if (!due || t.status === "resolved" || t.status === "closed") return null;
    const late = Date.parse(due) < Date.now();
    return h("span", {
      class: late ? "badge sla late" : "badge sla",
      title: `${T.slaDue}: ${dtf.format(new Date(due))}`,
      text: late ? tr("overdue", { time: relative(due) }) : tr("dueIn", { time: relative(due) }),
    });
  }

  function presenceText(ticketId) {
    const people = state.presence.get(ticketId);
    if (!people || people.size === 0) return null;
    const parts = [];
    for (const p of people.values()) parts.push(tr(p.state === "typing" ? "isTyping" : "isViewing", { name: p.name }));
    return parts.join(" · ");
  }

  function snippet(t) {
    const m = t.lastMessage;
    if (!m) return "";
    const prefix =
      m.direction === "note"
        ? `${T.noteShort}: `
        : m.author === "bot"
          ? `${T.bot}: `
          : m.direction === "out"
            ? `${T.youShort}: `
            : "";
    const text = m.body.replace(/\s+/g, " ").trim();
    return prefix + (text.length > 140 ? `${text.slice(0, 140)}…` : text);
  }

  function renderList() {
    const ul = $("rd-tickets");
    const rows = state.tickets.map((t) => {
      const who = assigneeName(t);
      const presence = presenceText(t.id);
      const cls = ["row"];
      if (t.unread) cls.push("unread");
      if (t.id === state.selectedId) cls.push("selected");
      if (state.fresh.has(t.id)) cls.push("fresh");
      return h(
        "li",
        {
          class: cls.join(" "),
          "data-id": t.id,
          "data-status": t.status,
          "aria-current": t.id === state.selectedId ? "true" : null,
          tabindex: "-1",
          onclick: () => openTicket(t.id),
        },
        h(
          "div",
          { class: "row-top" },
          channelBadge(t.channel),
          h("span", { class: "who", text: t.contact?.name || T.customer }),
          t.unread ? h("span", { class: "dot", title: T.unread }, h("span", { class: "sr", text: T.unread })) : null,
          timeEl(t.updatedAt, "when"),
        ),
        h("div", { class: "subject" }, h("span", { class: "num", text: t.number }), " ", t.subject),
        h("div", { class: "snippet", text: snippet(t) }),
        h(
          "div",
          { class: "badges" },
          badge(`st st-${t.status}`, T.statuses[t.status] ?? t.status),
          t.priority !== "normal" ? badge(`pr pr-${t.priority}`, T.priorities[t.priority] ?? t.priority) : null,
          badge("cat", T.categories[t.category] ?? t.category),
          badge(who ? "as" : "as none", who ?? T.unassigned),
          slaBadge(t),
        ),
        presence ? h("div", { class: "presence", text: presence }) : null,
      );
    });
    fill(ul, ...rows);
    $("rd-empty").hidden = rows.length > 0;
    $("rd-more").hidden = !state.nextCursor;
    const unread = state.tickets.filter((t) => t.unread).length;
    document.title = unread ? `(${unread}) ${T.title}` : T.title;
  }

  // ---------- the ticket ----------

  async function openTicket(id, opts) {
    if (state.selectedId && state.selectedId !== id) sendPresence(state.selectedId, "idle");
    const changed = state.selectedId !== id;
    state.selectedId = id;
    if (changed) {
      state.detail = null;
      state.contact = null;
      state.replyTo = null;
      buildTicketShell();
    }
    if (location.hash !== `#t=${id}`) history.pushState(null, "", `#t=${id}`);
    document.body.classList.add("has-ticket");
    renderList();
    $(`rd-tickets`).querySelector(".selected")?.scrollIntoView({ block: "nearest" });
    await loadDetail().catch(fail);
    sendPresence(state.selectedId, "viewing");
    if (!opts?.keepFocus) $("rd-ticket").focus({ preventScroll: true });
  }

  function closeTicket() {
    if (state.selectedId) sendPresence(state.selectedId, "idle");
    state.selectedId = null;
    state.detail = null;
    document.body.classList.remove("has-ticket");
    if (location.hash) history.pushState(null, "", location.pathname + location.search);
    fill($("rd-ticket"), h("p", { class: "placeholder", text: T.pickTicket }));
    fill($("rd-contact"));
    renderList();
  }

  let detailGeneration = 0;
  async function loadDetail() {
    const id = state.selectedId;
    if (!id) return;
    const generation = ++detailGeneration;
    const data = await api("GET", `/tickets/${id}`);
    if (generation !== detailGeneration || state.selectedId !== id) return;
    if (data.ticket.id !== id) {
      // Merged away: the API answers with the ticket it now lives in.
      state.selectedId = data.ticket.id;
      history.replaceState(null, "", `#t=${data.ticket.id}`);
      buildTicketShell();
      toast(tr("mergedInto", { number: data.ticket.number }));
    }
    state.detail = data;
    renderTicketHeader();
    renderThread();
    // Every change of the ticket (a reply, a claim, a status or priority change, here or by someone else) can change
    // what the customer panel shows: its statuses, the address's proof, the identities.
    loadContact().catch(() => {});
    if (data.ticket.unread || state.tickets.find((t) => t.id === data.ticket.id)?.unread) markRead(data.ticket.id);
  }

  let detailTimer = 0;
  function scheduleDetail() {
    clearTimeout(detailTimer);
    detailTimer = setTimeout(() => loadDetail().catch(fail), 60);
  }

  async function markRead(id) {
    try {
      await api("POST", `/tickets/${id}/read`);
      const t = state.tickets.find((x) => x.id === id);
      if (t?.unread) {
        t.unread = false;
        renderList();
      }
    } catch {
      // An API without read markers: nothing to do.
    }
  }

  /** The parts of the ticket view that survive refreshes (the composer keeps its draft). */
  function buildTicketShell() {
    const root = $("rd-ticket");
    const replyBox = h("textarea", {
      id: "rd-reply",
      rows: "4",
      placeholder: T.replyPlaceholder,
      "aria-label": T.reply,
    });
    const noteBox = h("textarea", { id: "rd-note", rows: "4", placeholder: T.notePlaceholder, "aria-label": T.note });
    const canned = h("select", { id: "rd-canned", "aria-label": T.canned, onchange: onCanned });
    const replyForm = h(
      "form",
      { id: "rd-reply-form", class: "composer", onsubmit: (ev) => send(ev, "replies", replyBox) },
      h("p", { id: "rd-closed-note", class: "closed-note", role: "note", hidden: true, text: T.closedNoReply }),
      replyBox,
      h(
        "div",
        { class: "composer-bar" },
        canned,
        h("span", { id: "rd-via", class: "meta" }),
        h("button", { type: "submit", id: "rd-send", text: T.send }),
      ),
    );
    const noteForm = h(
      "form",
      { id: "rd-note-form", class: "composer note", hidden: true, onsubmit: (ev) => send(ev, "notes", noteBox) },
      noteBox,
      h(
        "div",
        { class: "composer-bar" },
        h("span", { class: "meta", text: T.noteHint }),
        h("button", { type: "submit", id: "rd-add-note", text: T.addNote }),
      ),
    );
    for (const box of [replyBox, noteBox]) {
      box.addEventListener("input", onTyping);
      box.addEventListener("keydown", (ev) => {
        if (ev.key === "Enter" && (ev.ctrlKey || ev.metaKey)) {
          ev.preventDefault();
          box.form.requestSubmit();
        }
      });
    }
    const draft = state.drafts.get(state.selectedId);
    if (draft) {
      replyBox.value = draft.reply ?? "";
      noteBox.value = draft.note ?? "";
    }
    const tabs = h(
      "div",
      { class: "tabs", role: "tablist" },
      h("button", {
        type: "button",
        role: "tab",
        id: "rd-tab-reply",
        "aria-selected": "true",
        text: T.reply,
        onclick: () => showComposer("reply", true),
      }),
      h("button", {
        type: "button",
        role: "tab",
        id: "rd-tab-note",
        "aria-selected": "false",
        text: T.note,
        onclick: () => showComposer("note", true),
      }),
    );
    fill(
      root,
      h(
        "div",
        { id: "rd-ticket-head", class: "ticket-head", onfocusout: onHeadFocusOut },
        h("p", { class: "placeholder", text: T.loading }),
      ),
      h("div", { id: "rd-merge", class: "merge", hidden: true }),
      h("ol", { id: "rd-thread", class: "thread", "aria-live": "polite" }),
      h("div", { class: "compose" }, tabs, replyForm, noteForm),
    );
    showComposer(state.composer, false);
    fillCanned();
    fill($("rd-contact"), h("p", { class: "placeholder", text: T.loading }));
  }

  function showComposer(which, focus) {
    state.composer = which;
    const reply = which === "reply";
    $("rd-reply-form").hidden = !reply;
    $("rd-note-form").hidden = reply;
    $("rd-tab-reply").setAttribute("aria-selected", String(reply));
    $("rd-tab-note").setAttribute("aria-selected", String(!reply));
    if (focus) $(reply ? "rd-reply" : "rd-note").focus();
  }

  async function send(ev, kind, box) {
    ev.preventDefault();
    const body = box.value.trim();
    if (!body || !state.selectedId) return;
    const button = box.form.querySelector("button[type=submit]");
    button.disabled = true;
    try {
      const target = kind === "replies" && state.replyTo ? { replyToMessageId: state.replyTo } : {};
      await api("POST", `/tickets/${state.selectedId}/${kind}`, { body, ...target });
      if (kind === "replies") state.replyTo = null;
      box.value = "";
      state.drafts.delete(state.selectedId);
      sendPresence(state.selectedId, "viewing");
      typingSince = 0;
      await loadDetail();
      scheduleRefresh();
    } catch (err) {
      if (err.status === 409 && err.code === "ticket_closed") {
        // Closed by someone else since this view was drawn: say so, keep the text, and show the ticket as it is now.
        toast(T.closedMeanwhile, true);
        await loadDetail().catch(() => {});
      } else fail(err);
    } finally {
      button.disabled = false;
      renderComposerState();
    }
  }

  /** A closed ticket takes no replies (the API answers 409): the reply box says why instead of failing on send. */
  function renderComposerState() {
    const t = state.detail?.ticket;
    const box = $("rd-reply");
    if (!box || !t) return;
    const closed = t.status === "closed";
    box.disabled = closed;
    $("rd-send").disabled = closed;
    $("rd-canned").disabled = closed;
    $("rd-closed-note").hidden = !closed;
    $("rd-reply-form").classList.toggle("closed", closed);
  }

  async function patch(fields) {
    const id = state.selectedId;
    if (!id) return;
    try {
      const { ticket } = await api("PATCH", `/tickets/${id}`, fields);
      if (state.detail && state.detail.ticket.id === ticket.id) state.detail.ticket = ticket;
      const i = state.tickets.findIndex((t) => t.id === ticket.id);
      if (i >= 0) state.tickets[i] = { ...state.tickets[i], ...ticket };
      renderTicketHeader();
      renderList();
      scheduleRefresh();
      loadContact().catch(() => {});
    } catch (err) {
      fail(err);
      renderTicketHeader();
    }
  }

  function select(id, label, options, current, onchange, disabled) {
    return h(
      "label",
      { class: "ctl" },
      h("span", { text: label }),
      h(
        "select",
        { id, disabled, onchange: (ev) => onchange(ev.target.value) },
        options.map(([value, text]) => h("option", { value, selected: value === current, text })),
      ),
    );
  }

  let headStale = false;
  function onHeadFocusOut(ev) {
    if (headStale && !ev.currentTarget.contains(ev.relatedTarget)) setTimeout(renderTicketHeader, 0);
  }

  function renderTicketHeader() {
    const head = $("rd-ticket-head");
    const d = state.detail;
    if (!head || !d) return;
    // Someone else's change must not wipe a field being edited here: redraw when focus leaves.
    const active = document.activeElement;
    if (head.contains(active) && /^(INPUT|SELECT)$/.test(active.tagName)) {
      headStale = true;
      return;
    }
    headStale = false;
    const t = d.ticket;
    const mine = t.assigneeId === me.staffId;
    const assignCtl = state.staff?.length
      ? select(
          "rd-assignee",
          T.assignee,
          [["", T.unassigned], ...state.staff.map((s) => [s.id, s.id === me.staffId ? `${s.name} (${T.me})` : s.name])],
          t.assigneeId ?? "",
          (v) => patch({ assigneeId: v || null }),
        )
      : h("span", { class: "ctl", text: `${T.assignee}: ${assigneeName(t) ?? T.unassigned}` });
    const resolved = t.status === "resolved" || t.status === "closed";
    const tagsInput = h("input", {
      id: "rd-tags",
      type: "text",
      value: (t.tags ?? []).join(", "),
      placeholder: T.tagsPlaceholder,
      "aria-label": T.tags,
      onchange: (ev) =>
        patch({
          tags: ev.target.value
            .split(/[,，]/)
            .map((s) => s.trim())
            .filter(Boolean),
        }),
    });
    const presence = presenceText(t.id);
    const summary = [
      T.statuses[t.status] ?? t.status,
      T.priorities[t.priority] ?? t.priority,
      assigneeName(t) ?? T.unassigned,
    ];
    head.classList.toggle("controls-collapsed", !state.controlsOpen);
    fill(
      head,
      h(
        "div",
        { class: "title-row" },
        h(
          "button",
          { type: "button", class: "back secondary", id: "rd-back", title: T.back, onclick: closeTicket },
          h("span", { "aria-hidden": "true", text: "←" }),
          h("span", { class: "sr", text: T.back }),
        ),
        channelBadge(t.channel),
        h("h2", { id: "rd-ticket-title" }, h("span", { class: "num", text: t.number }), " ", t.subject),
      ),
      h(
        "p",
        { class: "meta" },
        `${t.contact?.name || T.customer} · ${T.channels[t.channel] ?? t.channel} · ${T.opened} `,
        timeEl(t.createdAt),
        " ",
        slaBadge(t),
      ),
      h("p", { id: "rd-presence", class: "presence", "aria-live": "polite", text: presence ?? "" }),
      h(
        "button",
        {
          type: "button",
          id: "rd-controls-toggle",
          class: "secondary controls-toggle",
          "aria-expanded": String(state.controlsOpen),
          "aria-controls": "rd-controls",
          onclick: () => {
            state.controlsOpen = !state.controlsOpen;
            renderTicketHeader();
          },
        },
        h("span", { text: T.ticketControls }),
        h("span", { class: "meta", text: ` · ${summary.join(" · ")}` }),
        h("span", { "aria-hidden": "true", text: state.controlsOpen ? " ▴" : " ▾" }),
      ),
      h(
        "div",
        { class: "controls", id: "rd-controls" },
        h("button", {
          type: "button",
          id: "rd-claim",
          class: "secondary",
          text: mine ? T.unassign : T.claim,
          onclick: () => patch({ assigneeId: mine ? null : me.staffId }),
        }),
        assignCtl,
        select(
          "rd-status",
          T.status,
          boot.statuses.map((s) => [s, T.statuses[s] ?? s]),
          t.status,
          (v) => patch({ status: v }),
          t.status === "closed", // closed is final (src/core/ticket.ts)
        ),
        select(
          "rd-priority",
          T.priority,
          boot.priorities.map((s) => [s, T.priorities[s] ?? s]),
          t.priority,
          (v) => patch({ priority: v }),
        ),
        select(
          "rd-category",
          T.category,
          boot.categories.map((s) => [s, T.categories[s] ?? s]),
          t.category,
          (v) => patch({ category: v }),
        ),
        h("label", { class: "ctl tags" }, h("span", { text: T.tags }), tagsInput),
        // Closed is final (no reopen in the API): no button that could only fail.
        t.status === "closed"
          ? null
          : h("button", {
              type: "button",
              id: "rd-resolve",
              text: resolved ? T.reopen : T.resolve,
              onclick: () => patch({ status: resolved ? "open" : "resolved" }),
            }),
        h("button", { type: "button", id: "rd-merge-open", class: "secondary", text: T.merge, onclick: toggleMerge }),
      ),
    );
    renderVia();
    renderComposerState();
  }

  // ---------- whose conversation (a ticket merged from several customers' tickets holds one each) ----------

  function conversationOf(ticketId) {
    return state.detail?.ticket.conversations?.find((c) => c.ticketId === ticketId) ?? null;
  }

  function manyCustomers() {
    return new Set((state.detail?.ticket.conversations ?? []).map((c) => c.contact.id)).size > 1;
  }

  /** The conversation a reply goes to: the chosen customer message's, else the latest customer message's. */
  function replyTarget() {
    const d = state.detail;
    if (!d) return null;
    const inbound = d.messages.filter((m) => m.direction === "in");
    const answered = inbound.find((m) => m.id === state.replyTo) ?? inbound.at(-1);
    return conversationOf(answered?.originTicketId) ?? conversationOf(d.ticket.id);
  }

  /** Under the reply box: where the reply goes, to whom, and whether it is only shown on the ticket page. */
  function renderVia() {
    const via = $("rd-via");
    const t = state.detail?.ticket;
    if (!via || !t) return;
    const target = replyTarget();
    const channel = target?.channel ?? t.channel;
    const parts = [tr("replyVia", { channel: T.channels[channel] ?? channel })];
    if (target && manyCustomers())
      parts.unshift(`${T.replyTo}: ${target.contact.name || T.customer} (${target.number})`);
    if (channel === "webform" && target && !target.contact.emailVerified) parts.push(T.pageOnly);
    via.textContent = parts.join(" · ");
    via.dataset.target = target?.ticketId ?? "";
  }

  function renderThread() {
    const ol = $("rd-thread");
    const d = state.detail;
    if (!ol || !d) return;
    const atBottom = ol.scrollHeight - ol.scrollTop - ol.clientHeight < 40;
    const t = d.ticket;
    fill(
      ol,
      ...d.messages.map((m) => {
        const conv = conversationOf(m.originTicketId);
        const many = manyCustomers();
        const who =
          m.author === "customer"
            ? conv?.contact.name || t.contact?.name || T.customer
            : m.author === "bot"
              ? T.bot
              : m.authorName || state.names.get(m.authorStaffId) || T.staff;
        const cls = `msg dir-${m.direction} by-${m.author}`;
        return h(
          "li",
          { class: cls, "data-id": m.id },
          h(
            "div",
            { class: "msg-meta" },
            m.direction === "note" ? h("strong", { class: "note-label", text: T.internalNote }) : null,
            h("span", { class: "who", text: who }),
            many && conv && m.direction === "out"
              ? h("span", { class: "meta", text: `→ ${conv.contact.name || T.customer}` })
              : null,
            channelBadge(m.channel ?? t.channel),
            many && conv ? h("span", { class: "meta", text: tr("fromConversation", { number: conv.number }) }) : null,
            timeEl(m.createdAt),
            m.editedAt ? h("span", { class: "meta", text: T.edited }) : null,
            many && m.direction === "in"
              ? h("button", {
                  type: "button",
                  class: `secondary small reply-to${state.replyTo === m.id ? " chosen" : ""}`,
                  text: T.replyToThis,
                  "aria-pressed": String(state.replyTo === m.id),
                  onclick: () => {
                    state.replyTo = m.id;
                    renderThread();
                    showComposer("reply", true);
                  },
                })
              : null,
          ),
          h("div", { class: "body", text: m.body }),
          m.attachments?.length
            ? h(
                "ul",
                { class: "atts" },
                m.attachments.map((a) =>
                  h(
                    "li",
                    null,
                    h("a", {
                      href: a.url || `/api/staff/attachments/${encodeURIComponent(a.id)}`,
                      target: "_blank",
                      rel: "noopener",
                      text: a.filename,
                    }),
                    ` (${formatSize(a.size)})`,
                  ),
                ),
              )
            : null,
          m.direction === "out" && m.delivery ? deliveryLine(m) : null,
        );
      }),
    );
    if (atBottom || !ol.dataset.seen) ol.scrollTop = ol.scrollHeight;
    ol.dataset.seen = t.id;
    renderVia();
  }

  function deliveryLine(m) {
    const dlv = m.delivery;
    const label = T.delivery[dlv.status] ?? dlv.status;
    return h(
      "div",
      { class: `delivery dl-${dlv.status}`, "data-delivery": dlv.status },
      h("span", { text: label }),
      dlv.attempts > 1 ? h("span", { class: "meta", text: ` · ${tr("attempts", { n: dlv.attempts })}` }) : null,
      dlv.status === "failed" && dlv.error ? h("span", { class: "err", text: ` · ${dlv.error}` }) : null,
      dlv.status === "failed"
        ? h("button", {
            type: "button",
            class: "secondary small retry",
            text: T.retry,
            onclick: async (ev) => {
              ev.target.disabled = true;
              try {
                await api("POST", `/messages/${m.id}/retry`);
                await loadDetail();
              } catch (err) {
                fail(err);
                ev.target.disabled = false;
              }
            },
          })
        : null,
    );
  }

  // ---------- merge ----------

  function toggleMerge() {
    const box = $("rd-merge");
    if (!box) return;
    if (!box.hidden) {
      box.hidden = true;
      return;
    }
    const input = h("input", {
      id: "rd-merge-into",
      type: "text",
      placeholder: "RD-1234",
      "aria-label": T.mergeInto,
      autocomplete: "off",
    });
    const confirmArea = h("div", { class: "merge-confirm" });
    fill(
      box,
      h(
        "form",
        {
          onsubmit: async (ev) => {
            ev.preventDefault();
            try {
              const target = await findTicket(input.value.trim());
              if (!target) return toast(T.mergeNotFound, true);
              if (target.id === state.selectedId) return toast(T.mergeSame, true);
              fill(
                confirmArea,
                h("span", {
                  text: tr("mergeConfirm", {
                    from: state.detail.ticket.number,
                    into: `${target.number} ${target.subject}`,
                  }),
                }),
                " ",
                h("button", {
                  type: "button",
                  id: "rd-merge-confirm",
                  text: T.merge,
                  onclick: () => merge(target, confirmArea),
                }),
              );
            } catch (err) {
              fail(err);
            }
          },
        },
        h("label", { for: "rd-merge-into", text: T.mergeInto }),
        input,
        h("button", { type: "submit", class: "secondary", text: T.find }),
      ),
      confirmArea,
    );
    box.hidden = false;
    input.focus();
  }

  async function findTicket(text) {
    if (!text) return null;
    if (/^[a-z]{2,4}_[a-z0-9]+$/.test(text)) return (await api("GET", `/tickets/${text}`)).ticket;
    const number = text.toUpperCase().startsWith("RD-") ? text.toUpperCase() : `RD-${text.replace(/^#/, "")}`;
    const { tickets } = await api("GET", `/tickets?q=${encodeURIComponent(number)}`);
    return tickets.find((t) => t.number === number) ?? null;
  }

  /**
   * Merges the open ticket into `target`. Two different customers' tickets are refused (409
   * different_customers): an agent sees why; an admin is asked again and may confirm explicitly.
   */
  async function merge(target, confirmArea, differentCustomers) {
    const from = state.selectedId;
    const fromNumber = state.detail?.ticket.number;
    try {
      const body = differentCustomers ? { intoId: target.id, confirmDifferentCustomers: true } : { intoId: target.id };
      await api("POST", `/tickets/${from}/merge`, body);
      toast(tr("mergedInto", { number: target.number }));
      await openTicket(target.id);
      scheduleRefresh();
    } catch (err) {
      if (err.code !== "different_customers" || differentCustomers) return fail(err);
      if (me.role !== "admin") {
        fill(confirmArea, h("p", { id: "rd-merge-refused", class: "err", role: "alert", text: T.mergeDifferentAgent }));
        return toast(T.mergeDifferentAgent, true);
      }
      fill(
        confirmArea,
        h("p", {
          id: "rd-merge-different",
          role: "alert",
          text: tr("mergeDifferentAdmin", { from: fromNumber, into: `${target.number} ${target.subject}` }),
        }),
        h("button", {
          type: "button",
          id: "rd-merge-confirm-different",
          class: "danger",
          text: T.mergeAnyway,
          onclick: () => merge(target, confirmArea, true),
        }),
      );
      $("rd-merge-confirm-different")?.focus();
    }
  }

  // ---------- canned replies ----------

  async function loadCanned() {
    try {
      state.canned = (await api("GET", "/canned")).canned ?? [];
    } catch {
      state.canned = [];
    }
    fillCanned();
  }

  function fillCanned() {
    const sel = $("rd-canned");
    if (!sel) return;
    const list = state.canned ?? [];
    const lang = state.detail?.ticket.language;
    const sorted = [...list].sort((a, b) => (b.language === lang) - (a.language === lang));
    fill(
      sel,
      h("option", { value: "", text: T.canned }),
      ...sorted.map((c) => h("option", { value: c.id, text: c.language ? `${c.title} (${c.language})` : c.title })),
    );
    sel.hidden = list.length === 0;
  }

  function onCanned(ev) {
    const c = (state.canned ?? []).find((x) => x.id === ev.target.value);
    ev.target.value = "";
    if (!c || !state.detail) return;
    const box = $("rd-reply");
    const text = fillTemplate(c.body, state.detail.ticket);
    box.value = box.value.trim() ? `${box.value.replace(/\s+$/, "")}\n\n${text}` : text;
    showComposer("reply", true);
    box.dispatchEvent(new Event("input"));
  }

  // ---------- contact panel ----------

  let contactGeneration = 0;
  async function loadContact() {
    const t = state.detail?.ticket;
    const panel = $("rd-contact");
    if (!t?.contact?.id) return fill(panel);
    const generation = ++contactGeneration;
    let data;
    try {
      data = await api("GET", `/contacts/${t.contact.id}`);
    } catch {
      data = { contact: t.contact, tickets: [] };
    }
    // Only the newest answer draws (an older one may arrive last), and only for the customer still shown.
    if (generation !== contactGeneration || state.detail?.ticket.contact?.id !== t.contact.id) return;
    // The open ticket as this view has it (just patched or pushed by the feed) wins over a list read a moment earlier.
    const open = state.detail.ticket;
    data = { ...data, tickets: data.tickets.map((pt) => (pt.id === open.id ? { ...pt, status: open.status } : pt)) };
    state.contact = data;
    const c = data.contact;
    fill(
      panel,
      h("h3", { text: T.customerPanel }),
      h("p", { class: "contact-name", text: c.name || T.customer }),
      c.email
        ? h(
            "p",
            { class: "meta contact-email", title: c.emailVerified ? null : T.emailUnverifiedHint },
            h("span", { text: c.email }),
            " ",
            h("span", {
              class: `badge ${c.emailVerified ? "verified" : "late"}`,
              "data-verified": String(Boolean(c.emailVerified)),
              text: c.emailVerified ? T.emailVerified : T.emailUnverified,
            }),
          )
        : null,
      c.email && !c.emailVerified ? h("p", { class: "meta hint", text: T.emailUnverifiedHint }) : null,
      c.language ? h("p", { class: "meta", text: `${T.language}: ${c.language}` }) : null,
      h("h4", { text: T.identities }),
      h(
        "ul",
        { class: "identities" },
        (c.identities ?? []).map((i) =>
          h(
            "li",
            null,
            channelBadge(i.channel),
            " ",
            i.displayName ? `${i.displayName} ` : "",
            i.verified === false
              ? h("span", { class: "badge late", "data-verified": "false", text: T.unverifiedClaim })
              : h("code", { text: i.externalId }),
            i.reachable === false ? h("span", { class: "badge late", text: T.unreachable }) : null,
          ),
        ),
      ),
      h("h4", { text: T.pastTickets }),
      data.tickets.length
        ? h(
            "ul",
            { class: "past" },
            data.tickets.map((pt) =>
              h(
                "li",
                { "data-id": pt.id, "data-status": pt.status },
                h(
                  "a",
                  {
                    href: `#t=${pt.id}`,
                    onclick: (ev) => {
                      ev.preventDefault();
                      openTicket(pt.id);
                    },
                  },
                  h("span", { class: "num", text: pt.number }),
                  ` ${pt.subject}`,
                ),
                " ",
                badge(`st st-${pt.status}`, T.statuses[pt.status] ?? pt.status),
              ),
            ),
          )
        : h("p", { class: "meta", text: T.none }),
    );
  }

  // ---------- staff names for everyone; admins may assign to anyone ----------

  async function loadStaff() {
    try {
      const { staff } = await api("GET", "/directory");
      for (const u of staff) state.names.set(u.id, u.name);
      state.staff = me.role === "admin" ? staff : null;
      renderList();
      renderTicketHeader();
    } catch {
      state.staff = null;
    }
  }

  // ---------- presence ----------

  let typingSince = 0;
  let typingTimer = 0;
  function onTyping(ev) {
    const id = state.selectedId;
    if (!id) return;
    const draft = state.drafts.get(id) ?? {};
    draft[ev.target.id === "rd-note" ? "note" : "reply"] = ev.target.value;
    state.drafts.set(id, draft);
    if (Date.now() - typingSince > 3000) {
      typingSince = Date.now();
      sendPresence(id, "typing");
    }
    clearTimeout(typingTimer);
    typingTimer = setTimeout(() => {
      typingSince = 0;
      if (state.selectedId === id) sendPresence(id, "viewing");
    }, 4000);
  }

  function sendPresence(ticketId, presenceState) {
    const ws = feed.ws;
    if (!ticketId || !ws || ws.readyState !== WebSocket.OPEN) return;
    ws.send(JSON.stringify({ type: "presence", ticketId, state: presenceState }));
  }

  const PRESENCE_TTL_MS = 60_000;
  function onPresence(e) {
    if (!e.ticketId || !e.staffId || e.staffId === me.staffId) return;
    if (e.name) state.names.set(e.staffId, e.name);
    // One person is in one place: drop them from any other ticket.
    for (const [tid, people] of state.presence) {
      if (tid !== e.ticketId && people.delete(e.staffId) && people.size === 0) state.presence.delete(tid);
    }
    let people = state.presence.get(e.ticketId);
    if (e.state === "idle") people?.delete(e.staffId);
    else {
      if (!people) {
        people = new Map();
        state.presence.set(e.ticketId, people);
      }
      people.set(e.staffId, { name: e.name || state.names.get(e.staffId) || T.staff, state: e.state, at: Date.now() });
    }
    if (people && people.size === 0) state.presence.delete(e.ticketId);
    renderPresence();
  }

  function renderPresence() {
    renderList();
    const line = $("rd-presence");
    if (line && state.selectedId) line.textContent = presenceText(state.selectedId) ?? "";
  }

  function expirePresence() {
    let changed = false;
    for (const [tid, people] of state.presence) {
      for (const [sid, p] of people) {
        if (Date.now() - p.at > PRESENCE_TTL_MS) {
          people.delete(sid);
          changed = true;
        }
      }
      if (people.size === 0) state.presence.delete(tid);
    }
    if (changed) renderPresence();
  }

  // ---------- the live feed ----------

  const feed = { ws: null, attempt: 0, timer: 0, holdUntil: 0, opened: false, pingTimer: 0 };

  function setLive(status) {
    const el = $("rd-live");
    el.dataset.state = status;
    el.textContent = T.feed[status] ?? status;
  }

  function connect() {
    clearTimeout(feed.timer);
    if (feed.ws) return;
    const proto = location.protocol === "https:" ? "wss:" : "ws:";
    const since = state.lastSeq === null ? "" : `?since=${state.lastSeq}`;
    const ws = new WebSocket(`${proto}//${location.host}/api/staff/feed${since}`);
    feed.ws = ws;
    feed.opened = false;
    setLive("connecting");
    ws.addEventListener("open", () => {
      feed.opened = true;
      feed.attempt = 0;
      clearInterval(feed.pingTimer);
      feed.pingTimer = setInterval(() => ws.readyState === WebSocket.OPEN && ws.send("ping"), 25_000);
    });
    ws.addEventListener("message", (ev) => {
      if (typeof ev.data !== "string" || ev.data === "pong") return;
      let event;
      try {
        event = JSON.parse(ev.data);
      } catch {
        return;
      }
      onEvent(event);
    });
    ws.addEventListener("close", (ev) => {
      if (feed.ws !== ws) return;
      feed.ws = null;
      clearInterval(feed.pingTimer);
      setLive("offline");
      // Refused before opening, or closed because the credentials ended (4401: token revoked, user disabled,
      // session revoked): api() sends us to sign-in on the 401 that follows.
      if (!feed.opened || ev.code === 4401) api("GET", "/me").catch(() => {});
      scheduleReconnect();
    });
  }

  /** Exponential backoff with jitter: 0.5 s, 1 s, 2 s … up to 15 s. */
  function scheduleReconnect() {
    const base = Math.min(15_000, 500 * 2 ** feed.attempt);
    feed.attempt += 1;
    const delay = Math.max(base / 2 + (Math.random() * base) / 2, feed.holdUntil - Date.now());
    clearTimeout(feed.timer);
    feed.timer = setTimeout(connect, delay);
  }

  let helloCount = 0;
  function onEvent(e) {
    if (e.type === "hello") {
      helloCount += 1;
      if (typeof e.seq === "number") state.lastSeq = Math.max(state.lastSeq ?? 0, e.seq);
      setLive("live");
      // Whatever happened while we were away (or before the socket opened) is in a fresh fetch.
      scheduleRefresh();
      if (helloCount > 1 && state.selectedId) scheduleDetail();
      if (state.selectedId) sendPresence(state.selectedId, typingSince ? "typing" : "viewing");
      return;
    }
    if (e.type === "presence") return onPresence(e);
    if (typeof e.seq === "number") {
      if (state.lastSeq !== null && e.seq <= state.lastSeq) return;
      state.lastSeq = e.seq;
    }
    if (e.type === "ticket.created" && e.ticketId) {
      state.fresh.add(e.ticketId);
      setTimeout(() => state.fresh.delete(e.ticketId) && renderList(), 4000);
    }
    scheduleRefresh();
    const selected = state.selectedId;
    if (selected && Object.values(e).includes(selected)) scheduleDetail();
    else if (state.contact?.tickets.some((pt) => Object.values(e).includes(pt.id))) scheduleContact();
  }

  let contactTimer = 0;
  function scheduleContact() {
    clearTimeout(contactTimer);
    contactTimer = setTimeout(() => loadContact().catch(() => {}), 60);
  }

  // ---------- keyboard ----------

  function move(step) {
    if (!state.tickets.length) return;
    const i = state.tickets.findIndex((t) => t.id === state.selectedId);
    const next = i < 0 ? 0 : Math.min(state.tickets.length - 1, Math.max(0, i + step));
    openTicket(state.tickets[next].id);
  }

  function toggleHelp(show) {
    const help = $("rd-help");
    help.hidden = show === undefined ? !help.hidden : !show;
  }

  function onKey(ev) {
    if (ev.defaultPrevented || ev.ctrlKey || ev.metaKey || ev.altKey) return;
    const el = ev.target;
    const typing = el instanceof HTMLElement && (el.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(el.tagName));
    if (ev.key === "Escape") {
      if (typing) el.blur();
      else if (!$("rd-help").hidden) $("rd-help").hidden = true;
      else if (state.selectedId) closeTicket();
      return;
    }
    if (typing) return;
    const actions = {
      j: () => move(1),
      k: () => move(-1),
      r: () => state.selectedId && showComposer("reply", true),
      n: () => state.selectedId && showComposer("note", true),
      e: () =>
        state.detail && !["resolved", "closed"].includes(state.detail.ticket.status) && patch({ status: "resolved" }),
      "/": () => $("rd-search").focus(),
      "?": () => toggleHelp(),
    };
    const action = actions[ev.key];
    if (!action) return;
    ev.preventDefault();
    action();
  }

  // ---------- wiring ----------

  function setView(view) {
    state.view = view;
    for (const b of document.querySelectorAll("#rd-views [data-view]")) {
      b.setAttribute("aria-pressed", String(b.dataset.view === view));
    }
    $("rd-view-select").value = view;
    loadList(true).catch(fail);
  }

  function fromHash() {
    const m = /^#t=([a-z]{2,4}_[a-z0-9]+)$/.exec(location.hash);
    if (m && m[1] !== state.selectedId) openTicket(m[1], { keepFocus: true });
    else if (!m && state.selectedId) closeTicket();
  }

  for (const b of document.querySelectorAll("#rd-views [data-view]")) {
    b.addEventListener("click", () => setView(b.dataset.view));
  }
  $("rd-view-select").addEventListener("change", (ev) => setView(ev.target.value));
  for (const name of ["status", "priority", "category"]) {
    $(`rd-filter-${name}`).addEventListener("change", (ev) => {
      state.filters[name] = ev.target.value;
      loadList(true).catch(fail);
    });
  }
  let searchTimer = 0;
  $("rd-search-form").addEventListener("submit", (ev) => {
    ev.preventDefault();
    clearTimeout(searchTimer);
    state.q = $("rd-search").value.trim();
    loadList(true).catch(fail);
  });
  $("rd-search").addEventListener("input", () => {
    clearTimeout(searchTimer);
    searchTimer = setTimeout(() => {
      state.q = $("rd-search").value.trim();
      loadList(true).catch(fail);
    }, 250);
  });
  $("rd-more").addEventListener("click", () => {
    state.wanted += PAGE;
    loadList(false).catch(fail);
  });
  $("rd-help-close").addEventListener("click", () => toggleHelp(false));
  document.addEventListener("keydown", onKey);
  window.addEventListener("hashchange", fromHash);
  window.addEventListener("popstate", fromHash);
  window.addEventListener("pagehide", () => state.selectedId && sendPresence(state.selectedId, "idle"));
  window.addEventListener("online", () => {
    if (!feed.ws) connect();
  });
  setInterval(expirePresence, 10_000);
  // Keep presence fresh for others (it expires after a minute without news) and times relative.
  setInterval(() => {
    if (state.selectedId && document.visibilityState === "visible") {
      sendPresence(state.selectedId, typingSince ? "typing" : "viewing");
    }
    for (const el of document.querySelectorAll("time[datetime]"))
      el.textContent = relative(el.getAttribute("datetime"));
  }, 25_000);

  /** A hook for tests and debugging: drop the live connection as a network failure would. */
  window.relaydeskInbox = {
    dropFeed(holdMs = 0) {
      feed.holdUntil = Date.now() + holdMs;
      feed.ws?.close(4000, "dropped");
    },
    lastSeq: () => state.lastSeq,
  };

  loadList(false).catch(fail);
  loadCanned();
  loadStaff();
  connect();
  fromHash();
})();
