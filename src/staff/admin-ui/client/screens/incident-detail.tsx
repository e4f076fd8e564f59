/** @jsxImportSource hono/jsx/dom */
/**
 * One incident: its tickets (by number, each removable after a confirmation), tagging more by number,
 * resolve / reopen, and broadcasting an update to every tagged ticket's customer (after a confirmation).
 */
import { useState } from "hono/jsx/dom";
import { api, jsonInit, labels, ok, t } from "../api";
import { ConfirmButton, FormCard, TextArea, TextField, useConfirm, useDraft } from "../resource";
import { fill, parseTicketRefs } from "../state";
import { Confirm, inputValue, Status, useAction, useList } from "../ui";

export type Incident = Awaited<ReturnType<typeof loadIncidents>>[number];
export const loadIncidents = async () => (await ok(api.incidents.$get())).incidents;

/** Ticket numbers and ids typed in a box, or an error naming the words that are neither. */
export function refsFrom(text: string): { ticketNumbers: string[]; ticketIds: string[] } {
  const { numbers, ids, bad } = parseTicketRefs(text);
  if (bad.length) throw new Error(fill(t.incidents.badRefs, { words: bad.join(" ") }));
  return { ticketNumbers: numbers, ticketIds: ids };
}

export function IncidentDetail(props: { incident: Incident; onChange: (i: Incident) => void }) {
  const { incident } = props;
  const act = useAction();
  const confirm = useConfirm();
  const param = { id: incident.id };
  const tickets = useList(async () => (await ok(api.incidents[":id"].$get({ param }))).tickets);
  const [more, setMore] = useState("");
  const { draft, set, reset } = useDraft({ body: "", bodyZh: "" });
  const [confirmingSend, setConfirmingSend] = useState(false);
  // One key per draft: a retried send of the same update is answered with the first broadcast, not sent twice.
  const [key, setKey] = useState(() => crypto.randomUUID());
  const showTickets = (list: NonNullable<typeof tickets.items>) => {
    tickets.setItems(list);
    props.onChange({ ...incident, ticketCount: list.length });
  };

  const tag = (e: Event) => {
    e.preventDefault();
    void act.run(async () => {
      const refs = refsFrom(more);
      showTickets((await ok(api.incidents[":id"].tickets.$post({ param }, jsonInit(refs)))).tickets);
      setMore("");
    }, t.saved);
  };
  const untag = (ticket: { id: string; number: string }) =>
    void act.run(
      async () => {
        const res = await ok(
          api.incidents[":id"].tickets[":ticket"].$delete({ param: { ...param, ticket: ticket.id } }),
        );
        confirm.cancel();
        showTickets(res.tickets);
      },
      fill(t.incidents.untagged, { number: ticket.number }),
    );
  const setStatus = (status: "open" | "resolved") =>
    void act.run(async () => {
      const res = await ok(api.incidents[":id"].$patch({ param }, jsonInit({ status })));
      if (res.incident) props.onChange(res.incident);
    }, t.saved);
  const send = () =>
    void act.run(
      async () => {
        setConfirmingSend(false);
        const json = { body: draft.body, ...(draft.bodyZh.trim() ? { bodyZh: draft.bodyZh } : {}) };
        await ok(api.incidents[":id"].broadcasts.$post({ param }, jsonInit(json, { "Idempotency-Key": key })));
        reset();
        setKey(crypto.randomUUID());
      },
      fill(t.incidents.sent, { count: incident.ticketCount }),
    );

  return (
    <div class="card" id="rd-incident-detail">
      <h2>{incident.title}</h2>
      <h3 class="sub">{t.incidents.tickets}</h3>
      {tickets.items && !tickets.items.length ? <p class="muted">{t.incidents.noTickets}</p> : null}
      <ul class="chips" id="rd-incident-tickets">
        {(tickets.items ?? []).map((k) => (
          <li data-id={k.id} data-number={k.number} key={k.id}>
            <a class="mono" href={`/staff#t=${k.id}`}>
              {k.number}
            </a>{" "}
            <span class="meta">{labels.statuses[k.status]}</span>
            <ConfirmButton
              id={k.id}
              confirm={confirm}
              label={t.incidents.untag}
              question={fill(t.incidents.confirmUntag, { number: k.number })}
              onYes={() => untag(k)}
            />
          </li>
        ))}
      </ul>
      <form class="grid" onSubmit={tag} id="rd-tag-form">
        <TextField
          label={t.incidents.ticketIds}
          wide
          placeholder="RD-1042, RD-1043"
          value={more}
          onInput={(e: Event) => setMore(inputValue(e))}
        />
        <button type="submit" class="secondary" disabled={act.busy || !more.trim()}>
          {t.incidents.addTickets}
        </button>
        {incident.status === "open" ? (
          <button type="button" class="secondary" onClick={() => setStatus("resolved")}>
            {t.incidents.resolve}
          </button>
        ) : (
          <button type="button" class="secondary" onClick={() => setStatus("open")}>
            {t.incidents.reopen}
          </button>
        )}
      </form>
      <Status error={act.error ?? tickets.error} notice={act.notice} />
      <FormCard
        title={t.incidents.broadcast}
        id="rd-broadcast-form"
        onSubmit={(e: Event) => {
          e.preventDefault();
          setConfirmingSend(true);
        }}
      >
        <TextArea label={t.incidents.body} required maxLength={4000} value={draft.body} onInput={set("body")} />
        <TextArea label={t.incidents.bodyZh} maxLength={4000} value={draft.bodyZh} onInput={set("bodyZh")} />
        <button type="submit" disabled={act.busy || confirmingSend || !draft.body.trim()}>
          {t.incidents.send}
        </button>
      </FormCard>
      {confirmingSend ? (
        <Confirm
          text={fill(t.incidents.confirmSend, { count: incident.ticketCount })}
          yes={t.incidents.sendNow}
          onYes={send}
          onNo={() => setConfirmingSend(false)}
        />
      ) : null}
    </div>
  );
}
