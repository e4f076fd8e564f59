/** @jsxImportSource hono/jsx/dom */
/** Knowledge-base articles the bot answers with: create, edit, switch off, delete. */
import { api, ok, t } from "../api";
import {
  CheckField,
  ConfirmButton,
  FormCard,
  languageOptions,
  ResourceTable,
  SaveButtons,
  SelectField,
  TextArea,
  TextField,
  useDraft,
  useResource,
} from "../resource";
import { fill, splitKeywords } from "../state";
import { Screen, Status } from "../ui";

type Lang = "en" | "zh";
const EMPTY = { id: "", title: "", body: "", language: "en" as Lang, keywords: "", enabled: true };

export function KbScreen() {
  const r = useResource(async () => (await ok(api.kb.articles.$get({ query: {} }))).articles);
  const { draft, setDraft, set, check, reset } = useDraft(EMPTY);

  const save = (e: Event) => {
    e.preventDefault();
    void r.act.run(async () => {
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
      r.put(article);
      reset();
    }, t.saved);
  };
  const remove = (id: string) =>
    r.remove(
      id,
      () => ok(api.kb.articles[":id"].$delete({ param: { id } })),
      t.deleted,
      () => draft.id === id && reset(),
    );

  return (
    <Screen title={t.screens.kb} intro={t.kb.intro}>
      <FormCard title={draft.id ? `${t.edit}: ${draft.title}` : t.kb.newArticle} id="rd-kb-form" onSubmit={save}>
        <TextField label={t.kb.titleField} required maxLength={200} value={draft.title} onInput={set("title")} />
        <SelectField
          label={t.canned.language}
          value={draft.language}
          options={languageOptions()}
          onChange={set("language")}
        />
        <TextArea label={t.kb.body} required maxLength={4000} value={draft.body} onInput={set("body")} />
        <TextField label={t.kb.keywords} wide value={draft.keywords} onInput={set("keywords")} />
        <CheckField label={t.kb.enabled} checked={draft.enabled} onChange={check("enabled")} />
        <SaveButtons busy={r.act.busy} editing={Boolean(draft.id)} onCancel={reset} />
      </FormCard>
      <Status error={r.act.error} notice={r.act.notice} />
      <ResourceTable
        id="rd-kb-list"
        list={r.list}
        columns={[
          {
            label: t.kb.titleField,
            cell: (a) => (
              <>
                <strong>{a.title}</strong> {a.enabled ? null : <span class="pill off">{t.kb.off}</span>}
                <div class="meta body-cell">{a.body}</div>
              </>
            ),
          },
          { label: t.canned.language, cell: (a) => t.languages[a.language] },
          { label: t.kb.keywords, cell: (a) => a.keywords.join(", ") },
        ]}
        actions={(a) => (
          <ConfirmButton
            id={a.id}
            confirm={r.confirm}
            label={t.delete}
            question={fill(t.confirmDelete, { name: a.title })}
            onYes={() => void remove(a.id)}
          >
            <button
              type="button"
              class="secondary small"
              onClick={() => setDraft({ ...a, keywords: a.keywords.join(", ") })}
            >
              {t.edit}
            </button>
          </ConfirmButton>
        )}
      />
    </Screen>
  );
}
