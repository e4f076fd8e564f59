/** @jsxImportSource hono/jsx/dom */
/** Staff users: create, change role, deactivate and reactivate. */
import { useState } from "hono/jsx/dom";
import { api, boot, ok, t } from "../api";
import { fill, upsertById } from "../state";
import { Confirm, inputValue, ListState, Screen, Status, useAction, useList, when } from "../ui";

const BOOTSTRAP = "stf_bootstrap";
type Role = "agent" | "admin";

export function UsersScreen() {
  const list = useList(async () => (await ok(api.users.$get())).users);
  const act = useAction();
  const [name, setName] = useState("");
  const [email, setEmail] = useState("");
  const [role, setRole] = useState<Role>("agent");
  const [confirming, setConfirming] = useState<string | null>(null);

  const create = (e: Event) => {
    e.preventDefault();
    void act.run(async () => {
      const json = { name, role, ...(email.trim() ? { email } : {}) };
      const { user } = await ok(api.users.$post({ json }));
      list.setItems((items) => upsertById(items ?? [], user));
      setName("");
      setEmail("");
    }, t.saved);
  };
  const patch = (id: string, json: { role?: Role; disabled?: boolean }) =>
    act.run(async () => {
      const { user } = await ok(api.users[":id"].$patch({ param: { id }, json }));
      if (user) list.setItems((items) => upsertById(items ?? [], user));
      setConfirming(null);
    }, t.saved);

  return (
    <Screen title={t.screens.users} intro={t.users.intro}>
      <div class="card">
        <h2>{t.users.newUser}</h2>
        <form class="grid" onSubmit={create} id="rd-user-form">
          <label>
            {t.name}
            <input type="text" required maxLength={100} value={name} onInput={(e: Event) => setName(inputValue(e))} />
          </label>
          <label>
            {t.email}
            <input type="email" maxLength={254} value={email} onInput={(e: Event) => setEmail(inputValue(e))} />
          </label>
          <label>
            {t.role}
            <select onChange={(e: Event) => setRole(inputValue(e) as Role)}>
              <option value="agent" selected={role === "agent"}>
                {t.roles.agent}
              </option>
              <option value="admin" selected={role === "admin"}>
                {t.roles.admin}
              </option>
            </select>
          </label>
          <button type="submit" disabled={act.busy}>
            {t.create}
          </button>
        </form>
      </div>
      <Status error={act.error} notice={act.notice} />
      <ListState items={list.items} error={list.error}>
        <table id="rd-users">
          <thead>
            <tr>
              <th>{t.name}</th>
              <th>{t.email}</th>
              <th>{t.role}</th>
              <th>{t.status}</th>
              <th>{t.created}</th>
              <th>
                <span class="sr">{t.actions}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {(list.items ?? []).map((u) => {
              const fixed = u.id === BOOTSTRAP || u.id === boot.me.staffId;
              return (
                <tr data-id={u.id} key={u.id}>
                  <td data-label={t.name}>
                    <strong>{u.name}</strong>{" "}
                    {u.id === boot.me.staffId ? <span class="pill">{t.users.you}</span> : null}
                  </td>
                  <td data-label={t.email}>{u.email ?? "—"}</td>
                  <td data-label={t.role}>
                    <select
                      aria-label={`${t.role}: ${u.name}`}
                      disabled={fixed || act.busy}
                      onChange={(e: Event) => void patch(u.id, { role: inputValue(e) as Role })}
                    >
                      <option value="agent" selected={u.role === "agent"}>
                        {t.roles.agent}
                      </option>
                      <option value="admin" selected={u.role === "admin"}>
                        {t.roles.admin}
                      </option>
                    </select>
                  </td>
                  <td data-label={t.status}>
                    <span class={u.disabled ? "pill off" : "pill ok"}>{u.disabled ? t.disabled : t.active}</span>
                  </td>
                  <td data-label={t.created}>{when(u.createdAt)}</td>
                  <td class="acts">
                    {fixed ? null : u.disabled ? (
                      <button
                        type="button"
                        class="secondary small"
                        onClick={() => void patch(u.id, { disabled: false })}
                      >
                        {t.reactivate}
                      </button>
                    ) : confirming === u.id ? (
                      <Confirm
                        text={fill(t.confirmDeactivate, { name: u.name })}
                        yes={t.deactivate}
                        onYes={() => void patch(u.id, { disabled: true })}
                        onNo={() => setConfirming(null)}
                      />
                    ) : (
                      <button type="button" class="danger small" onClick={() => setConfirming(u.id)}>
                        {t.deactivate}
                      </button>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </ListState>
    </Screen>
  );
}
