// The docs stay true to the repository: every relative link and anchor resolves, every page is
// reachable from the README, the architecture trace names files and functions that exist, the
// configuration page names every setting the Worker reads, and the README stays a front door.
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = resolve(import.meta.dirname, "../../..");
const README = join(ROOT, "README.md");
const DOCS = join(ROOT, "docs");
const PAGES = [
  README,
  ...readdirSync(DOCS, { recursive: true, encoding: "utf8" })
    .filter((f) => f.endsWith(".md"))
    .map((f) => join(DOCS, f)),
];
const MAX_README_LINES = 180;
const MAX_HOPS = 8;

const read = (file: string) => readFileSync(file, "utf8");
const rel = (file: string) => relative(ROOT, file).split(sep).join("/");

/** Markdown without fenced code blocks (whose lines are kept, blank, so line numbers hold). */
function withoutFences(text: string): string {
  let inFence = false;
  return text
    .split("\n")
    .map((line) => {
      if (/^\s*(```|~~~)/.test(line)) {
        inFence = !inFence;
        return "";
      }
      return inFence ? "" : line;
    })
    .join("\n");
}

/** GitHub's heading anchors: lowercased, punctuation dropped, spaces to hyphens, repeats numbered. */
function anchorsOf(markdown: string): Set<string> {
  const seen = new Map<string, number>();
  const anchors = new Set<string>();
  for (const line of withoutFences(markdown).split("\n")) {
    const m = /^#{1,6}\s+(.+?)\s*#*\s*$/.exec(line);
    if (!m?.[1]) continue;
    const base = m[1]
      .toLowerCase()
      .replace(/[^\p{L}\p{N}\s_-]/gu, "")
      .replace(/\s/g, "-");
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    anchors.add(n === 0 ? base : `${base}-${n}`);
  }
  return anchors;
}

interface Link {
  page: string;
  line: number;
  target: string;
}

/** Every inline link and image target of a page, outside code. */
function linksOf(page: string, markdown: string): Link[] {
  const links: Link[] = [];
  withoutFences(markdown)
    .split("\n")
    .forEach((raw, i) => {
      const line = raw.replace(/`[^`]*`/g, "``");
      for (const m of line.matchAll(/!?\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)) {
        if (m[1]) links.push({ page, line: i + 1, target: m[1] });
      }
    });
  return links;
}

const isExternal = (target: string) => /^[a-z][a-z0-9+.-]*:/i.test(target);

/** Where a relative link leads: the file (absolute) and the anchor, if any. */
function resolveLink(link: Link): { file: string; anchor: string | null } {
  const [path = "", anchor] = link.target.split("#", 2);
  const file = path === "" ? link.page : resolve(dirname(link.page), decodeURIComponent(path));
  return { file, anchor: anchor ? decodeURIComponent(anchor) : null };
}

/** What is wrong with one link, or null. */
function linkProblem(link: Link): string | null {
  if (isExternal(link.target)) return null;
  const { file, anchor } = resolveLink(link);
  const where = `${rel(link.page)}:${link.line} -> ${link.target}`;
  const inside = relative(ROOT, file);
  if (inside.startsWith("..") || resolve(ROOT, inside) !== file) return `${where}: leaves the repository`;
  if (!existsSync(file)) return `${where}: ${rel(file)} does not exist`;
  if (anchor !== null) {
    if (!file.endsWith(".md") || statSync(file).isDirectory()) return `${where}: an anchor into a non-Markdown file`;
    if (!anchorsOf(read(file)).has(anchor)) return `${where}: ${rel(file)} has no heading #${anchor}`;
  }
  return null;
}

describe("links in README.md and docs/", () => {
  it("finds the pages and their links", () => {
    expect(PAGES.map(rel)).toEqual(expect.arrayContaining(["README.md", "docs/architecture.md"]));
    expect(PAGES.flatMap((p) => linksOf(p, read(p))).length).toBeGreaterThan(50);
  });

  it("every relative link points at a file (and heading) that exists inside the repository", () => {
    const problems = PAGES.flatMap((page) => linksOf(page, read(page)).map(linkProblem)).filter(Boolean);
    expect(problems).toEqual([]);
  });

  it("every page under docs/ is reachable from README.md", () => {
    const reached = new Set<string>([README]);
    const queue = [README];
    while (queue.length) {
      const page = queue.pop() as string;
      for (const link of linksOf(page, read(page))) {
        if (isExternal(link.target)) continue;
        const { file } = resolveLink(link);
        if (file.endsWith(".md") && existsSync(file) && !reached.has(file)) {
          reached.add(file);
          queue.push(file);
        }
      }
    }
    expect(PAGES.filter((p) => !reached.has(p)).map(rel)).toEqual([]);
  });

  it("the checker itself refuses broken links, missing anchors and links out of the repository", () => {
    const page = join(DOCS, "architecture.md");
    const bad = ["missing-page.md", "deploy.md#no-such-heading", "../../shared/ARCHITECTURE.md", "#nowhere"];
    for (const target of bad) expect(linkProblem({ page, line: 1, target }), target).not.toBeNull();
    for (const target of [
      "deploy.md",
      "channels/email.md#who-sent-it-spf-dkim-dmarc",
      "#diagram",
      "https://x.test/a",
    ]) {
      expect(linkProblem({ page, line: 1, target }), target).toBeNull();
    }
    expect([...anchorsOf("# A `b` (c, d)\n## A `b` (c, d)\n```\n# not a heading\n```\n")]).toEqual([
      "a-b-c-d",
      "a-b-c-d-1",
    ]);
  });
});

/** Repository paths the pages name in code spans (`src/core/ticket.ts`, `bench/baseline/`), with their lines. */
function codePathsOf(page: string, markdown: string): Link[] {
  const paths: Link[] = [];
  withoutFences(markdown)
    .split("\n")
    .forEach((line, i) => {
      for (const m of line.matchAll(/`([^`\n]+)`/g)) {
        const path = m[1] ?? "";
        // A path has a folder and ends in a known extension or "/"; globs, placeholders and braces are not paths.
        if (!/^(?:\.\.?\/)*[\w.-]+(?:\/[\w.-]+)+\/?$/.test(path)) continue;
        if (!path.endsWith("/") && !/\.(ts|tsx|mjs|js|md|sql|json|toml|py|eml|png)$/.test(path)) continue;
        paths.push({ page, line: i + 1, target: path });
      }
    });
  return paths;
}

describe("paths named in code spans", () => {
  it("every repository path a page names exists inside the repository", () => {
    const problems = PAGES.flatMap((page) => codePathsOf(page, read(page)))
      .map((p) => {
        const file = resolve(ROOT, p.target);
        const where = `${rel(p.page)}:${p.line} names ${p.target}`;
        if (relative(ROOT, file).startsWith("..")) return `${where}: outside the repository`;
        return existsSync(file) ? null : `${where}: no such file`;
      })
      .filter(Boolean);
    expect(problems).toEqual([]);
  });

  it("the path finder sees paths and skips what is not one", () => {
    const found = codePathsOf(
      README,
      "`../shared/ARCHITECTURE.md`, `src/env.ts`, `bench/baseline/`, `src/{a,b}.ts`, `**/*.client.js`, `message/rfc822`, `/t/:token`",
    );
    expect(found.map((f) => f.target)).toEqual(["../shared/ARCHITECTURE.md", "src/env.ts", "bench/baseline/"]);
  });
});

describe("README.md", () => {
  it(`is a front door of at most ${MAX_README_LINES} lines`, () => {
    const lines = read(README).split("\n").length;
    expect(lines).toBeLessThanOrEqual(MAX_README_LINES);
  });

  it("says what is redacted, what is verified and what an admin must set before deploying", () => {
    const text = read(README);
    const anchors = anchorsOf(text);
    expect(anchors).toContain("deploying");
    expect(text).toMatch(/\*\*What is redacted\.\*\*/);
    expect(text).toMatch(/\*\*What is verified\.\*\*/);
    for (const word of ["seed phrase", "SPF", "DKIM", "DMARC", "signature", "database_id", "STAFF_BOOTSTRAP_TOKEN"]) {
      expect(text, word).toContain(word);
    }
  });
});

