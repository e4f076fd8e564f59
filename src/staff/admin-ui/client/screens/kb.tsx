/** @jsxImportSource hono/jsx/dom */
/** Knowledge-base articles the bot answers with: create, edit, switch off, delete. */
import { useState } from "hono/jsx/dom";
import { api, ok, t } from "../api";
import { fill, removeById, splitKeywords, upsertById } from "../state";
import { Confirm, inputValue, ListState, Screen, Status, useAction, useList } from "../ui";

type Lang = "en" | "zh";
const EMPTY = { id: "", title: "", body: "", language: "en" as Lang, keywords: "", enabled: true };

export function KbScreen() {
  const list = useList(async () => (await ok(api.kb.articles.$get({ query: {} }))).articles);
  const act = useAction();
  const [draft, setDraft] = useState(EMPTY);
  const [confirming, setConfirming] = useState<string | null>(null);
  const set = (k: "title" | "body" | "language" | "keywords") => (e: Event) =>
    setDraft((d) => ({ ...d, [k]: inputValue(e) }));

  const save = (e: Event) => {
    e.preventDefault();
    void act.run(async () => {
      const json = {
        title: draft.title,
        body: draft.body,
        language: draft.language,
        keywords: splitKeywords(draft.keywords),
        enabled: draft.enabled,
      };
      const { article } = draft.id
        ? await ok(api.kb.articles[":id"].$put({ param: { id: draft.id }, json }))
        : await ok(api.kb.articles.$post({ json }));
      if (article) list.setItems((items) => upsertById(items ?? [], article));
      setDraft(EMPTY);
    }, t.saved);
  };
  const remove = (id: string) =>
    act.run(async () => {
      await ok(api.kb.articles[":id"].$delete({ param: { id } }));
      list.setItems((items) => removeById(items ?? [], id));
      setConfirming(null);
      if (draft.id === id) setDraft(EMPTY);
    }, t.deleted);

  return (
    <Screen title={t.screens.kb} intro={t.kb.intro}>
      <div class="card">
        <h2>{draft.id ? `${t.edit}: ${draft.title}` : t.kb.newArticle}</h2>
        <form class="grid" onSubmit={save} id="rd-kb-form">
          <label>
            {t.kb.titleField}
            <input type="text" required maxLength={200} value={draft.title} onInput={set("title")} />
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
            {t.kb.body}
            <textarea required maxLength={4000} value={draft.body} onInput={set("body")} />
          </label>
          <label class="wide">
            {t.kb.keywords}
            <input type="text" value={draft.keywords} onInput={set("keywords")} />
          </label>
          <label class="check">
            <input
              type="checkbox"
              checked={draft.enabled}
              onChange={(e: Event) => setDraft((d) => ({ ...d, enabled: (e.target as HTMLInputElement).checked }))}
            />
            {t.kb.enabled}
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
        <table id="rd-kb-list">
          <thead>
            <tr>
              <th>{t.kb.titleField}</th>
              <th>{t.canned.language}</th>
              <th>{t.kb.keywords}</th>
              <th>
                <span class="sr">{t.actions}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {(list.items ?? []).map((a) => (
              <tr data-id={a.id} key={a.id}>
                <td data-label={t.kb.titleField}>
                  <strong>{a.title}</strong> {a.enabled ? null : <span class="pill off">{t.kb.off}</span>}
                  <div class="meta body-cell">{a.body}</div>
                </td>
                <td data-label={t.canned.language}>{t.languages[a.language]}</td>
                <td data-label={t.kb.keywords}>{a.keywords.join(", ")}</td>
                <td class="acts">
                  {confirming === a.id ? (
                    <Confirm
                      text={fill(t.confirmDelete, { name: a.title })}
                      yes={t.delete}
                      onYes={() => void remove(a.id)}
                      onNo={() => setConfirming(null)}
                    />
                  ) : (
                    <>
                      <button
                        type="button"
                        class="secondary small"
                        onClick={() => setDraft({ ...a, keywords: a.keywords.join(", ") })}
                      >
                        {t.edit}
                      </button>
                      <button type="button" class="danger small" onClick={() => setConfirming(a.id)}>
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
