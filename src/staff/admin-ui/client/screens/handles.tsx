/** @jsxImportSource hono/jsx/dom */
/** The official accounts customers check at /verify: add, remove. */
import { api, ok, t } from "../api";
import { ConfirmButton, FormCard, ResourceTable, SelectField, TextField, useDraft, useResource } from "../resource";
import { fill } from "../state";
import { Screen, Status, when } from "../ui";

type Kind = keyof typeof t.handles.kinds;
const KINDS = Object.keys(t.handles.kinds) as Kind[];
const EMPTY = { kind: "telegram" as Kind, value: "", label: "" };

export function HandlesScreen() {
  const r = useResource(async () => (await ok(api["official-handles"].$get())).handles);
  const { draft, setDraft, set } = useDraft(EMPTY);

  const add = (e: Event) => {
    e.preventDefault();
    void r.act.run(async () => {
      const json = { kind: draft.kind, value: draft.value, label: draft.label || null };
      r.put((await ok(api["official-handles"].$post({ json }))).handle);
      setDraft((d) => ({ ...d, value: "", label: "" }));
    }, t.saved);
  };
  const remove = (id: string) => r.remove(id, () => ok(api["official-handles"][":id"].$delete({ param: { id } })));

  return (
    <Screen title={t.screens.handles} intro={t.handles.intro}>
      <FormCard title={t.handles.newHandle} id="rd-handle-form" onSubmit={add}>
        <SelectField
          label={t.handles.kind}
          value={draft.kind}
          options={KINDS.map((k) => [k, t.handles.kinds[k]] as const)}
          onChange={set("kind")}
        />
        <TextField label={t.handles.value} required maxLength={300} value={draft.value} onInput={set("value")} />
        <TextField label={t.handles.label} maxLength={100} value={draft.label} onInput={set("label")} />
        <button type="submit" disabled={r.act.busy}>
          {t.add}
        </button>
      </FormCard>
      <Status error={r.act.error} notice={r.act.notice} />
      <ResourceTable
        id="rd-handles"
        list={r.list}
        columns={[
          { label: t.handles.kind, cell: (h) => t.handles.kinds[h.kind] },
          { label: t.handles.value, cell: (h) => h.value, class: "mono" },
          { label: t.handles.label, cell: (h) => h.label ?? "—" },
          { label: t.created, cell: (h) => when(h.createdAt) },
        ]}
        actions={(h) => (
          <ConfirmButton
            id={h.id}
            confirm={r.confirm}
            label={t.delete}
            question={fill(t.confirmDelete, { name: h.value })}
            onYes={() => void remove(h.id)}
          />
        )}
      />
    </Screen>
  );
}