/** Hops of the marked list in docs/architecture.md: `file` `function` per numbered line. */
function traceHops(markdown: string): Array<{ n: number; file: string; name: string }> {
  const start = markdown.indexOf("<!-- trace:start");
  const end = markdown.indexOf("<!-- trace:end -->");
  expect(start, "the trace:start marker").toBeGreaterThanOrEqual(0);
  expect(end, "the trace:end marker").toBeGreaterThan(start);
  const lines = markdown
    .slice(start, end)
    .split("\n")
    .filter((l) => /^\s*\d+\.\s/.test(l));
  return lines.map((line) => {
    const m = /^\s*(\d+)\.\s+`([^`]+)`\s+`([^`]+)`/.exec(line);
    expect(m, `a hop written as N. \`path/to/file.ts\` \`functionName\`: ${line}`).not.toBeNull();
    const [, n = "", file = "", name = ""] = m ?? [];
    return { n: Number(n), file, name };
  });
}

/** Whether `name` is a function, const, let or class defined in this source text. */
function defines(source: string, name: string): boolean {
  const id = name.replace(/[$]/g, "\\$");
  return new RegExp(
    `(?:^|[\\s;{}])(?:export\\s+)?(?:default\\s+)?(?:async\\s+)?(?:function\\s*\\*?\\s*${id}\\s*[<(]|(?:const|let|var|class)\\s+${id}\\b)`,
    "m",
  ).test(source);
}

