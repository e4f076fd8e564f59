/** @jsxImportSource hono/jsx/dom */
/** Auto-assign: the desk's on/off switch and the cap per agent, and who is online to receive tickets now. */
import { useEffect, useState } from "hono/jsx/dom";
import { api, boot, ok, t } from "../api";
import { inputValue, Screen, Status, useAction } from "../ui";

type Answer = Awaited<ReturnType<typeof load>>;
const load = () => ok(api["auto-assign"].$get());

export function AssignScreen() {
  const a = boot.assign;
  const act = useAction();
  const [data, setData] = useState<Answer | null>(null);
  const [form, setForm] = useState({ enabled: false, cap: "" });
  const show = (answer: Answer) => {
    setData(answer);
    setForm({ enabled: answer.autoAssign.enabled, cap: answer.autoAssign.maxOpenPerAgent?.toString() ?? "" });
  };
  useEffect(() => {
    load().then(show, (err: Error) => act.setError(err.message));
  }, []);

  const save = (e: Event) => {
    e.preventDefault();
    void act.run(async () => {
      const cap = form.cap.trim();
      const json = { enabled: form.enabled, maxOpenPerAgent: cap ? Number(cap) : null };
      show(await ok(api["auto-assign"].$put({ json })));
    }, t.saved);
  };

  const online = data?.online;
  return (
    <Screen title={t.screens.assign} intro={a.intro}>
      <div class="card">
        <h2 id="rd-assign-state">{data?.autoAssign.enabled ? a.stateOn : a.stateOff}</h2>
        <form class="grid" onSubmit={save} id="rd-assign-form">
          <div class="field wide">
            <label class="check">
              <input
                type="checkbox"
                id="rd-assign-enabled"
                checked={form.enabled}
                aria-describedby="rd-assign-enabled-hint"
                onChange={(e: Event) => setForm((f) => ({ ...f, enabled: (e.target as HTMLInputElement).checked }))}
              />
              {a.enabled}
            </label>
            <span class="muted hint" id="rd-assign-enabled-hint">
              {a.enabledHint}
            </span>
          </div>
          <div class="field wide">
            <label>
              {a.cap}
              <input
                type="number"
                id="rd-assign-cap"
                min={1}
                max={1000}
                step={1}
                value={form.cap}
                aria-describedby="rd-assign-cap-hint"
                onInput={(e: Event) => setForm((f) => ({ ...f, cap: inputValue(e) }))}
              />
            </label>
            <span class="muted hint" id="rd-assign-cap-hint">
              {a.capHint}
            </span>
          </div>
          <button type="submit" disabled={act.busy || !data}>
            {t.save}
          </button>
        </form>
      </div>
      <Status error={act.error} notice={act.notice} />
      <div class="card">
        <h2>{a.onlineTitle}</h2>
        {!data ? (
          <p class="muted">{t.loading}</p>
        ) : online === null ? (
          <p class="muted">{a.onlineUnknown}</p>
        ) : !online?.length ? (
          <p class="muted" id="rd-assign-nobody">
            {a.nobodyOnline}
          </p>
        ) : (
          <>
            <p class="muted">{a.onlineNote}</p>
            <ul id="rd-assign-online">
              {online.map((o) => (
                <li data-id={o.staffId} key={o.staffId}>
                  <strong>{o.name}</strong> · {o.away ? a.away : a.available}
                </li>
              ))}
            </ul>
          </>
        )}
      </div>
    </Screen>
  );
}
