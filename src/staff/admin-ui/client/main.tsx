/** @jsxImportSource hono/jsx/dom */
/** The admin screens' entry: the section list and the screen the URL's hash names (#users, #tokens, …). */
import type { FC } from "hono/jsx";
import { render, useEffect, useState } from "hono/jsx/dom";
import { t } from "./api";
import { AssignScreen } from "./screens/assign";
import { CannedScreen } from "./screens/canned";
import { ChatScreen } from "./screens/chat";
import { HandlesScreen } from "./screens/handles";
import { IncidentsScreen } from "./screens/incidents";
import { KbScreen } from "./screens/kb";
import { SessionsScreen } from "./screens/sessions";
import { SlaScreen } from "./screens/sla";
import { TokensScreen } from "./screens/tokens";
import { TriageScreen } from "./screens/triage";
import { UsersScreen } from "./screens/users";
import { SCREENS, type Screen, screenFromHash } from "./state";

const VIEWS: Record<Screen, FC> = {
  users: UsersScreen,
  tokens: TokensScreen,
  sessions: SessionsScreen,
  canned: CannedScreen,
  kb: KbScreen,
  triage: TriageScreen,
  sla: SlaScreen,
  handles: HandlesScreen,
  incidents: IncidentsScreen,
  assign: AssignScreen,
  chat: ChatScreen,
};

function App() {
  const [screen, setScreen] = useState(screenFromHash(location.hash));
  useEffect(() => {
    const onHash = () => setScreen(screenFromHash(location.hash));
    addEventListener("hashchange", onHash);
    return () => removeEventListener("hashchange", onHash);
  }, []);
  useEffect(() => {
    document.title = `${t.screens[screen]} · ${t.title} · Relaydesk`;
    // On a phone the sections are a strip that scrolls sideways: keep the current one in view.
    document
      .querySelector(`nav.sections a[data-screen="${screen}"]`)
      ?.scrollIntoView({ inline: "nearest", block: "nearest" });
  }, [screen]);
  const View = VIEWS[screen];
  return (
    <>
      <nav class="sections" aria-label={t.nav}>
        {SCREENS.map((s) => (
          <a href={`#${s}`} data-screen={s} aria-current={s === screen ? "page" : undefined}>
            {t.screens[s]}
          </a>
        ))}
      </nav>
      <View key={screen} />
    </>
  );
}

const root = document.getElementById("rd-admin");
if (root) render(<App />, root);
