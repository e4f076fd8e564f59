/** The demo host page: a fake exchange with hostile CSS (the widget must not care), the loader, a log-in switch. */

export const DEMO_CSS = `body{margin:0;font:16px Georgia,serif;background:#101418;color:#e8eaed}
header{display:flex;justify-content:space-between;align-items:center;padding:1rem 2rem;background:#181d23}
main{max-width:48rem;margin:2rem auto;padding:0 1rem}
/* Hostile on purpose: every button, div and iframe on the host is restyled. The widget lives in a shadow root. */
button{background:#f0b90b!important;color:#000!important;border-radius:0!important;font:20px monospace!important;padding:1rem!important}
div{letter-spacing:.2em}iframe{border:5px dashed red}*{line-height:2}
.card{background:#181d23;padding:1rem 1.5rem;border-radius:8px;margin:1rem 0}
#who{margin-right:1rem}`;

/** The host page's own script (same origin as the page): the identity switch, calling the loader's API. */
export const DEMO_SCRIPT = `(() => {
  window.Relaydesk = window.Relaydesk || function () { (window.Relaydesk.q = window.Relaydesk.q || []).push([...arguments]); };
  const who = () => document.getElementById("who");
  const login = async () => {
    const res = await fetch("/dev/widget-demo/identity", { method: "POST" });
    if (!res.ok) { who().textContent = "identity verification is off (set CHAT_IDENTITY_SECRET)"; return; }
    const { identity } = await res.json();
    window.Relaydesk("identify", identity);
    who().textContent = "Logged in as " + identity.name;
    sessionStorage.setItem("demo-logged-in", "1");
  };
  const logout = () => {
    window.Relaydesk("logout");
    who().textContent = "Guest";
    sessionStorage.removeItem("demo-logged-in");
  };
  document.addEventListener("DOMContentLoaded", () => {
    document.getElementById("login").addEventListener("click", login);
    document.getElementById("logout").addEventListener("click", logout);
    if (sessionStorage.getItem("demo-logged-in")) login();
  });
})();`;

export function renderDemoPage(props: { lang: "en" | "zh"; desk: string }) {
  const zh = props.lang === "zh";
  return (
    <>
      <header>
        <strong>CoinHarbor</strong>
        <span>
          <span id="who">{zh ? "访客" : "Guest"}</span>
          <button type="button" id="login">
            {zh ? "以演示用户登录" : "Log in as demo user"}
          </button>{" "}
          <button type="button" id="logout">
            {zh ? "退出" : "Log out"}
          </button>
        </span>
      </header>
      <main>
        <h1>{zh ? "CoinHarbor 交易所（演示）" : "CoinHarbor exchange (demo)"}</h1>
        <div class="card">
          <p>
            {zh
              ? "这是一个假的交易所页面。右下角的聊天气泡来自另一个来源："
              : "A fake exchange page. The chat bubble at the bottom right is loaded from another origin: "}
            <code>{props.desk}/widget.js</code>
          </p>
          <p>
            {zh
              ? "本页的 CSS 故意很“粗暴”，以证明它影响不到聊天窗口。"
              : "This page's CSS is hostile on purpose, to show it cannot reach the widget."}
          </p>
        </div>
      </main>
      <script src="/dev/widget-demo/host.js" />
      <script src={`${props.desk}/widget.js`} data-lang={props.lang} async />
    </>
  );
}
