/** @jsxImportSource hono/jsx/dom */
/** API tokens: issue one for a staff member (shown once, with a copy button), list them by prefix, revoke. */
import { useState } from "hono/jsx/dom";
import { api, ok, t } from "../api";
import { ConfirmButton, FormCard, ResourceTable, TextField, useDraft, useResource } from "../resource";
import { fill, tokenShown } from "../state";
import { Screen, Status, useList, when } from "../ui";

/** The new token, held only until the admin dismisses it: it is never shown again. */
function Reveal(props: { token: string; onDone: () => void }) {
  const [copied, setCopied] = useState(false);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(props.token);
      setCopied(true);
    } catch {
      // No clipboard (plain http, a denied permission): select the text so Ctrl+C works.
      const range = document.createRange();
      const code = document.getElementById("rd-new-token");
      if (code) range.selectNodeContents(code);
      getSelection()?.removeAllRanges();
      getSelection()?.addRange(range);
    }
  };
  return (
    <div class="reveal" role="status">
      <strong>{t.tokens.showOnce}</strong>
      <code id="rd-new-token">{props.token}</code>
      <div class="row">
        <button type="button" id="rd-copy-token" onClick={() => void copy()}>
          {copied ? t.tokens.copied : t.tokens.copy}
        </button>
        <button type="button" class="secondary" id="rd-token-done" onClick={props.onDone}>
          {t.tokens.done}
        </button>
      </div>
    </div>
  );
}

export function TokensScreen() {
  const users = useList(async () => (await ok(api.users.$get())).users);
  const r = useResource(async () => (await ok(api.tokens.$get())).tokens);
  const { draft, setDraft, set } = useDraft({ staffId: "", label: "" });
  const [fresh, setFresh] = useState<string | null>(null);
  const issuable = (users.items ?? []).filter((u) => !u.disabled && u.id !== "stf_bootstrap");
  const nameOf = (id: string) => users.items?.find((u) => u.id === id)?.name ?? id;
  const chosen = draft.staffId || issuable[0]?.id || "";

  const create = (e: Event) => {
    e.preventDefault();
    void r.act.run(async () => {
      const res = await ok(
        api.users[":id"].tokens.$post({ param: { id: chosen }, json: { name: draft.label || undefined } }),
      );
      r.put(res.tokenInfo);
      setFresh(res.token);
      setDraft((d) => ({ ...d, label: "" }));
    });
  };
  const revoke = (id: string) =>
    r.act.run(async () => {
      r.put((await ok(api.tokens[":id"].$delete({ param: { id } }))).token);
      r.confirm.cancel();
    }, t.tokens.revoked);

  return (
    <Screen title={t.screens.tokens} intro={t.tokens.intro}>
      {fresh ? <Reveal token={fresh} onDone={() => setFresh(null)} /> : null}
      <FormCard title={t.tokens.newToken} id="rd-token-form" onSubmit={create}>
        <label>
          {t.tokens.forUser}
          <select onChange={set("staffId")} required>
            {issuable.map((u) => (
              <option value={u.id} selected={u.id === chosen}>
                {u.name} ({t.roles[u.role]})
              </option>
            ))}
          </select>
        </label>
        <TextField label={t.tokens.tokenName} maxLength={100} value={draft.label} onInput={set("label")} />
        <button type="submit" disabled={r.act.busy || !chosen}>
          {t.create}
        </button>
      </FormCard>
      <Status error={r.act.error} notice={r.act.notice} />
      <ResourceTable
        id="rd-tokens"
        list={r.list}
        error={r.list.error ?? users.error}
        order={(items) => [...items].reverse()}
        columns={[
          { label: t.tokens.tokenName, cell: (k) => k.name },
          { label: t.tokens.forUser, cell: (k) => nameOf(k.staffId) },
          { label: t.tokens.token, cell: (k) => tokenShown(k.prefix), class: "mono token-prefix" },
          { label: t.created, cell: (k) => when(k.createdAt) },
          { label: t.lastUsed, cell: (k) => when(k.lastUsedAt) },
        ]}
        actions={(k) =>
          k.revokedAt ? (
            <span class="pill off">{t.tokens.revoked}</span>
          ) : (
            <ConfirmButton
              id={k.id}
              confirm={r.confirm}
              label={t.tokens.revoke}
              question={fill(t.tokens.confirmRevoke, { name: k.name })}
              onYes={() => void revoke(k.id)}
            />
          )
        }
      />
    </Screen>
  );
}
