import { describe, expect, test } from "vitest";
import type { ChangeReport } from "../../src/engine/result.js";
import { makeLocator } from "../../src/report/locate.js";
import { colorEnabled, renderText } from "../../src/report/text.js";
import { busy, CONFIG, CONFIG_TEXT, crashed, HOME, missing, modeMismatch, result } from "./sample.js";

const ANSI = /\u001b\[/;
const locate = makeLocator(new Map([[CONFIG, CONFIG_TEXT]]));
const plain = (r = busy) => renderText(r, { color: false, home: HOME, locate });

describe("renderText", () => {
  test("an empty result is one friendly line", () => {
    expect(renderText(result(), { color: false, home: HOME })).toBe("No problems found.\n");
  });

  test("groups findings errors first, then warnings, then info", () => {
    const out = plain();
    const at = (text: string) => out.indexOf(text);
    expect(at("✖ No credentials found")).toBeGreaterThanOrEqual(0);
    expect(at("✖ No credentials found")).toBeLessThan(at("⚠ anthropic:claude-cli has mode"));
    expect(at("⚠ anthropic:claude-cli has mode")).toBeLessThan(at("ℹ auth-profiles.json was readable"));
  });

  test("a finding shows its rule, its place, its advice and its fix state", () => {
    expect(plain()).toContain(
      [
        "✖ No credentials found for anthropic [auth/missing-credentials]",
        "    ~/.clawdia/clawdia.json:5:5",
        "    → claude setup-token",
        "    → export ANTHROPIC_API_KEY=…",
      ].join("\n"),
    );
    expect(plain()).toContain(
      [
        '⚠ anthropic:claude-cli has mode "token" but holds an OAuth credential [config/profile-mode-mismatch]',
        "    ~/.clawdia/clawdia.json:9:58",
        "    fix available: run `clawdia doctor --fix`",
      ].join("\n"),
    );
    // No path, so no line:column; the applied fix says so.
    expect(plain()).toContain("    ~/.clawdia/agents/main/agent/auth-profiles.json\n    fixed");
  });

  test("without a locator the file is shown without a position", () => {
    const out = renderText(result({ findings: [missing] }), { color: false, home: HOME });
    expect(out).toContain("    ~/.clawdia/clawdia.json\n");
  });

  test("a finding with no file has no location line", () => {
    const out = renderText(result({ findings: [crashed] }), { color: false, home: HOME });
    expect(out).toBe("✖ rule auth/token-expiring crashed: boom [engine/rule-crashed]\n\n1 error\n");
  });

  test("lists changes with their status, then unverified fixes", () => {
    expect(plain()).toContain(
      [
        "Changes",
        "  chmod 600 auth-profiles.json: applied (~/.clawdia/agents/main/agent/auth-profiles.json)",
        "  Migrate claude-cli mode: applied (~/.clawdia/clawdia.json)",
        "  Set the mode to oauth: needs --fix (~/.clawdia/clawdia.json)",
        "  Write OPENROUTER_API_KEY to .env: dropped: the file changed on disk (~/.clawdia/.env)",
        "",
        "⚠ chmod 600 auth-profiles.json: fix applied but the finding remains",
      ].join("\n"),
    );
  });

  test.each([
    { status: "would-apply", label: "would apply (dry run)", fixState: "fix would apply (dry run)" },
    { status: "declined", label: "declined: not confirmed", fixState: "fix not applied: declined" },
    { status: "needs-fix", label: "needs --fix", fixState: "fix available: run `clawdia doctor --fix`" },
  ] as const)("a $status change reads '$label'", ({ status, label, fixState }) => {
    const change: ChangeReport = {
      id: "fix:mode",
      title: "Set the mode to oauth",
      source: "fix",
      safety: "unsafe",
      status,
      files: [],
    };
    const out = plain(result({ findings: [modeMismatch], changes: [change], exitCode: 2 }));
    expect(out).toContain(`  Set the mode to oauth: ${label}\n`);
    expect(out).toContain(`    ${fixState}\n`);
  });

  test("prints the dry-run diff before the summary", () => {
    const diff = "--- a/clawdia.json\n+++ b/clawdia.json\n@@ -1 +1 @@\n-a\n+b\n";
    const out = plain(result({ dryRun: true, diff }));
    expect(out).toBe(`${diff}\nNo problems found.\n`);
  });

  test("ends with one summary line", () => {
    const lines = plain().trimEnd().split("\n");
    expect(lines.at(-1)).toBe(
      "1 error, 1 warning, 1 info · 2 changes applied · 1 needs --fix · 1 dropped · 1 unverified",
    );
  });

  test.each([
    { findings: [missing, missing], changes: [], want: "2 errors" },
    {
      findings: [modeMismatch],
      changes: ["applied", "applied", "needs-fix", "needs-fix"],
      want: "1 warning · 2 changes applied · 2 need --fix",
    },
    { findings: [], changes: ["applied"], want: "No problems found · 1 change applied" },
    { findings: [], changes: ["would-apply"], want: "No problems found · 1 would apply (dry run)" },
  ] as const)("summary: $want", ({ findings, changes, want }) => {
    const r = result({
      findings: [...findings],
      changes: changes.map((status, i) => ({
        id: `c${i}`,
        title: `c${i}`,
        source: "fix",
        safety: "safe",
        status,
        files: [],
      })),
    });
    expect(plain(r).trimEnd().split("\n").at(-1)).toBe(want);
  });

  test("colour is off unless asked for", () => {
    expect(plain()).not.toMatch(ANSI);
    expect(renderText(busy, { color: true, home: HOME })).toMatch(ANSI);
  });
});

describe("colorEnabled", () => {
  test.each([
    { isTTY: true, env: {}, want: true },
    { isTTY: false, env: {}, want: false },
    { isTTY: undefined, env: {}, want: false },
    { isTTY: true, env: { NO_COLOR: "1" }, want: false },
    { isTTY: true, env: { NO_COLOR: "" }, want: true },
    { isTTY: false, env: { FORCE_COLOR: "1" }, want: true },
    { isTTY: false, env: { FORCE_COLOR: "3" }, want: true },
    { isTTY: true, env: { FORCE_COLOR: "0" }, want: false },
    { isTTY: false, env: { FORCE_COLOR: "" }, want: false },
    { isTTY: true, env: { FORCE_COLOR: "" }, want: true },
    { isTTY: false, env: { NO_COLOR: "1", FORCE_COLOR: "1" }, want: false },
    { isTTY: true, env: { TERM: "dumb" }, want: false },
    { isTTY: true, env: { TERM: "xterm-256color" }, want: true },
    { isTTY: false, env: { TERM: "dumb", FORCE_COLOR: "1" }, want: true },
  ])("tty=$isTTY env=$env → $want", ({ isTTY, env, want }) => {
    expect(colorEnabled({ isTTY }, env)).toBe(want);
  });
});

test("terminal control characters from the user's files are escaped, so the user sees what is there", () => {
  const hostile = { ...missing, message: "evil \u001b[2J\u001b[31mred\r", advice: ["run \u0007this"] };
  const out = renderText(result({ findings: [hostile], diff: '--- a\r\n+++ b\r\n+\t"x": "\u001b]0;t\u0007"\n' }), {
    color: false,
    home: HOME,
  });
  expect(out).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/);
  expect(out).toContain("evil \\x1b[2J\\x1b[31mred\\r");
  expect(out).toContain("run \\x07this");
  // A diff keeps its tabs and loses the CR of a CRLF line end; anything else is escaped.
  expect(out).toContain('--- a\n+++ b\n+\t"x": "\\x1b]0;t\\x07"\n');
});
