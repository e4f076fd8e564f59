/** @jsxImportSource hono/jsx/dom */
/** Live browser sessions, and signing one out. */
import { api, ok, t } from "../api";
import { ConfirmButton, ResourceTable, useResource } from "../resource";
import { fill } from "../state";
import { Screen, Status, when } from "../ui";

export function SessionsScreen() {
  const r = useResource(async () => (await ok(api.sessions.$get({ query: {} }))).sessions);
  const revoke = (id: string) => r.remove(id, () => ok(api.sessions[":id"].$delete({ param: { id } })));

  return (
    <Screen title={t.screens.sessions} intro={t.sessions.intro}>
      <Status error={r.act.error} notice={r.act.notice} />
      <ResourceTable
        id="rd-sessions"
        list={r.list}
        columns={[
          { label: t.sessions.staff, cell: (s) => <strong>{s.staffName}</strong> },
          { label: t.sessions.via, cell: (s) => t.sessions.vias[s.via] ?? s.via },
          { label: t.created, cell: (s) => when(s.createdAt) },
          { label: t.lastUsed, cell: (s) => when(s.lastUsedAt) },
          { label: t.sessions.expires, cell: (s) => when(s.expiresAt) },
        ]}
        actions={(s) => (
          <ConfirmButton
            id={s.id}
            confirm={r.confirm}
            label={t.sessions.revoke}
            question={fill(t.sessions.confirmRevoke, { name: s.staffName })}
            onYes={() => void revoke(s.id)}
          />
        )}
      />
    </Screen>
  );
}
