/** @jsxImportSource hono/jsx/dom */
/** Pieces every admin screen uses: loading a list, errors and notices, an inline "are you sure?". */
import type { Child } from "hono/jsx";
import { useCallback, useEffect, useState } from "hono/jsx/dom";
import { boot, t } from "./api";
import { timeLabel } from "./state";

/** A list the screen loads once (and again on `reload`), with its error. */
export function useList<T>(load: () => Promise<T[]>) {
  const [items, setItems] = useState<T[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const reload = useCallback(() => {
    load().then(
      (list) => {
        setItems(list);
        setError(null);
      },
      (err: Error) => setError(err.message),
    );
  }, []);
  useEffect(reload, []);
  return { items, setItems, error, setError, reload };
}

/** Runs an action, keeping its error (or a short notice on success) for the screen to show. */
export function useAction() {
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const run = async (action: () => Promise<unknown>, done?: string): Promise<boolean> => {
    setBusy(true);
    setError(null);
    setNotice(null);
    try {
      await action();
      if (done) setNotice(done);
      return true;
    } catch (err) {
      setError((err as Error).message);
      return false;
    } finally {
      setBusy(false);
    }
  };
  return { error, notice, busy, run, setError };
}

export function Status(props: { error?: string | null; notice?: string | null }) {
  return (
    <>
      {props.error ? (
        <p class="error" role="alert">
          {props.error}
        </p>
      ) : null}
      {props.notice ? (
        <p class="notice" role="status">
          {props.notice}
        </p>
      ) : null}
    </>
  );
}

export function Screen(props: { title: string; intro: string; children?: Child }) {
  return (
    <section class="screen" aria-labelledby="rd-screen-title">
      <h1 id="rd-screen-title">{props.title}</h1>
      <p class="intro">{props.intro}</p>
      {props.children}
    </section>
  );
}

/** A list that is loading, failed, or empty, else its table. */
export function ListState(props: { items: unknown[] | null; error: string | null; children?: Child }) {
  if (props.error) return <Status error={props.error} />;
  if (!props.items) return <p class="muted">{t.loading}</p>;
  if (!props.items.length) return <p class="muted">{t.empty}</p>;
  return <>{props.children}</>;
}

/** "Are you sure?" in place: the question, and Yes / No. */
export function Confirm(props: { text: string; yes?: string; onYes: () => void; onNo: () => void }) {
  return (
    <div class="confirm" role="alertdialog" aria-label={props.text}>
      <p>{props.text}</p>
      <div class="row">
        <button type="button" class="danger" onClick={props.onYes}>
          {props.yes ?? t.yes}
        </button>
        <button type="button" class="secondary" onClick={props.onNo}>
          {t.no}
        </button>
      </div>
    </div>
  );
}

/** A stored time in the page's language. */
export const when = (iso: string | null) => timeLabel(iso, boot.lang, t.never);

/** The value of the input an event came from. */
export const inputValue = (e: Event) => (e.target as HTMLInputElement).value;
