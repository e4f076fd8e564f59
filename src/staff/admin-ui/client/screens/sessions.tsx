/** @jsxImportSource hono/jsx/dom */
/** Live browser sessions, and signing one out. */
import { useState } from "hono/jsx/dom";
import { api, ok, t } from "../api";
import { fill, removeById } from "../state";
import { Confirm, ListState, Screen, Status, useAction, useList, when } from "../ui";

export function SessionsScreen() {
  const list = useList(async () => (await ok(api.sessions.$get({ query: {} }))).sessions);
  const act = useAction();
  const [confirming, setConfirming] = useState<string | null>(null);
  const revoke = (id: string) =>
    act.run(async () => {
      await ok(api.sessions[":id"].$delete({ param: { id } }));
      list.setItems((items) => removeById(items ?? [], id));
      setConfirming(null);
    }, t.deleted);

  return (
    <Screen title={t.screens.sessions} intro={t.sessions.intro}>
      <Status error={act.error} notice={act.notice} />
      <ListState items={list.items} error={list.error}>
        <table id="rd-sessions">
          <thead>
            <tr>
              <th>{t.sessions.staff}</th>
              <th>{t.sessions.via}</th>
              <th>{t.created}</th>
              <th>{t.lastUsed}</th>
              <th>{t.sessions.expires}</th>
              <th>
                <span class="sr">{t.actions}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {(list.items ?? []).map((s) => (
              <tr data-id={s.id} key={s.id}>
                <td data-label={t.sessions.staff}>
                  <strong>{s.staffName}</strong>
                </td>
                <td data-label={t.sessions.via}>{t.sessions.vias[s.via] ?? s.via}</td>
                <td data-label={t.created}>{when(s.createdAt)}</td>
                <td data-label={t.lastUsed}>{when(s.lastUsedAt)}</td>
                <td data-label={t.sessions.expires}>{when(s.expiresAt)}</td>
                <td class="acts">
                  {confirming === s.id ? (
                    <Confirm
                      text={fill(t.sessions.confirmRevoke, { name: s.staffName })}
                      yes={t.sessions.revoke}
                      onYes={() => void revoke(s.id)}
                      onNo={() => setConfirming(null)}
                    />
                  ) : (
                    <button type="button" class="danger small" onClick={() => setConfirming(s.id)}>
                      {t.sessions.revoke}
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
