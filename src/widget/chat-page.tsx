/** The chat page's server-rendered shell: every landmark and label in the visitor's language; the script fills it. */
import type { Child } from "hono/jsx";
import type { Language } from "../core/inbound";
import { FILE_INPUT_ACCEPT } from "../core/uploads";
import { chatTexts } from "./client/chat/texts";

/** JSON for a `<script type="application/json">`: `<` escaped so no data can close the element. */
function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, "\\u003c");
}

export function renderChatPage(props: { lang: Language; scriptUrl: string }): {
  title: string;
  head: Child;
  body: Child;
} {
  const tx = chatTexts(props.lang);
  return {
    title: tx.title,
    head: (
      <>
        <script
          type="application/json"
          id="rd-chat-boot"
          dangerouslySetInnerHTML={{ __html: scriptJson({ lang: props.lang }) }}
        />
        <script src={props.scriptUrl} defer />
      </>
    ),
    body: (
      <main class="chat" aria-label={tx.title}>
        <header class="top">
          <span id="who" class="who" />
          <span id="ticket" />
        </header>
        <p id="identity-note" class="note" role="status" hidden>
          {tx.identityFailed}
        </p>
        <details id="history" class="history" hidden>
          <summary>{tx.history}</summary>
          <ul id="history-list" />
        </details>
        <div id="banner" class="banner" role="status" aria-live="polite" hidden />
        <ol
          id="log"
          class="log"
          role="log"
          aria-live="polite"
          aria-relevant="additions"
          aria-label={tx.log}
          tabindex={0}
        />
        <p id="typing" class="typing" aria-live="polite" />
        <div id="quick" class="quick" hidden />
        <form id="composer" class="composer">
          <ul id="files" class="files" hidden />
          <div id="turnstile" hidden />
          <label for="text" class="visually-hidden">
            {tx.message}
          </label>
          <textarea id="text" rows={2} maxlength={4000} placeholder={tx.placeholder} autocomplete="off" />
          <div class="row">
            <button type="button" id="human" class="btn secondary">
              {tx.human}
            </button>
            <span class="grow" />
            <label class="attach" title={tx.attach}>
              <svg viewBox="0 0 24 24" width="20" height="20" aria-hidden="true" focusable="false">
                <path
                  fill="none"
                  stroke="currentColor"
                  stroke-width="2"
                  stroke-linecap="round"
                  d="M21 11.5l-8.6 8.6a5 5 0 0 1-7.1-7.1l8.6-8.6a3.5 3.5 0 0 1 5 5l-8.6 8.6a2 2 0 0 1-2.8-2.8l7.9-7.9"
                />
              </svg>
              <span class="visually-hidden">{tx.attach}</span>
              <input type="file" id="file" multiple accept={FILE_INPUT_ACCEPT} />
            </label>
            <button type="submit" class="btn">
              {tx.send}
            </button>
          </div>
          <p id="limits" class="hint" />
        </form>
      </main>
    ),
  };
}
