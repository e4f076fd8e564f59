/** @jsxImportSource hono/jsx/dom */
/** Staff users: create, change role, deactivate and reactivate. */
import { api, boot, ok, t } from "../api";
import { ConfirmButton, FormCard, ResourceTable, SelectField, TextField, useDraft, useResource } from "../resource";
import { fill } from "../state";
import { inputValue, Screen, Status, when } from "../ui";

const BOOTSTRAP = "stf_bootstrap";
type Role = "agent" | "admin";
const EMPTY = { name: "", email: "", role: "agent" as Role };
const ROLES = (["agent", "admin"] as const).map((r) => [r, t.roles[r]] as const);

export function UsersScreen() {
  const r = useResource(async () => (await ok(api.users.$get())).users);
  const { draft, setDraft, set } = useDraft(EMPTY);

  const create = (e: Event) => {
    e.preventDefault();
    void r.act.run(async () => {
      const json = { name: draft.name, role: draft.role, ...(draft.email.trim() ? { email: draft.email } : {}) };
      r.put((await ok(api.users.$post({ json }))).user);
      setDraft((d) => ({ ...d, name: "", email: "" }));
    }, t.saved);
  };
  const patch = (id: string, json: { role?: Role; disabled?: boolean }) =>
    r.act.run(async () => {
      r.put((await ok(api.users[":id"].$patch({ param: { id }, json }))).user);
      r.confirm.cancel();
    }, t.saved);

  return (
    <Screen title={t.screens.users} intro={t.users.intro}>
      <FormCard title={t.users.newUser} id="rd-user-form" onSubmit={create}>
        <TextField label={t.name} required maxLength={100} value={draft.name} onInput={set("name")} />
        <TextField label={t.email} type="email" maxLength={254} value={draft.email} onInput={set("email")} />
        <SelectField label={t.role} value={draft.role} options={ROLES} onChange={set("role")} />
        <button type="submit" disabled={r.act.busy}>
          {t.create}
        </button>
      </FormCard>
      <Status error={r.act.error} notice={r.act.notice} />
      <ResourceTable
        id="rd-users"
        list={r.list}
        columns={[
          {
            label: t.name,
            cell: (u) => (
              <>
                <strong>{u.name}</strong> {u.id === boot.me.staffId ? <span class="pill">{t.users.you}</span> : null}
              </>
            ),
          },
          { label: t.email, cell: (u) => u.email ?? "—" },
          {
            label: t.role,
            cell: (u) => (
              <select
                aria-label={`${t.role}: ${u.name}`}
                disabled={u.id === BOOTSTRAP || u.id === boot.me.staffId || r.act.busy}
                onChange={(e: Event) => void patch(u.id, { role: inputValue(e) as Role })}
              >
                {ROLES.map(([v, text]) => (
                  <option value={v} selected={u.role === v}>
                    {text}
                  </option>
                ))}
              </select>
            ),
          },
          {
            label: t.status,
            cell: (u) => <span class={u.disabled ? "pill off" : "pill ok"}>{u.disabled ? t.disabled : t.active}</span>,
          },
          { label: t.created, cell: (u) => when(u.createdAt) },
        ]}
        actions={(u) =>
          u.id === BOOTSTRAP || u.id === boot.me.staffId ? null : u.disabled ? (
            <button type="button" class="secondary small" onClick={() => void patch(u.id, { disabled: false })}>
              {t.reactivate}
            </button>
          ) : (
            <ConfirmButton
              id={u.id}
              confirm={r.confirm}
              label={t.deactivate}
              question={fill(t.confirmDeactivate, { name: u.name })}
              onYes={() => void patch(u.id, { disabled: true })}
            />
          )
        }
      />
    </Screen>
  );
}
