/** @jsxImportSource hono/jsx/dom */
/** The official accounts customers check at /verify: add, remove. */
import { useState } from "hono/jsx/dom";
import { api, ok, t } from "../api";
import { fill, removeById, upsertById } from "../state";
import { Confirm, inputValue, ListState, Screen, Status, useAction, useList, when } from "../ui";

type Kind = keyof typeof t.handles.kinds;
const KINDS = Object.keys(t.handles.kinds) as Kind[];

export function HandlesScreen() {
  const list = useList(async () => (await ok(api["official-handles"].$get())).handles);
  const act = useAction();
  const [kind, setKind] = useState<Kind>("telegram");
  const [value, setValue] = useState("");
  const [label, setLabel] = useState("");
  const [confirming, setConfirming] = useState<string | null>(null);

  const add = (e: Event) => {
    e.preventDefault();
    void act.run(async () => {
      const { handle } = await ok(api["official-handles"].$post({ json: { kind, value, label: label || null } }));
      list.setItems((items) => upsertById(items ?? [], handle));
      setValue("");
      setLabel("");
    }, t.saved);
  };
  const remove = (id: string) =>
    act.run(async () => {
      await ok(api["official-handles"][":id"].$delete({ param: { id } }));
      list.setItems((items) => removeById(items ?? [], id));
      setConfirming(null);
    }, t.deleted);

  return (
    <Screen title={t.screens.handles} intro={t.handles.intro}>
      <div class="card">
        <h2>{t.handles.newHandle}</h2>
        <form class="grid" onSubmit={add} id="rd-handle-form">
          <label>
            {t.handles.kind}
            <select onChange={(e: Event) => setKind(inputValue(e) as Kind)}>
              {KINDS.map((k) => (
                <option value={k} selected={kind === k}>
                  {t.handles.kinds[k]}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t.handles.value}
            <input type="text" required maxLength={300} value={value} onInput={(e: Event) => setValue(inputValue(e))} />
          </label>
          <label>
            {t.handles.label}
            <input type="text" maxLength={100} value={label} onInput={(e: Event) => setLabel(inputValue(e))} />
          </label>
          <button type="submit" disabled={act.busy}>
            {t.add}
          </button>
        </form>
      </div>
      <Status error={act.error} notice={act.notice} />
      <ListState items={list.items} error={list.error}>
        <table id="rd-handles">
          <thead>
            <tr>
              <th>{t.handles.kind}</th>
              <th>{t.handles.value}</th>
              <th>{t.handles.label}</th>
              <th>{t.created}</th>
              <th>
                <span class="sr">{t.actions}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {(list.items ?? []).map((h) => (
              <tr data-id={h.id} key={h.id}>
                <td data-label={t.handles.kind}>{t.handles.kinds[h.kind]}</td>
                <td data-label={t.handles.value} class="mono">
                  {h.value}
                </td>
                <td data-label={t.handles.label}>{h.label ?? "—"}</td>
                <td data-label={t.created}>{when(h.createdAt)}</td>
                <td class="acts">
                  {confirming === h.id ? (
                    <Confirm
                      text={fill(t.confirmDelete, { name: h.value })}
                      yes={t.delete}
                      onYes={() => void remove(h.id)}
                      onNo={() => setConfirming(null)}
                    />
                  ) : (
                    <button type="button" class="danger small" onClick={() => setConfirming(h.id)}>
                      {t.delete}
                    </button>
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
