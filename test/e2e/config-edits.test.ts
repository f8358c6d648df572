// Edits to the JSONC config keep everything else as it was: the legacy mode migration changes one
// word on one line; the dangling-order fix changes the order and nothing else. Both are safe, so they
// are applied by a plain `clawdia doctor`, and rerunning finds nothing more to do.
import fs from "node:fs";
import { parse } from "jsonc-parser";
import { describe, expect, it } from "vitest";
import { history, parseStdout, read, sandbox, writeJson } from "./helpers.js";

/** The lines that differ between two texts of the same length in lines, as [before, after] pairs. */
function changedLines(before: string, after: string): [string, string][] {
  const a = before.split("\n");
  const b = after.split("\n");
  expect(b.length).toBe(a.length);
  return a.flatMap((line, i): [string, string][] => (line === b[i] ? [] : [[line, b[i]]]));
}

/** The lines between the common head and the common tail of two texts: what an edit replaced. */
function replacedLines(before: string, after: string): { removed: string[]; added: string[] } {
  const a = before.split("\n");
  const b = after.split("\n");
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) head++;
  let tail = 0;
  while (tail < a.length - head && tail < b.length - head && a[a.length - 1 - tail] === b[b.length - 1 - tail]) tail++;
  return { removed: a.slice(head, a.length - tail), added: b.slice(head, b.length - tail) };
}

describe("migration auth.claude-cli-mode-oauth (legacy-token-mode)", () => {
  it('changes "token" to "oauth" on that one line; comments and trailing commas survive', () => {
    const box = sandbox("legacy-token-mode");
    const before = read(box.config);
    const result = box.run(["doctor"]);
    expect(result.code).toBe(0);
    // The migrated line, and the run's stamp of which release last migrated the config.
    expect(changedLines(before, read(box.config))).toEqual([
      [
        '  "meta": { "lastTouchedVersion": "2026.1.3" },',
        '  "meta": { "lastTouchedVersion": "2026.11.0", "lastTouchedAt": "2026-11-27T12:00:00Z" },',
      ],
      [
        '      "anthropic:claude-cli": { "provider": "anthropic", "mode": "token" }, // old mode name',
        '      "anthropic:claude-cli": { "provider": "anthropic", "mode": "oauth" }, // old mode name',
      ],
    ]);
  });

  it("is reported as an applied migration, and a rerun is a no-op", () => {
    const box = sandbox("legacy-token-mode");
    const report = parseStdout(box.run(["doctor", "--json"]));
    expect(report.changes).toEqual([
      expect.objectContaining({
        id: "migration:auth.claude-cli-mode-oauth",
        source: "migration",
        safety: "safe",
        status: "applied",
        files: [box.config],
      }),
      expect.objectContaining({ id: "migration:stamp", source: "migration", status: "applied", files: [box.config] }),
    ]);
    const migrated = read(box.config);
    const again = parseStdout(box.run(["doctor", "--json"]));
    expect(again.changes).toEqual([]);
    expect(read(box.config)).toBe(migrated);
    expect(history(box.stateDir)).toHaveLength(1);
  });

  it("leaves the store alone: the setup-token stays a token", () => {
    const box = sandbox("legacy-token-mode");
    const store = read(box.store());
    box.run(["doctor"]);
    expect(read(box.store())).toBe(store);
  });
});

describe("fix auth/order-unknown-profile (dangling-order)", () => {
  it("drops the unknown id without asking; the rest of the file and its comments survive", () => {
    const box = sandbox("dangling-order");
    const before = read(box.config);
    expect(box.run(["doctor"]).code).toBe(0);
    const after = read(box.config);
    expect(parse(after).auth.order).toEqual({ anthropic: ["anthropic:default"] });
    // Only the order's own line was replaced (however the new array is laid out); the comment above
    // it and every other line are byte for byte the same.
    const { removed, added } = replacedLines(before, after);
    expect(removed).toEqual(['    "order": { "anthropic": ["anthropic:old", "anthropic:default"] }']);
    expect(added.join("\n")).not.toMatch(/anthropic:old|\/\//);
    expect(after).toContain("    // tried first to last\n");
  });

  it("is reported as a safe fix that was applied; the finding is gone", () => {
    const box = sandbox("dangling-order");
    const report = parseStdout(box.run(["doctor", "--json"]));
    expect(report.changes).toEqual([expect.objectContaining({ source: "fix", safety: "safe", status: "applied" })]);
    expect(report.findings.filter((f: any) => f.ruleId === "auth/order-unknown-profile")).toEqual([]);
    expect(report.unverified).toEqual([]);
  });

  it("in an agent's store: the store's order is fixed the same way, its credential kept", () => {
    const box = sandbox("multi-agent");
    const text = read(box.store("work")).replace(
      '["anthropic:claude-cli"]',
      '["anthropic:gone", "anthropic:claude-cli"]',
    );
    fs.writeFileSync(box.store("work"), text);
    expect(box.run(["doctor"]).code).toBe(0);
    const store = JSON.parse(read(box.store("work")));
    expect(store.order).toEqual({ anthropic: ["anthropic:claude-cli"] });
    expect(store.profiles["anthropic:claude-cli"].access).toMatch(/^sk-ant-oat01-MULTIwork/);
  });
});

describe("a safe removal from a one-line or minified object with a trailing comma", () => {
  const KEY = "sk-ant-api03-ONELINEtest0000000000000000000000000000000000";

  it.each([
    ["one line", '{ "auth": { "order": { "anthropic": ["anthropic:gone"], } } }\n', '{ "auth": { "order": { } } }\n'],
    [
      "minified, two orders",
      '{"auth":{"order":{"anthropic":["anthropic:gone"],"openai":["openai:gone"],}}}',
      '{"auth":{"order":{}}}',
    ],
  ])("%s: plain doctor leaves JSONC that parses, and the credentials are found", (_name, config, expected) => {
    const box = sandbox();
    fs.mkdirSync(box.stateDir, { mode: 0o700 });
    fs.writeFileSync(box.config, config, { mode: 0o600 });
    writeJson(box.store(), {
      version: 1,
      profiles: { "anthropic:default": { type: "api_key", provider: "anthropic", key: KEY } },
    });
    // The dangling order leaves anthropic without a candidate: that is what the fix repairs.
    expect(box.run(["models", "status", "--check"]).code).toBe(1);
    const result = box.run(["doctor"]);
    expect(result.stdout).toMatch(/remove auth\.order\.anthropic, which names no existing profile: applied/);
    expect(result.code).toBe(0);
    const after = read(box.config);
    expect(after).toBe(expected);
    const errors: unknown[] = [];
    expect(parse(after, errors as never, { allowTrailingComma: true })).toEqual({ auth: { order: {} } });
    expect(errors).toEqual([]);
    const status = box.run(["models", "status", "--check"]);
    expect(status.stdout).toMatch(/credential: profile anthropic:default/);
    expect(status.code).toBe(0);
  });
});
