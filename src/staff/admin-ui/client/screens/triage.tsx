/** @jsxImportSource hono/jsx/dom */
/** Triage rules: edit them as JSON, try a message against the draft (nothing stored), save. */
import { useEffect, useState } from "hono/jsx/dom";
import type { TriagePreview } from "../../../../core/triage-preview";
import { api, labels, ok, t } from "../api";
import { fill, parseRulesJson } from "../state";
import { inputValue, Screen, Status, useAction, when } from "../ui";

type Rules = Parameters<typeof api.triage.rules.$put>[0]["json"];

function PreviewResult(props: { p: TriagePreview }) {
  const { p } = props;
  const scores = Object.entries(p.scores).sort((a, b) => (b[1] ?? 0) - (a[1] ?? 0));
  return (
    <dl id="rd-preview-result">
      <dt>{t.triage.category}</dt>
      <dd data-field="category">
        {labels.categories[p.category]} {p.categorySet ? <span class="pill">{t.triage.setCategory}</span> : null}
      </dd>
      <dt>{t.triage.priority}</dt>
      <dd data-field="priority">{labels.priorities[p.priority]}</dd>
      <dt>{t.triage.matched}</dt>
      <dd data-field="rules">{p.matchedRules.length ? p.matchedRules.join(" · ") : t.triage.noneMatched}</dd>
      <dt>{t.triage.language}</dt>
      <dd>{t.languages[p.language]}</dd>
      {scores.length ? (
        <>
          <dt>{t.triage.scores}</dt>
          <dd>
            {scores.map(([c, n]) => `${labels.categories[c as keyof typeof labels.categories] ?? c} ${n}`).join(", ")}
          </dd>
        </>
      ) : null}
      {p.entities.length ? (
        <>
          <dt>{t.triage.entities}</dt>
          <dd>{p.entities.join(", ")}</dd>
        </>
      ) : null}
      {p.secrets.length ? (
        <>
          <dt>{t.triage.secrets}</dt>
          <dd>{p.secrets.join(", ")}</dd>
        </>
      ) : null}
    </dl>
  );
}

export function TriageScreen() {
  const act = useAction();
  const tryIt = useAction();
  const [text, setText] = useState("");
  const [updatedAt, setUpdatedAt] = useState<string | null>(null);
  const [message, setMessage] = useState("");
  const [preview, setPreview] = useState<TriagePreview | null>(null);

  useEffect(() => {
    void act.run(async () => {
      const stored = await ok(api.triage.rules.$get());
      setText(JSON.stringify(stored.rules, null, 2));
      setUpdatedAt(stored.updatedAt);
    });
  }, []);

  /** The draft as the API takes it, or an error shown in place. */
  const draft = (): Rules => {
    const parsed = parseRulesJson(text);
    if (!parsed.ok) throw new Error(fill(t.triage.badJson, { error: parsed.error }));
    return parsed.rules as Rules;
  };
  const save = () =>
    void act.run(async () => {
      const saved = await ok(api.triage.rules.$put({ json: draft() }));
      setText(JSON.stringify(saved.rules, null, 2));
      setUpdatedAt(saved.updatedAt);
    }, t.saved);
  const defaults = () =>
    void act.run(async () => setText(JSON.stringify((await ok(api.triage.rules.defaults.$get())).rules, null, 2)));
  const run = (e: Event) => {
    e.preventDefault();
    void tryIt.run(async () => {
      setPreview(null);
      setPreview((await ok(api.triage.preview.$post({ json: { text: message, rules: draft() } }))).preview);
    });
  };

  return (
    <Screen title={t.screens.triage} intro={t.triage.intro}>
      <div class="split">
        <div class="card">
          <h2>{t.triage.rules}</h2>
          <textarea
            class="code"
            id="rd-rules"
            aria-label={t.triage.rules}
            spellcheck={false}
            value={text}
            onInput={(e: Event) => setText(inputValue(e))}
          />
          <p class="meta">
            {t.triage.updated}: {when(updatedAt)}
          </p>
          <Status error={act.error} notice={act.notice} />
          <form class="grid" onSubmit={(e: Event) => e.preventDefault()}>
            <button type="button" id="rd-rules-save" disabled={act.busy} onClick={save}>
              {t.save}
            </button>
            <button type="button" class="secondary" disabled={act.busy} onClick={defaults}>
              {t.triage.defaults}
            </button>
          </form>
        </div>
        <div class="card preview">
          <h2>{t.triage.tryTitle}</h2>
          <form onSubmit={run} id="rd-try-form">
            <label class="field">
              {t.triage.tryHint}
              <textarea
                id="rd-try-text"
                required
                maxLength={10_000}
                value={message}
                onInput={(e: Event) => setMessage(inputValue(e))}
              />
            </label>
            <p>
              <button type="submit" disabled={tryIt.busy}>
                {t.triage.tryIt}
              </button>
            </p>
          </form>
          <Status error={tryIt.error} />
          {preview ? <PreviewResult p={preview} /> : null}
        </div>
      </div>
    </Screen>
  );
}
