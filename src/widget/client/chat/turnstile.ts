/** Turnstile before the first message, when the desk's settings ask for it (explicit render, one token per send). */

interface TurnstileApi {
  render: (el: HTMLElement, opts: Record<string, unknown>) => string;
  reset: (id?: string) => void;
}

const SCRIPT = "https://challenges.cloudflare.com/turnstile/v0/api.js?render=explicit";
let loading: Promise<TurnstileApi> | null = null;

function load(): Promise<TurnstileApi> {
  loading ??= new Promise((ok, fail) => {
    const s = document.createElement("script");
    s.src = SCRIPT;
    s.async = true;
    s.onload = () => {
      const api = (window as unknown as { turnstile?: TurnstileApi }).turnstile;
      if (api) ok(api);
      else fail(new Error("turnstile missing"));
    };
    s.onerror = () => {
      loading = null;
      fail(new Error("turnstile did not load"));
    };
    document.head.append(s);
  });
  return loading;
}

/** Shows the check in `box` and resolves with its token once the visitor passed it. */
export async function turnstileToken(box: HTMLElement, siteKey: string, lang: "en" | "zh"): Promise<string> {
  const api = await load();
  box.hidden = false;
  box.replaceChildren();
  return new Promise((ok) => {
    api.render(box, {
      sitekey: siteKey,
      language: lang === "zh" ? "zh-cn" : "en",
      callback: (token: string) => {
        box.hidden = true;
        ok(token);
      },
    });
  });
}
