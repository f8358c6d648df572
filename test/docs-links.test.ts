// The documentation points at real things: every relative link in README.md and docs/*.md reaches a
// file (and its #anchor a heading in it), the README stays a short page for users, and the files
// docs/guarantees.md and docs/architecture.md name as proof or as the code of a stage exist.
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT } from "./support/cli.js";

const MAX_README_LINES = 250;

// These three come from another branch (the contributor guide and the docs generated from the rules
// and migrations): a link to them is accepted while they are absent, and checked like any other once
// they exist. No other missing file is accepted.
const FROM_ANOTHER_BRANCH = new Set(["CONTRIBUTING.md", "docs/rules.md", "docs/migrations.md"]);

const pages = [
  "README.md",
  ...fs
    .readdirSync(path.join(ROOT, "docs"))
    .filter((name) => name.endsWith(".md"))
    .map((name) => `docs/${name}`),
];

/** The text outside fenced code blocks and inline code: links shown as code are examples, not links. */
function prose(markdown: string): string {
  return markdown.replace(/^```[\s\S]*?^```/gm, "").replace(/`[^`\n]*`/g, "");
}

/** Every [text](target) link of a page; images and links to other sites are left out. */
function relativeLinks(markdown: string): string[] {
  const links = [...prose(markdown).matchAll(/(?<!!)\[[^\]]*\]\(([^)\s]+)\)/g)].map((match) => match[1]);
  return links.filter((target) => !/^[a-z][a-z0-9+.-]*:/i.test(target));
}

/** The anchors GitHub gives a page's headings: lower case, punctuation dropped, spaces as hyphens, repeats numbered. */
function headingAnchors(markdown: string): Set<string> {
  const anchors = new Set<string>();
  const seen = new Map<string, number>();
  for (const line of markdown.replace(/^```[\s\S]*?^```/gm, "").split("\n")) {
    const heading = /^#{1,6}\s+(.*?)\s*#*\s*$/.exec(line);
    if (!heading) continue;
    const slug = heading[1]
      .toLowerCase()
      .replace(/[^\p{L}\p{N}\s_-]/gu, "")
      .replace(/\s/g, "-");
    const count = seen.get(slug) ?? 0;
    seen.set(slug, count + 1);
    anchors.add(count === 0 ? slug : `${slug}-${count}`);
  }
  return anchors;
}

function read(relative: string): string {
  return fs.readFileSync(path.join(ROOT, relative), "utf8");
}

/** Paths in backticks that start with `prefix`, less the patterns (`rules/<category>/…`, globs). */
function namedPaths(markdown: string, prefix: string): string[] {
  const paths = [...markdown.matchAll(/`([^`\s]+)`/g)].map((match) => match[1]).filter((p) => p.startsWith(prefix));
  return [...new Set(paths.filter((p) => !/[<>*]/.test(p)))];
}

describe("the documentation's links", () => {
  it.each(pages)("%s: every relative link reaches a file, and its #anchor a heading there", (page) => {
    const broken: string[] = [];
    for (const target of relativeLinks(read(page))) {
      const [file, anchor] = target.split("#") as [string, string | undefined];
      const resolved = file === "" ? page : path.posix.normalize(path.posix.join(path.posix.dirname(page), file));
      if (!fs.existsSync(path.join(ROOT, resolved))) {
        if (!FROM_ANOTHER_BRANCH.has(resolved)) broken.push(`${target}: no file ${resolved}`);
        continue;
      }
      if (anchor !== undefined && resolved.endsWith(".md") && !headingAnchors(read(resolved)).has(anchor)) {
        broken.push(`${target}: no heading #${anchor} in ${resolved}`);
      }
    }
    expect(broken).toEqual([]);
  });

  it("finds the links it checks (the checker itself is not blind)", () => {
    expect(relativeLinks("see [a](docs/a.md#b), `[c](d.md)`, ![e](f.png), [g](https://x.org)")).toEqual([
      "docs/a.md#b",
    ]);
    expect([...headingAnchors("# `clawdia doctor`\n## What `--check` looks at\n## Exit codes\n## Exit codes")]).toEqual(
      ["clawdia-doctor", "what---check-looks-at", "exit-codes", "exit-codes-1"],
    );
  });
});

describe("the README", () => {
  it(`is a page for users: at most ${MAX_README_LINES} lines`, () => {
    expect(read("README.md").split("\n").length).toBeLessThanOrEqual(MAX_README_LINES);
  });

  it("gives the set-up that .ci/run runs: npm install, then npm test", () => {
    const readme = read("README.md");
    const ci = read(".ci/run");
    for (const command of ["npm install", "npm test"]) {
      expect(readme).toContain(command);
      expect(ci).toMatch(new RegExp(`^${command}$`, "m"));
    }
  });
});

describe("the files the docs name", () => {
  it("every test/... path in docs/guarantees.md exists (each guarantee names the test that proves it)", () => {
    const named = namedPaths(read("docs/guarantees.md"), "test/");
    expect(named.length).toBeGreaterThan(10);
    expect(named.filter((file) => !fs.existsSync(path.join(ROOT, file)))).toEqual([]);
  });

  it("every src/... file in docs/architecture.md exists (which file does each stage)", () => {
    const named = namedPaths(read("docs/architecture.md"), "src/");
    expect(named.length).toBeGreaterThan(10);
    expect(named.filter((file) => !fs.existsSync(path.join(ROOT, file)))).toEqual([]);
  });
});
