/** @jsxImportSource hono/jsx/dom */
/** SLA policies per priority and channel, each with optional business hours. */
import { useState } from "hono/jsx/dom";
import { api, labels, ok, t } from "../api";
import { fill, hoursLabel, minutesLabel, removeById } from "../state";
import { Confirm, inputValue, ListState, Screen, Status, useAction, useList } from "../ui";

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
  const list = useList(async () =>
    (await ok(api["sla-policies"].$get())).policies.sort(
      (a, b) =>
        PRIORITIES.indexOf(b.priority) - PRIORITIES.indexOf(a.priority) ||
        CHANNELS.indexOf(a.channel) - CHANNELS.indexOf(b.channel),
    ),
  );
  const act = useAction();
  const [d, setD] = useState(EMPTY);
  const [confirming, setConfirming] = useState<string | null>(null);
  const set = (k: keyof typeof EMPTY) => (e: Event) => setD((x) => ({ ...x, [k]: inputValue(e) }));
  const channelName = (c: string) =>
    c === "*" ? t.sla.allChannels : labels.channels[c as keyof typeof labels.channels];

  const save = (e: Event) => {
    e.preventDefault();
    void act.run(async () => {
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
      list.reload();
    }, t.saved);
  };
  const remove = (id: string) =>
    act.run(async () => {
      await ok(api["sla-policies"][":id"].$delete({ param: { id } }));
      list.setItems((items) => removeById(items ?? [], id));
      setConfirming(null);
    }, t.deleted);
  const toggleDay = (day: number) =>
    setD((x) => ({ ...x, days: x.days.includes(day) ? x.days.filter((y) => y !== day) : [...x.days, day].sort() }));

  return (
    <Screen title={t.screens.sla} intro={t.sla.intro}>
      <div class="card">
        <h2>{t.sla.newPolicy}</h2>
        <form class="grid" onSubmit={save} id="rd-sla-form">
          <label>
            {t.sla.priority}
            <select onChange={set("priority")}>
              {PRIORITIES.map((p) => (
                <option value={p} selected={d.priority === p}>
                  {labels.priorities[p]}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t.sla.channel}
            <select onChange={set("channel")}>
              {CHANNELS.map((c) => (
                <option value={c} selected={d.channel === c}>
                  {channelName(c)}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t.sla.firstResponse}
            <input type="number" min={1} required value={d.first} onInput={set("first")} />
          </label>
          <label>
            {t.sla.nextResponse}
            <input type="number" min={1} required value={d.next} onInput={set("next")} />
          </label>
          <label>
            {t.sla.resolution}
            <input type="number" min={1} required value={d.resolution} onInput={set("resolution")} />
          </label>
          <label class="check wide">
            <input
              type="checkbox"
              checked={d.useHours}
              onChange={(e: Event) => setD((x) => ({ ...x, useHours: (e.target as HTMLInputElement).checked }))}
            />
            {t.sla.useHours}
          </label>
          {d.useHours ? (
            <>
              <fieldset class="field wide days">
                <legend>{t.sla.days}</legend>
                {t.sla.dayNames.map((name, day) => (
                  <label class="check">
                    <input type="checkbox" checked={d.days.includes(day)} onChange={() => toggleDay(day)} />
                    {name}
                  </label>
                ))}
              </fieldset>
              <label>
                {t.sla.from}
                <input type="time" required value={d.start} onInput={set("start")} />
              </label>
              <label>
                {t.sla.to}
                <input type="time" required value={d.end} onInput={set("end")} />
              </label>
              <label>
                {t.sla.utcOffset}
                <input
                  type="number"
                  min={-840}
                  max={840}
                  step={15}
                  value={d.utcOffsetMinutes}
                  onInput={set("utcOffsetMinutes")}
                />
              </label>
            </>
          ) : null}
          <button type="submit" disabled={act.busy}>
            {t.save}
          </button>
        </form>
      </div>
      <Status error={act.error} notice={act.notice} />
      <ListState items={list.items} error={list.error}>
        <table id="rd-sla-list">
          <thead>
            <tr>
              <th>{t.sla.priority}</th>
              <th>{t.sla.channel}</th>
              <th>{t.sla.firstResponse}</th>
              <th>{t.sla.nextResponse}</th>
              <th>{t.sla.resolution}</th>
              <th>{t.sla.hours}</th>
              <th>
                <span class="sr">{t.actions}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {(list.items ?? []).map((p) => (
              <tr data-id={p.id} key={p.id}>
                <td data-label={t.sla.priority}>
                  <strong>{labels.priorities[p.priority]}</strong>
                </td>
                <td data-label={t.sla.channel}>
                  {channelName(p.channel)} {p.channel === "*" ? <span class="pill">{t.sla.fallback}</span> : null}
                </td>
                <td data-label={t.sla.firstResponse}>{minutesLabel(p.firstResponseMinutes)}</td>
                <td data-label={t.sla.nextResponse}>{minutesLabel(p.nextResponseMinutes)}</td>
                <td data-label={t.sla.resolution}>{minutesLabel(p.resolutionMinutes)}</td>
                <td data-label={t.sla.hours}>
                  {p.businessHours ? hoursLabel(p.businessHours, t.sla.dayNames) : t.sla.always}
                </td>
                <td class="acts">
                  {confirming === p.id ? (
                    <Confirm
                      text={fill(t.confirmDelete, {
                        name: `${labels.priorities[p.priority]} · ${channelName(p.channel)}`,
                      })}
                      yes={t.delete}
                      onYes={() => void remove(p.id)}
                      onNo={() => setConfirming(null)}
                    />
                  ) : (
                    <>
                      <button
                        type="button"
                        class="secondary small"
                        onClick={() =>
                          setD({
                            priority: p.priority,
                            channel: p.channel,
                            first: String(p.firstResponseMinutes),
                            next: String(p.nextResponseMinutes),
                            resolution: String(p.resolutionMinutes),
                            useHours: Boolean(p.businessHours),
                            ...(p.businessHours ?? HOURS),
                          })
                        }
                      >
                        {t.edit}
                      </button>
                      {p.channel === "*" ? null : (
                        <button type="button" class="danger small" onClick={() => setConfirming(p.id)}>
                          {t.delete}
                        </button>
                      )}
                    </>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </ListState>
    </Screen>
  );
}
