/** @jsxImportSource hono/jsx/dom */
/** Canned replies: create, edit, delete (the inbox offers them in its reply box). */
import { api, ok, t } from "../api";
import {
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
import { fill } from "../state";
import { Screen, Status } from "../ui";

type Lang = "en" | "zh";
const EMPTY = { id: "", title: "", body: "", language: "en" as Lang };

export function CannedScreen() {
  const r = useResource(async () => (await ok(api.canned.$get({ query: {} }))).canned);
  const { draft, setDraft, set, reset } = useDraft(EMPTY);

  const save = (e: Event) => {
    e.preventDefault();
    void r.act.run(async () => {
      const json = { title: draft.title, body: draft.body, language: draft.language };
      const { canned } = draft.id
        ? await ok(api.canned[":id"].$put({ param: { id: draft.id }, json }))
        : await ok(api.canned.$post({ json }));
      r.put(canned);
      reset();
    }, t.saved);
  };
  const remove = (id: string) =>
    r.remove(
      id,
      () => ok(api.canned[":id"].$delete({ param: { id } })),
      t.deleted,
      () => draft.id === id && reset(),
    );

  return (
    <Screen title={t.screens.canned} intro={t.canned.intro}>
      <FormCard title={draft.id ? `${t.edit}: ${draft.title}` : t.canned.newReply} id="rd-canned-form" onSubmit={save}>
        <TextField label={t.canned.titleField} required maxLength={100} value={draft.title} onInput={set("title")} />
        <SelectField
          label={t.canned.language}
          value={draft.language}
          options={languageOptions()}
          onChange={set("language")}
        />
        <TextArea label={t.canned.body} required maxLength={10_000} value={draft.body} onInput={set("body")} />
        <SaveButtons busy={r.act.busy} editing={Boolean(draft.id)} onCancel={reset} />
      </FormCard>
      <Status error={r.act.error} notice={r.act.notice} />
      <ResourceTable
        id="rd-canned-list"
        list={r.list}
        columns={[
          { label: t.canned.titleField, cell: (c) => <strong>{c.title}</strong> },
          { label: t.canned.language, cell: (c) => t.languages[c.language] },
          { label: t.canned.body, cell: (c) => c.body, class: "body-cell" },
        ]}
        actions={(c) => (
          <ConfirmButton
            id={c.id}
            confirm={r.confirm}
            label={t.delete}
            question={fill(t.confirmDelete, { name: c.title })}
            onYes={() => void remove(c.id)}
          >
            <button type="button" class="secondary small" onClick={() => setDraft({ ...c })}>
              {t.edit}
            </button>
          </ConfirmButton>
        )}
      />
    </Screen>
  );
}
