/** @jsxImportSource hono/jsx/dom */
/** Incidents: create (with tickets by number), open one to tag / untag tickets, resolve, and broadcast. */
import { useState } from "hono/jsx/dom";
import { api, ok, t } from "../api";
import { FormCard, ResourceTable, TextField, useDraft, useResource } from "../resource";
import { Screen, Status, when } from "../ui";
import { type Incident, IncidentDetail, loadIncidents, refsFrom } from "./incident-detail";

export function IncidentsScreen() {
  const r = useResource(loadIncidents);
  const { draft, set, reset } = useDraft({ title: "", tickets: "" });
  const [open, setOpen] = useState<string | null>(null);
  const update = (i: Incident) => r.put(i);

  const create = (e: Event) => {
    e.preventDefault();
    void r.act.run(async () => {
      const res = await ok(api.incidents.$post({ json: { title: draft.title, ...refsFrom(draft.tickets) } }));
      r.list.setItems((items) => [res.incident, ...(items ?? [])]);
      setOpen(res.incident.id);
      reset();
    }, t.saved);
  };
  const current = r.list.items?.find((i) => i.id === open);

  return (
    <Screen title={t.screens.incidents} intro={t.incidents.intro}>
      <FormCard title={t.incidents.newIncident} id="rd-incident-form" onSubmit={create}>
        <TextField label={t.incidents.titleField} required maxLength={200} value={draft.title} onInput={set("title")} />
        <TextField
          label={t.incidents.ticketIds}
          wide
          placeholder="RD-1042, RD-1043"
          value={draft.tickets}
          onInput={set("tickets")}
        />
        <button type="submit" disabled={r.act.busy}>
          {t.create}
        </button>
      </FormCard>
      <Status error={r.act.error} notice={r.act.notice} />
      {current ? <IncidentDetail incident={current} onChange={update} key={current.id} /> : null}
      <ResourceTable
        id="rd-incidents"
        list={r.list}
        columns={[
          { label: t.incidents.titleField, cell: (i) => <strong>{i.title}</strong> },
          {
            label: t.status,
            cell: (i) => (
              <span class={i.status === "open" ? "pill off" : "pill ok"}>
                {i.status === "open" ? t.incidents.open : t.incidents.resolved}
              </span>
            ),
          },
          { label: t.incidents.tickets, cell: (i) => i.ticketCount },
          { label: t.created, cell: (i) => when(i.createdAt) },
        ]}
        actions={(i) => (
          <button
            type="button"
            class="secondary small"
            aria-expanded={open === i.id ? "true" : "false"}
            onClick={() => setOpen(open === i.id ? null : i.id)}
          >
            {t.incidents.details}
          </button>
        )}
      />
    </Screen>
  );
}
