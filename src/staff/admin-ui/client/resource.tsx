/** @jsxImportSource hono/jsx/dom */
/**
 * The parts the admin screens share, so a screen is mostly its fields and columns: a resource hook
 * (list + action + which row asks "are you sure?"), a draft hook for forms, the form card, field
 * components, the list as a table (cards on a phone), and a button that confirms in place.
 */
import type { Child } from "hono/jsx";
import { useState } from "hono/jsx/dom";
import { t } from "./api";
import { removeById, upsertById } from "./state";
import { Confirm, inputValue, ListState, useAction, useList } from "./ui";

/** Which row (if any) shows its "are you sure?" in place of its buttons. */
export function useConfirm() {
  const [asking, setAsking] = useState<string | null>(null);
  return { asking, ask: setAsking, cancel: () => setAsking(null), is: (id: string) => asking === id };
}

/**
 * A list of items with ids the screen loads once, one action at a time (its error or notice), and the
 * row asking to confirm: `put` replaces or adds an item, `remove` runs a delete and drops the item.
 */
export function useResource<T extends { id: string }>(load: () => Promise<T[]>) {
  const list = useList(load);
  const act = useAction();
  const confirm = useConfirm();
  const put = (item: T | null | undefined) => {
    if (item) list.setItems((items) => upsertById(items ?? [], item));
  };
  const remove = (id: string, call: () => Promise<unknown>, done: string = t.deleted, after?: () => void) =>
    act.run(async () => {
      await call();
      list.setItems((items) => removeById(items ?? [], id));
      confirm.cancel();
      after?.();
    }, done);
  return { list, act, confirm, put, remove };
}

/** The two languages as select options. */
export const languageOptions = () => (["en", "zh"] as const).map((l) => [l, t.languages[l]] as const);

/** A form's draft: `set(key)` is an input handler writing that field, `reset` goes back to the empty draft. */
export function useDraft<D extends Record<string, unknown>>(empty: D) {
  const [draft, setDraft] = useState(empty);
  const set = (k: keyof D) => (e: Event) => setDraft((d) => ({ ...d, [k]: inputValue(e) }));
  const check = (k: keyof D) => (e: Event) => setDraft((d) => ({ ...d, [k]: (e.target as HTMLInputElement).checked }));
  return { draft, setDraft, set, check, reset: () => setDraft(empty) };
}

/** A card with a heading and a grid form. */
export function FormCard(props: { title: string; id: string; onSubmit: (e: Event) => void; children?: Child }) {
  return (
    <div class="card">
      <h2>{props.title}</h2>
      <form class="grid" onSubmit={props.onSubmit} id={props.id}>
        {props.children}
      </form>
    </div>
  );
}

/** Submit (Create / Save) and, while editing, Cancel. */
export function SaveButtons(props: { busy: boolean; editing?: boolean; label?: string; onCancel?: () => void }) {
  return (
    <>
      <button type="submit" disabled={props.busy}>
        {props.label ?? (props.editing ? t.save : t.create)}
      </button>
      {props.editing && props.onCancel ? (
        <button type="button" class="secondary" onClick={props.onCancel}>
          {t.cancel}
        </button>
      ) : null}
    </>
  );
}

interface FieldProps {
  label: string;
  wide?: boolean;
}

/** A labelled text input (text, email, number, time). */
export function TextField(
  props: FieldProps & {
    value: string | number;
    onInput: (e: Event) => void;
    type?: "text" | "email" | "number" | "time";
    required?: boolean;
    maxLength?: number;
    min?: number;
    max?: number;
    step?: number;
    id?: string;
    placeholder?: string;
  },
) {
  const { label, wide, type, ...input } = props;
  return (
    <label class={wide ? "wide" : undefined}>
      {label}
      <input type={type ?? "text"} {...input} />
    </label>
  );
}

/** A labelled textarea. */
export function TextArea(
  props: FieldProps & { value: string; onInput: (e: Event) => void; required?: boolean; maxLength?: number },
) {
  const { label, wide, ...input } = props;
  return (
    <label class={wide === false ? undefined : "wide"}>
      {label}
      <textarea {...input} />
    </label>
  );
}

/** A labelled select over `[value, text]` options. */
export function SelectField<V extends string>(
  props: FieldProps & { value: V; options: ReadonlyArray<readonly [V, string]>; onChange: (e: Event) => void },
) {
  return (
    <label class={props.wide ? "wide" : undefined}>
      {props.label}
      <select onChange={props.onChange}>
        {props.options.map(([v, text]) => (
          <option value={v} selected={props.value === v}>
            {text}
          </option>
        ))}
      </select>
    </label>
  );
}

/** A checkbox with its label after it. */
export function CheckField(props: FieldProps & { checked: boolean; onChange: (e: Event) => void }) {
  return (
    <label class={props.wide ? "check wide" : "check"}>
      <input type="checkbox" checked={props.checked} onChange={props.onChange} />
      {props.label}
    </label>
  );
}

/** One column: its header, and the cell of an item (labelled for the phone's card layout). */
export interface Column<T> {
  label: string;
  cell: (item: T) => Child;
  class?: string;
}

/** The list (loading / failed / empty, else a table): one row per item, its columns, then its actions. */
export function ResourceTable<T extends { id: string }>(props: {
  id: string;
  /** The loaded list (`useList`/`useResource().list`); `error` overrides its error. */
  list: { items: T[] | null; error: string | null };
  error?: string | null;
  /** The items in another order than loaded (newest first…). */
  order?: (items: T[]) => T[];
  columns: ReadonlyArray<Column<T>>;
  actions?: (item: T) => Child;
}) {
  const items = props.list.items && (props.order ? props.order(props.list.items) : props.list.items);
  return (
    <ListState items={items} error={props.error ?? props.list.error}>
      <table id={props.id}>
        <thead>
          <tr>
            {props.columns.map((c) => (
              <th>{c.label}</th>
            ))}
            {props.actions ? (
              <th>
                <span class="sr">{t.actions}</span>
              </th>
            ) : null}
          </tr>
        </thead>
        <tbody>
          {(items ?? []).map((item) => (
            <tr data-id={item.id} key={item.id}>
              {props.columns.map((c) => (
                <td data-label={c.label} class={c.class}>
                  {c.cell(item)}
                </td>
              ))}
              {props.actions ? <td class="acts">{props.actions(item)}</td> : null}
            </tr>
          ))}
        </tbody>
      </table>
    </ListState>
  );
}

/**
 * A risky action's button that asks first, in place: while `confirm` asks about `id` it shows the
 * question and Yes / No, otherwise `children` (other buttons) and this one.
 */
export function ConfirmButton(props: {
  id: string;
  confirm: ReturnType<typeof useConfirm>;
  label: string;
  question: string;
  yes?: string;
  onYes: () => void;
  children?: Child;
}) {
  if (props.confirm.is(props.id)) {
    return (
      <Confirm text={props.question} yes={props.yes ?? props.label} onYes={props.onYes} onNo={props.confirm.cancel} />
    );
  }
  return (
    <>
      {props.children}
      <button type="button" class="danger small" onClick={() => props.confirm.ask(props.id)}>
        {props.label}
      </button>
    </>
  );
}
