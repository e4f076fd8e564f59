/** The composer: text (Enter sends, Shift+Enter breaks the line), screenshots from the picker or a paste. */
import { byId, formatSize, h } from "./dom";
import type { ChatTexts } from "./texts";
import type { ChatPublicSettings } from "./types";

export interface Draft {
  text: string;
  files: File[];
}

export function setupComposer(opts: {
  tx: ChatTexts;
  settings: () => ChatPublicSettings | null;
  onSend: (draft: Draft) => boolean;
  onInput: () => void;
  onProblem: (text: string) => void;
}) {
  const { tx } = opts;
  const form = byId<HTMLFormElement>("composer");
  const text = byId<HTMLTextAreaElement>("text");
  const picker = byId<HTMLInputElement>("file");
  const list = byId("files");
  let files: File[] = [];

  const drawFiles = () => {
    list.replaceChildren(
      ...files.map((f, i) => {
        const remove = h("button", { type: "button", class: "link", "aria-label": tx.removeFile(f.name) }, "×");
        remove.addEventListener("click", () => {
          files = files.filter((_, j) => j !== i);
          drawFiles();
          text.focus();
        });
        return h("li", {}, `${f.name} (${formatSize(f.size)}) `, remove);
      }),
    );
    list.hidden = files.length === 0;
  };

  const addFiles = (incoming: File[]) => {
    const s = opts.settings();
    const maxCount = s?.maxCount ?? 5;
    const maxBytes = s?.maxBytes ?? 10 * 1024 * 1024;
    for (const f of incoming) {
      if (files.length >= maxCount) {
        opts.onProblem(tx.tooMany(maxCount));
        break;
      }
      if (f.size > maxBytes || f.size === 0) {
        opts.onProblem(tx.tooLarge);
        continue;
      }
      files.push(f);
    }
    drawFiles();
  };

  const submit = () => {
    const body = text.value.trim();
    const max = opts.settings()?.maxChars ?? 4000;
    if (!body && !files.length) return;
    if (body.length > max) return opts.onProblem(tx.tooLong(max));
    if (opts.onSend({ text: body, files })) {
      text.value = "";
      files = [];
      drawFiles();
    }
  };

  form.addEventListener("submit", (e) => {
    e.preventDefault();
    submit();
  });
  text.addEventListener("keydown", (e) => {
    if (e.key === "Enter" && !e.shiftKey && !e.isComposing) {
      e.preventDefault();
      submit();
    }
  });
  text.addEventListener("input", () => opts.onInput());
  picker.addEventListener("change", () => {
    addFiles([...(picker.files ?? [])]);
    picker.value = "";
  });
  text.addEventListener("paste", (e) => {
    const pasted = [...(e.clipboardData?.files ?? [])];
    if (!pasted.length) return;
    e.preventDefault();
    // A pasted screenshot is called image.png by every browser: give it a name worth keeping.
    const stamp = new Date().toISOString().replace(/[:.]/g, "-");
    addFiles(
      pasted.map((f, i) =>
        f.name === "image.png" ? new File([f], `screenshot-${stamp}-${i}.png`, { type: f.type }) : f,
      ),
    );
  });

  return {
    focus: () => text.focus(),
    setEnabled(enabled: boolean) {
      for (const el of form.querySelectorAll<HTMLButtonElement | HTMLTextAreaElement | HTMLInputElement>(
        "button, textarea, input",
      ))
        el.disabled = !enabled;
    },
  };
}
