/** @jsxImportSource hono/jsx/dom */
/** Incidents: create, tag tickets, resolve, and broadcast an update to their customers (after a confirmation). */
import { useState } from "hono/jsx/dom";
import { api, jsonInit, ok, t } from "../api";
import { fill, parseTicketIds, upsertById } from "../state";
import { Confirm, inputValue, ListState, Screen, Status, useAction, useList, when } from "../ui";

type Incident = Awaited<ReturnType<typeof loadIncidents>>[number];
const loadIncidents = async () => (await ok(api.incidents.$get())).incidents;

/** Ticket ids from a text box, or an error naming the words that are not ids. */
function idsFrom(text: string): string[] {
  const { ids, bad } = parseTicketIds(text);
  if (bad.length) throw new Error(`${t.incidents.ticketIds}: ${bad.join(" ")}`);
  return ids;
}

function IncidentDetail(props: { incident: Incident; onChange: (i: Incident) => void }) {
  const { incident } = props;
  const act = useAction();
  const tickets = useList(async () => (await ok(api.incidents[":id"].$get({ param: { id: incident.id } }))).ticketIds);
  const [more, setMore] = useState("");
  const [body, setBody] = useState("");
  const [bodyZh, setBodyZh] = useState("");
  const [confirming, setConfirming] = useState(false);
  // One key per draft: a retried send of the same update is answered with the first broadcast, not sent twice.
  const [key, setKey] = useState(() => crypto.randomUUID());
  const param = { id: incident.id };

  const tag = (e: Event) => {
    e.preventDefault();
    void act.run(async () => {
      const res = await ok(api.incidents[":id"].tickets.$post({ param }, jsonInit({ ticketIds: idsFrom(more) })));
      tickets.setItems(res.ticketIds);
      props.onChange({ ...incident, ticketCount: res.ticketIds.length });
      setMore("");
    }, t.saved);
  };
  const setStatus = (status: "open" | "resolved") =>
    void act.run(async () => {
      const res = await ok(api.incidents[":id"].$patch({ param }, jsonInit({ status })));
      if (res.incident) props.onChange(res.incident);
    }, t.saved);
  const send = () =>
    void act.run(
      async () => {
        setConfirming(false);
        const json = { body, ...(bodyZh.trim() ? { bodyZh } : {}) };
        const res = await ok(
          api.incidents[":id"].broadcasts.$post({ param }, jsonInit(json, { "Idempotency-Key": key })),
        );
        setBody("");
        setBodyZh("");
        setKey(crypto.randomUUID());
        return res;
      },
      fill(t.incidents.sent, { count: incident.ticketCount }),
    );

  return (
    <div class="card" id="rd-incident-detail">
      <h2>{incident.title}</h2>
      <p class="meta">
        {t.incidents.tickets}: {(tickets.items ?? []).join(", ") || "—"}
      </p>
      <form class="grid" onSubmit={tag}>
        <label class="wide">
          {t.incidents.ticketIds}
          <input type="text" value={more} onInput={(e: Event) => setMore(inputValue(e))} />
        </label>
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
      <h2 style="margin-top:1rem">{t.incidents.broadcast}</h2>
      <form
        class="grid"
        id="rd-broadcast-form"
        onSubmit={(e: Event) => {
          e.preventDefault();
          setConfirming(true);
        }}
      >
        <label class="wide">
          {t.incidents.body}
          <textarea required maxLength={4000} value={body} onInput={(e: Event) => setBody(inputValue(e))} />
        </label>
        <label class="wide">
          {t.incidents.bodyZh}
          <textarea maxLength={4000} value={bodyZh} onInput={(e: Event) => setBodyZh(inputValue(e))} />
        </label>
        <button type="submit" disabled={act.busy || confirming || !body.trim()}>
          {t.incidents.send}
        </button>
      </form>
      {confirming ? (
        <Confirm
          text={fill(t.incidents.confirmSend, { count: incident.ticketCount })}
          yes={t.incidents.sendNow}
          onYes={send}
          onNo={() => setConfirming(false)}
        />
      ) : null}
      <Status error={act.error ?? tickets.error} notice={act.notice} />
    </div>
  );
}

export function IncidentsScreen() {
  const list = useList(loadIncidents);
  const act = useAction();
  const [title, setTitle] = useState("");
  const [ids, setIds] = useState("");
  const [open, setOpen] = useState<string | null>(null);
  const update = (i: Incident) => list.setItems((items) => upsertById(items ?? [], i));

  const create = (e: Event) => {
    e.preventDefault();
    void act.run(async () => {
      const res = await ok(api.incidents.$post({ json: { title, ticketIds: idsFrom(ids) } }));
      list.setItems((items) => [res.incident, ...(items ?? [])]);
      setOpen(res.incident.id);
      setTitle("");
      setIds("");
    }, t.saved);
  };
  const current = list.items?.find((i) => i.id === open);

  return (
    <Screen title={t.screens.incidents} intro={t.incidents.intro}>
      <div class="card">
        <h2>{t.incidents.newIncident}</h2>
        <form class="grid" onSubmit={create} id="rd-incident-form">
          <label>
            {t.incidents.titleField}
            <input type="text" required maxLength={200} value={title} onInput={(e: Event) => setTitle(inputValue(e))} />
          </label>
          <label class="wide">
            {t.incidents.ticketIds}
            <input type="text" value={ids} onInput={(e: Event) => setIds(inputValue(e))} />
          </label>
          <button type="submit" disabled={act.busy}>
            {t.create}
          </button>
        </form>
      </div>
      <Status error={act.error} notice={act.notice} />
      {current ? <IncidentDetail incident={current} onChange={update} key={current.id} /> : null}
      <ListState items={list.items} error={list.error}>
        <table id="rd-incidents">
          <thead>
            <tr>
              <th>{t.incidents.titleField}</th>
              <th>{t.status}</th>
              <th>{t.incidents.tickets}</th>
              <th>{t.created}</th>
              <th>
                <span class="sr">{t.actions}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {(list.items ?? []).map((i) => (
              <tr data-id={i.id} key={i.id}>
                <td data-label={t.incidents.titleField}>
                  <strong>{i.title}</strong>
                </td>
                <td data-label={t.status}>
                  <span class={i.status === "open" ? "pill off" : "pill ok"}>
                    {i.status === "open" ? t.incidents.open : t.incidents.resolved}
                  </span>
                </td>
                <td data-label={t.incidents.tickets}>{i.ticketCount}</td>
                <td data-label={t.created}>{when(i.createdAt)}</td>
                <td class="acts">
                  <button type="button" class="secondary small" onClick={() => setOpen(open === i.id ? null : i.id)}>
                    {t.incidents.details}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </ListState>
    </Screen>
  );
}
