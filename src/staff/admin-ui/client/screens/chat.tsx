/** @jsxImportSource hono/jsx/dom */
/** Live chat (在线客服): the sites allowed to embed the widget, Turnstile on the first message, identity verification, the embed code. */
import { useEffect, useState } from "hono/jsx/dom";
import { api, boot, ok, t } from "../api";
import {
  type ChatSettings,
  type ChatSettingsPut,
  checkOrigin,
  embedSnippet,
  settingsFrom,
  settingsPut,
  signingSnippet,
} from "../chat-settings";
import { ConfirmButton, useConfirm } from "../resource";
import { fill } from "../state";
import { inputValue, Screen, Status, useAction } from "../ui";

const load = async () => settingsFrom(await ok(api["chat-settings"].$get()));
/** Every change is saved at once: the list and the switch as they are now (quick replies as read). */
const save = async (json: ChatSettingsPut) => settingsFrom(await ok(api["chat-settings"].$put({ json })));

/** A snippet in a read-only box with a Copy button (selects the text when the clipboard is refused). */
function Snippet(props: { id: string; title: string; hint: string; text: string }) {
  const c = boot.chat;
  const [copied, setCopied] = useState(false);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(props.text);
      setCopied(true);
    } catch {
      const box = document.getElementById(props.id) as HTMLTextAreaElement | null;
      box?.select();
    }
  };
  return (
    <div class="card">
      <h2>{props.title}</h2>
      <p class="muted">{props.hint}</p>
      <textarea
        id={props.id}
        class="code snippet"
        readOnly
        rows={props.text.split("\n").length}
        aria-label={props.title}
        value={props.text}
      />
      <button type="button" class="secondary" id={`${props.id}-copy`} onClick={() => void copy()}>
        {copied ? c.copied : c.copy}
      </button>
    </div>
  );
}

export function ChatScreen() {
  const c = boot.chat;
  const act = useAction();
  const confirm = useConfirm();
  const [data, setData] = useState<ChatSettings | null>(null);
  const [typed, setTyped] = useState("");
  const [typedError, setTypedError] = useState<string | null>(null);
  useEffect(() => {
    load().then(setData, (err: Error) => act.setError(err.message));
  }, []);

  const change = (current: ChatSettings, next: Partial<ChatSettingsPut>, after?: () => void) =>
    act.run(async () => {
      setData(await save(settingsPut(current, next)));
      confirm.cancel();
      after?.();
    }, t.saved);

  const add = (e: Event) => {
    e.preventDefault();
    if (!data) return;
    const checked = checkOrigin(typed, data.allowedOrigins);
    if (!checked.ok) return setTypedError(c.originErrors[checked.error]);
    setTypedError(null);
    void change(data, { allowedOrigins: [...data.allowedOrigins, checked.origin] }, () => setTyped(""));
  };

  const desk = location.origin;
  return (
    <Screen title={t.screens.chat} intro={c.intro}>
      <div class="card">
        <h2>{c.originsTitle}</h2>
        <p class="muted" id="rd-chat-origins-hint">
          {c.originsHint}
        </p>
        {!data ? (
          <p class="muted">{t.loading}</p>
        ) : data.allowedOrigins.length ? (
          <ul class="chips" id="rd-chat-origins">
            {data.allowedOrigins.map((o) => (
              <li data-origin={o} key={o}>
                <span class="mono">{o}</span>
                <ConfirmButton
                  id={o}
                  confirm={confirm}
                  label={c.removeOrigin}
                  question={fill(c.confirmRemove, { origin: o })}
                  onYes={() => void change(data, { allowedOrigins: data.allowedOrigins.filter((x) => x !== o) })}
                />
              </li>
            ))}
          </ul>
        ) : (
          <p class="muted" id="rd-chat-no-origins">
            {c.noOrigins}
          </p>
        )}
        <form class="grid" onSubmit={add} id="rd-chat-origin-form" noValidate>
          <label class="wide">
            {c.origin}
            <input
              type="text"
              id="rd-chat-origin"
              inputMode="url"
              autocomplete="off"
              spellcheck={false}
              placeholder="https://www.exchange.example"
              value={typed}
              aria-invalid={typedError ? "true" : undefined}
              aria-describedby={typedError ? "rd-chat-origin-error" : "rd-chat-origins-hint"}
              onInput={(e: Event) => {
                setTyped(inputValue(e));
                setTypedError(null);
              }}
            />
          </label>
          <button type="submit" id="rd-chat-origin-add" disabled={act.busy || !data}>
            {c.addOrigin}
          </button>
          {typedError ? (
            <p class="error field wide" id="rd-chat-origin-error" role="alert">
              {typedError}
            </p>
          ) : null}
        </form>
      </div>
      <Status error={act.error} notice={act.notice} />
      <div class="card">
        <h2>{c.turnstileTitle}</h2>
        <div class="field wide">
          <label class="check">
            <input
              type="checkbox"
              id="rd-chat-turnstile"
              checked={data?.turnstileFirstMessage ?? false}
              disabled={act.busy || !data}
              aria-describedby="rd-chat-turnstile-hint"
              onChange={(e: Event) =>
                data && void change(data, { turnstileFirstMessage: (e.target as HTMLInputElement).checked })
              }
            />
            {c.turnstile}
          </label>
          <span class="muted hint" id="rd-chat-turnstile-hint">
            {c.turnstileHint}
          </span>
        </div>
      </div>
      <div class="card">
        <h2>
          {c.identityTitle}{" "}
          {data ? (
            <span
              class={`pill ${data.identityVerification === "on" ? "ok" : "off"}`}
              id="rd-chat-identity"
              data-state={data.identityVerification}
            >
              {data.identityVerification === "on" ? "ON" : "OFF"}
            </span>
          ) : null}
        </h2>
        {data ? <p>{data.identityVerification === "on" ? c.identityOn : c.identityOff}</p> : null}
        <p class="muted">
          {c.identitySet} <code class="mono">wrangler secret put CHAT_IDENTITY_SECRET</code>
        </p>
        <p class="muted">{c.identityNever}</p>
      </div>
      <Snippet id="rd-chat-embed" title={c.embedTitle} hint={c.embedHint} text={embedSnippet(desk)} />
      <Snippet id="rd-chat-signing" title={c.signingTitle} hint={c.signingHint} text={signingSnippet(desk)} />
    </Screen>
  );
}
