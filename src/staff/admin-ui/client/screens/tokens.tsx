/** @jsxImportSource hono/jsx/dom */
/** API tokens: issue one for a staff member (shown once, with a copy button), list them by prefix, revoke. */
import { useState } from "hono/jsx/dom";
import { api, ok, t } from "../api";
import { fill, tokenShown, upsertById } from "../state";
import { Confirm, inputValue, ListState, Screen, Status, useAction, useList, when } from "../ui";

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
  const list = useList(async () => (await ok(api.tokens.$get())).tokens);
  const act = useAction();
  const [staffId, setStaffId] = useState("");
  const [label, setLabel] = useState("");
  const [fresh, setFresh] = useState<string | null>(null);
  const [confirming, setConfirming] = useState<string | null>(null);
  const issuable = (users.items ?? []).filter((u) => !u.disabled && u.id !== "stf_bootstrap");
  const nameOf = (id: string) => users.items?.find((u) => u.id === id)?.name ?? id;
  const chosen = staffId || issuable[0]?.id || "";

  const create = (e: Event) => {
    e.preventDefault();
    void act.run(async () => {
      const res = await ok(
        api.users[":id"].tokens.$post({ param: { id: chosen }, json: { name: label || undefined } }),
      );
      list.setItems((items) => upsertById(items ?? [], res.tokenInfo));
      setFresh(res.token);
      setLabel("");
    });
  };
  const revoke = (id: string) =>
    act.run(async () => {
      const { token } = await ok(api.tokens[":id"].$delete({ param: { id } }));
      list.setItems((items) => upsertById(items ?? [], token));
      setConfirming(null);
    }, t.tokens.revoked);

  return (
    <Screen title={t.screens.tokens} intro={t.tokens.intro}>
      {fresh ? <Reveal token={fresh} onDone={() => setFresh(null)} /> : null}
      <div class="card">
        <h2>{t.tokens.newToken}</h2>
        <form class="grid" onSubmit={create} id="rd-token-form">
          <label>
            {t.tokens.forUser}
            <select onChange={(e: Event) => setStaffId(inputValue(e))} required>
              {issuable.map((u) => (
                <option value={u.id} selected={u.id === chosen}>
                  {u.name} ({t.roles[u.role]})
                </option>
              ))}
            </select>
          </label>
          <label>
            {t.tokens.tokenName}
            <input type="text" maxLength={100} value={label} onInput={(e: Event) => setLabel(inputValue(e))} />
          </label>
          <button type="submit" disabled={act.busy || !chosen}>
            {t.create}
          </button>
        </form>
      </div>
      <Status error={act.error} notice={act.notice} />
      <ListState items={list.items} error={list.error ?? users.error}>
        <table id="rd-tokens">
          <thead>
            <tr>
              <th>{t.tokens.tokenName}</th>
              <th>{t.tokens.forUser}</th>
              <th>{t.tokens.token}</th>
              <th>{t.created}</th>
              <th>{t.lastUsed}</th>
              <th>
                <span class="sr">{t.actions}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {[...(list.items ?? [])].reverse().map((k) => (
              <tr data-id={k.id} key={k.id}>
                <td data-label={t.tokens.tokenName}>{k.name}</td>
                <td data-label={t.tokens.forUser}>{nameOf(k.staffId)}</td>
                <td data-label={t.tokens.token} class="mono token-prefix">
                  {tokenShown(k.prefix)}
                </td>
                <td data-label={t.created}>{when(k.createdAt)}</td>
                <td data-label={t.lastUsed}>{when(k.lastUsedAt)}</td>
                <td class="acts">
                  {k.revokedAt ? (
                    <span class="pill off">{t.tokens.revoked}</span>
                  ) : confirming === k.id ? (
                    <Confirm
                      text={fill(t.tokens.confirmRevoke, { name: k.name })}
                      yes={t.tokens.revoke}
                      onYes={() => void revoke(k.id)}
                      onNo={() => setConfirming(null)}
                    />
                  ) : (
                    <button type="button" class="danger small" onClick={() => setConfirming(k.id)}>
                      {t.tokens.revoke}
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
