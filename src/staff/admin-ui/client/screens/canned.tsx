/** @jsxImportSource hono/jsx/dom */
/** Canned replies: create, edit, delete (the inbox offers them in its reply box). */
import { useState } from "hono/jsx/dom";
import { api, ok, t } from "../api";
import { fill, removeById, upsertById } from "../state";
import { Confirm, inputValue, ListState, Screen, Status, useAction, useList } from "../ui";

type Lang = "en" | "zh";
const EMPTY = { id: "", title: "", body: "", language: "en" as Lang };

export function CannedScreen() {
  const list = useList(async () => (await ok(api.canned.$get({ query: {} }))).canned);
  const act = useAction();
  const [draft, setDraft] = useState(EMPTY);
  const [confirming, setConfirming] = useState<string | null>(null);
  const set = (k: "title" | "body" | "language") => (e: Event) => setDraft((d) => ({ ...d, [k]: inputValue(e) }));

  const save = (e: Event) => {
    e.preventDefault();
    void act.run(async () => {
      const json = { title: draft.title, body: draft.body, language: draft.language };
      const { canned } = draft.id
        ? await ok(api.canned[":id"].$put({ param: { id: draft.id }, json }))
        : await ok(api.canned.$post({ json }));
      list.setItems((items) => upsertById(items ?? [], canned));
      setDraft(EMPTY);
    }, t.saved);
  };
  const remove = (id: string) =>
    act.run(async () => {
      await ok(api.canned[":id"].$delete({ param: { id } }));
      list.setItems((items) => removeById(items ?? [], id));
      setConfirming(null);
      if (draft.id === id) setDraft(EMPTY);
    }, t.deleted);

  return (
    <Screen title={t.screens.canned} intro={t.canned.intro}>
      <div class="card">
        <h2>{draft.id ? `${t.edit}: ${draft.title}` : t.canned.newReply}</h2>
        <form class="grid" onSubmit={save} id="rd-canned-form">
          <label>
            {t.canned.titleField}
            <input type="text" required maxLength={100} value={draft.title} onInput={set("title")} />
          </label>
          <label>
            {t.canned.language}
            <select onChange={set("language")}>
              {(["en", "zh"] as const).map((l) => (
                <option value={l} selected={draft.language === l}>
                  {t.languages[l]}
                </option>
              ))}
            </select>
          </label>
          <label class="wide">
            {t.canned.body}
            <textarea required maxLength={10_000} value={draft.body} onInput={set("body")} />
          </label>
          <button type="submit" disabled={act.busy}>
            {draft.id ? t.save : t.create}
          </button>
          {draft.id ? (
            <button type="button" class="secondary" onClick={() => setDraft(EMPTY)}>
              {t.cancel}
            </button>
          ) : null}
        </form>
      </div>
      <Status error={act.error} notice={act.notice} />
      <ListState items={list.items} error={list.error}>
        <table id="rd-canned-list">
          <thead>
            <tr>
              <th>{t.canned.titleField}</th>
              <th>{t.canned.language}</th>
              <th>{t.canned.body}</th>
              <th>
                <span class="sr">{t.actions}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {(list.items ?? []).map((c) => (
              <tr data-id={c.id} key={c.id}>
                <td data-label={t.canned.titleField}>
                  <strong>{c.title}</strong>
                </td>
                <td data-label={t.canned.language}>{t.languages[c.language]}</td>
                <td data-label={t.canned.body} class="body-cell">
                  {c.body}
                </td>
                <td class="acts">
                  {confirming === c.id ? (
                    <Confirm
                      text={fill(t.confirmDelete, { name: c.title })}
                      yes={t.delete}
                      onYes={() => void remove(c.id)}
                      onNo={() => setConfirming(null)}
                    />
                  ) : (
                    <>
                      <button type="button" class="secondary small" onClick={() => setDraft({ ...c })}>
                        {t.edit}
                      </button>
                      <button type="button" class="danger small" onClick={() => setConfirming(c.id)}>
                        {t.delete}
                      </button>
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