describe("the Telegram trace in docs/architecture.md", () => {
  const hops = traceHops(read(join(DOCS, "architecture.md")));

  it(`has 1 to ${MAX_HOPS} hops, numbered in order`, () => {
    expect(hops.length).toBeGreaterThan(0);
    expect(hops.length).toBeLessThanOrEqual(MAX_HOPS);
    expect(hops.map((h) => h.n)).toEqual(hops.map((_, i) => i + 1));
  });

  it("names, at every hop, a file that exists and a function defined in it", () => {
    const problems: string[] = [];
    for (const hop of hops) {
      const file = resolve(ROOT, hop.file);
      if (relative(ROOT, file).startsWith("..") || !existsSync(file) || statSync(file).isDirectory()) {
        problems.push(`${hop.n}: ${hop.file} does not exist`);
      } else if (!defines(read(file), hop.name)) {
        problems.push(`${hop.n}: ${hop.file} defines no ${hop.name}`);
      }
    }
    expect(problems).toEqual([]);
  });

  it("runs from the Telegram webhook through the store (D1) to the Bot API", () => {
    const texts = hops.map((h) => (existsSync(resolve(ROOT, h.file)) ? read(resolve(ROOT, h.file)) : ""));
    expect(texts[0], "the first hop mounts the webhook").toContain("/webhooks/telegram");
    expect(
      hops.some((h) => h.file.startsWith("src/store/")),
      "a hop in src/store (D1)",
    ).toBe(true);
    expect(
      texts.some((t) => t.includes("sendMessage")),
      "a hop calls the Bot API",
    ).toBe(true);
  });

  it("the definition check tells a defined function from a mention", () => {
    expect(defines("export async function ingestInbound(deps) {}", "ingestInbound")).toBe(true);
    expect(defines("export const telegramRoutes = (app) => {}", "telegramRoutes")).toBe(true);
    expect(defines("function botFor<T>(s: T) {}", "botFor")).toBe(true);
    expect(defines("import { ingestInbound } from './ingest';\ningestInbound(x);", "ingestInbound")).toBe(false);
    expect(defines("export function ingestInboundAll() {}", "ingestInbound")).toBe(false);
  });
});

describe("docs/configuration.md", () => {
  it("names every var and secret that src/env.ts reads", () => {
    const names = [...read(join(ROOT, "src/env.ts")).matchAll(/\be\.([A-Z][A-Z0-9_]+)/g)].map((m) => m[1] as string);
    expect(names.length).toBeGreaterThan(30);
    const page = read(join(DOCS, "configuration.md"));
    expect([...new Set(names)].filter((n) => !page.includes(`\`${n}\``))).toEqual([]);
  });
});
