/** @jsxImportSource hono/jsx/dom */
/** SLA policies per priority and channel, each with optional business hours. */
import { api, labels, ok, t } from "../api";
import {
  CheckField,
  ConfirmButton,
  FormCard,
  ResourceTable,
  SaveButtons,
  SelectField,
  TextField,
  useDraft,
  useResource,
} from "../resource";
import { fill, hoursLabel, minutesLabel } from "../state";
import { Screen, Status } from "../ui";

type Policy = Parameters<(typeof api)["sla-policies"]["$put"]>[0]["json"];
type Priority = Policy["priority"];
type Channel = NonNullable<Policy["channel"]>;

const PRIORITIES = Object.keys(labels.priorities) as Priority[];
const CHANNELS = ["*", ...Object.keys(labels.channels)] as Channel[];
const HOURS = { utcOffsetMinutes: 0, days: [1, 2, 3, 4, 5], start: "09:00", end: "18:00" };
const EMPTY = {
  priority: "normal" as Priority,
  channel: "*" as Channel,
  first: "60",
  next: "60",
  resolution: "1440",
  useHours: false,
  ...HOURS,
};

export function SlaScreen() {
  // Most urgent first, the fallback (all channels) before the channel-specific ones.
  const r = useResource(async () =>
    (await ok(api["sla-policies"].$get())).policies.sort(
      (a, b) =>
        PRIORITIES.indexOf(b.priority) - PRIORITIES.indexOf(a.priority) ||
        CHANNELS.indexOf(a.channel) - CHANNELS.indexOf(b.channel),
    ),
  );
  const { draft: d, setDraft: setD, set, check } = useDraft(EMPTY);
  const channelName = (c: string) =>
    c === "*" ? t.sla.allChannels : labels.channels[c as keyof typeof labels.channels];

  const save = (e: Event) => {
    e.preventDefault();
    void r.act.run(async () => {
      const json: Policy = {
        priority: d.priority,
        channel: d.channel,
        firstResponseMinutes: Number(d.first),
        nextResponseMinutes: Number(d.next),
        resolutionMinutes: Number(d.resolution),
        businessHours: d.useHours
          ? { utcOffsetMinutes: Number(d.utcOffsetMinutes), days: d.days, start: d.start, end: d.end }
          : null,
      };
      await ok(api["sla-policies"].$put({ json }));
      r.list.reload();
    }, t.saved);
  };
  const remove = (id: string) => r.remove(id, () => ok(api["sla-policies"][":id"].$delete({ param: { id } })));
  const toggleDay = (day: number) =>
    setD((x) => ({ ...x, days: x.days.includes(day) ? x.days.filter((y) => y !== day) : [...x.days, day].sort() }));
  const edit = (p: NonNullable<typeof r.list.items>[number]) =>
    setD({
      priority: p.priority,
      channel: p.channel,
      first: String(p.firstResponseMinutes),
      next: String(p.nextResponseMinutes),
      resolution: String(p.resolutionMinutes),
      useHours: Boolean(p.businessHours),
      ...(p.businessHours ?? HOURS),
    });

  return (
    <Screen title={t.screens.sla} intro={t.sla.intro}>
      <FormCard title={t.sla.newPolicy} id="rd-sla-form" onSubmit={save}>
        <SelectField
          label={t.sla.priority}
          value={d.priority}
          options={PRIORITIES.map((p) => [p, labels.priorities[p]] as const)}
          onChange={set("priority")}
        />
        <SelectField
          label={t.sla.channel}
          value={d.channel}
          options={CHANNELS.map((c) => [c, channelName(c)] as const)}
          onChange={set("channel")}
        />
        <TextField label={t.sla.firstResponse} type="number" min={1} required value={d.first} onInput={set("first")} />
        <TextField label={t.sla.nextResponse} type="number" min={1} required value={d.next} onInput={set("next")} />
        <TextField
          label={t.sla.resolution}
          type="number"
          min={1}
          required
          value={d.resolution}
          onInput={set("resolution")}
        />
        <CheckField label={t.sla.useHours} wide checked={d.useHours} onChange={check("useHours")} />
        {d.useHours ? (
          <>
            <fieldset class="field wide days">
              <legend>{t.sla.days}</legend>
              {t.sla.dayNames.map((name, day) => (
                <CheckField label={name} checked={d.days.includes(day)} onChange={() => toggleDay(day)} />
              ))}
            </fieldset>
            <TextField label={t.sla.from} type="time" required value={d.start} onInput={set("start")} />
            <TextField label={t.sla.to} type="time" required value={d.end} onInput={set("end")} />
            <TextField
              label={t.sla.utcOffset}
              type="number"
              min={-840}
              max={840}
              step={15}
              value={d.utcOffsetMinutes}
              onInput={set("utcOffsetMinutes")}
            />
          </>
        ) : null}
        <SaveButtons busy={r.act.busy} label={t.save} />
      </FormCard>
      <Status error={r.act.error} notice={r.act.notice} />
      <ResourceTable
        id="rd-sla-list"
        list={r.list}
        columns={[
          { label: t.sla.priority, cell: (p) => <strong>{labels.priorities[p.priority]}</strong> },
          {
            label: t.sla.channel,
            cell: (p) => (
              <>
                {channelName(p.channel)} {p.channel === "*" ? <span class="pill">{t.sla.fallback}</span> : null}
              </>
            ),
          },
          { label: t.sla.firstResponse, cell: (p) => minutesLabel(p.firstResponseMinutes) },
          { label: t.sla.nextResponse, cell: (p) => minutesLabel(p.nextResponseMinutes) },
          { label: t.sla.resolution, cell: (p) => minutesLabel(p.resolutionMinutes) },
          {
            label: t.sla.hours,
            cell: (p) => (p.businessHours ? hoursLabel(p.businessHours, t.sla.dayNames) : t.sla.always),
          },
        ]}
        actions={(p) => {
          const editButton = (
            <button type="button" class="secondary small" onClick={() => edit(p)}>
              {t.edit}
            </button>
          );
          // The fallback (all channels) can be changed, never deleted.
          return p.channel === "*" ? (
            editButton
          ) : (
            <ConfirmButton
              id={p.id}
              confirm={r.confirm}
              label={t.delete}
              question={fill(t.confirmDelete, { name: `${labels.priorities[p.priority]} · ${channelName(p.channel)}` })}
              onYes={() => void remove(p.id)}
            >
              {editButton}
            </ConfirmButton>
          );
        }}
      />
    </Screen>
  );
}
