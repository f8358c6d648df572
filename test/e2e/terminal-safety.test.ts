// Terminal safety (issue 16): ids and values with ESC/OSC sequences, CR, newlines and C1 controls,
// planted in the config, the stores, the unit and the run history, go through every text command and
// the bundle's summary.md. None may reach the output raw; each must be shown escaped (`\x1b`), so the
// user sees what is in the file.
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { bundleFiles } from "./bundle/helpers.js";
import { UNIT } from "./daemon/helpers.js";
import { NOW, HOUR, sandbox, STACK_FRAME, writeJson, type CliResult, type Sandbox } from "./helpers.js";

const OSC = "anthropic:\u001b]0;pwned\u0007x"; // retitles the terminal window
const CR = "anthropic:a\rb"; // hides what comes before it on the line
const CLEAR = "anthropic:x\u001b[2J"; // clears the screen
const NEWLINE = "anthropic:new\nline"; // forges a line of output
const HYPERLINK = "anthropic:gone\u001b]8;;http://evil.example\u0007"; // an OSC 8 link, in an order only
const CSI_C1 = "openrouter/x\u009b2J"; // the one-byte C1 form of CSI

/** What each planted id must look like in text output. */
const SHOWN = {
  osc: "anthropic:\\x1b]0;pwned\\x07x",
  cr: "anthropic:a\\rb",
  clear: "anthropic:x\\x1b[2J",
  newline: "anthropic:new\\nline",
  hyperlink: "anthropic:gone\\x1b]8;;http://evil.example\\x07",
};

/** Any C0 control but the newline and tab our own output uses, DEL, or C1. */
const RAW_CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/;

function hostileState(): Sandbox {
  const box = sandbox();
  fs.mkdirSync(box.stateDir, { recursive: true, mode: 0o700 });
  writeJson(box.config, {
    agents: { list: [{ id: "main", default: true }] },
    models: { default: "anthropic/claude-opus-4-5", aliases: { fast: CSI_C1 } },
    auth: {
      profiles: {
        [OSC]: { provider: "anthropic", mode: "oauth" },
        [CR]: { provider: "anthropic", mode: "oauth" },
        [CLEAR]: { provider: "anthropic", mode: "oauth" },
      },
      order: { anthropic: [OSC, CR, CLEAR, HYPERLINK] },
    },
  });
  const token = (c: string) => "sk-ant-oat01-HOSTILE" + c.repeat(80);
  writeJson(box.store(), {
    version: 1,
    profiles: {
      [OSC]: { type: "token", provider: "anthropic", token: token("A"), expires: NOW - HOUR },
      [CR]: { type: "token", provider: "anthropic", token: token("B"), expires: NOW + HOUR },
      [CLEAR]: { type: "token", provider: "anthropic", token: token("C"), expires: NOW - HOUR },
      [NEWLINE]: { type: "api_key", provider: "anthropic", key: token("D") },
    },
    order: { anthropic: [OSC, CR, CLEAR, NEWLINE] },
    usageStats: { [CR]: { errorCount: 2, lastError: "boom\u001b[2J", cooldownUntil: NOW + 60_000 } },
  });
  fs.mkdirSync(path.dirname(UNIT(box)), { recursive: true });
  fs.writeFileSync(
    UNIT(box),
    "[Service]\nExecStart=/usr/local/bin/clawdia gateway\nEnvironment=\u001b]0;unit\u0007=1 GOOD=1\n",
  );
  return box;
}

function expectEscaped(output: string, what: string, shown: string[]): void {
  expect(output, `${what}: a raw control character`).not.toMatch(RAW_CONTROL);
  for (const form of shown) expect(output, what).toContain(form);
}

function ran(result: CliResult): CliResult {
  expect(result.stderr).not.toContain(STACK_FRAME);
  expect(result.code).not.toBe(70);
  expect(result.stderr, "stderr: a raw control character").not.toMatch(RAW_CONTROL);
  return result;
}

describe("ids and values with control characters are escaped in every text output", () => {
  it("doctor (findings, advice, changes and the dry-run diff)", () => {
    const box = hostileState();
    const result = ran(box.run(["doctor", "--dry-run"]));
    expectEscaped(result.stdout, "doctor", [
      SHOWN.osc,
      SHOWN.cr,
      SHOWN.clear,
      SHOWN.newline,
      SHOWN.hyperlink,
      "openrouter/x\\x9b2J",
      'Environment=: "\\x1b]0;unit\\x07=1"',
    ]);
    // The diff shows the file's own JSON escapes, untouched.
    expect(result.stdout).toContain('"anthropic:gone\\u001b]8;;http://evil.example\\u0007"');
    expect(result.code).toBe(1);
  });

  it("models status (text and Prometheus)", () => {
    const box = hostileState();
    const text = ran(box.run(["models", "status"]));
    expectEscaped(text.stdout, "models status", [
      SHOWN.osc,
      SHOWN.cr,
      SHOWN.clear,
      SHOWN.newline,
      "in use: alias fast → openrouter/x\\x9b2J",
    ]);
    // The table stays aligned on the escaped ids.
    expect(text.stdout).toMatch(/^ {4}anthropic:\\x1b\]0;pwned\\x07x {2}token {4}sk-ant-oat01-…AAAA/m);
    expect(text.stdout).toMatch(/^ {4}anthropic:a\\rb {15}token {4}/m);
    const prometheus = ran(box.run(["models", "status", "--format", "prometheus"]));
    expectEscaped(prometheus.stdout, "prometheus", [
      'profile="anthropic:\\\\x1b]0;pwned\\\\x07x"',
      'profile="anthropic:a\\\\rb"',
      'profile="anthropic:new\\nline"',
    ]);
  });

  it("models auth order get, and the error of order set naming an unknown id", () => {
    const box = hostileState();
    const get = ran(box.run(["models", "auth", "order", "get", "--provider", "anthropic"]));
    expect(get.stdout).toBe(`anthropic (agent main): ${SHOWN.osc} → ${SHOWN.cr} → ${SHOWN.clear} → ${SHOWN.newline}\n`);
    const set = ran(box.run(["models", "auth", "order", "set", "--provider", "anthropic", HYPERLINK]));
    expect(set.code).toBe(64);
    expectEscaped(set.stderr, "order set", [
      `"${SHOWN.hyperlink}" is not a profile in`,
      `known: ${SHOWN.osc}, ${SHOWN.cr}, ${SHOWN.clear}, ${SHOWN.newline}`,
    ]);
  });

  it("the errors naming an unknown --provider, --agent, rule, shell or a bad value typed with control characters", () => {
    const box = hostileState();
    for (const args of [
      ["models", "auth", "cooldown", "clear", "--provider", CLEAR],
      ["models", "auth", "cooldown", "clear", "--provider", "anthropic", "--agent", OSC],
      ["models", "auth", "order", "set", "--provider", CLEAR, "x"],
      ["models", "auth", "paste-token", "--provider", "anthropic", "--agent", CR],
      // Any other error that quotes what was typed, through the net of the error printer.
      ["doctor", "--explain", CLEAR],
      ["completion", OSC],
      ["support-bundle", "--log-lines", CR],
      ["doctor", `--${CLEAR}`], // commander's own "unknown option"
    ]) {
      const result = ran(box.run(args, { input: "" }));
      expect(result.code, args.join(" ")).toBe(64);
      expect(result.stderr).toMatch(/anthropic:x\\x1b\[2J|anthropic:\\x1b\]0;pwned\\x07x|anthropic:a\\rb/);
    }
  });

  it("doctor --history, with a history line someone else wrote", () => {
    const box = hostileState();
    fs.mkdirSync(box.state("doctor"), { recursive: true });
    const planted = {
      kind: "run",
      runId: "20261127T110000Z-abcdef",
      at: "2026-11-27T11:00:00.000Z\u001b[2J",
      command: "doctor\u001b]0;pwned\u0007",
      files: [{ path: box.state("x\u001b[31m\ny"), existed: true, existedAfter: true }],
      changes: [],
    };
    fs.writeFileSync(box.state("doctor", "history.jsonl"), JSON.stringify(planted) + "\n");
    const result = ran(box.run(["doctor", "--history"]));
    expectEscaped(result.stdout, "history", [
      "2026-11-27T11:00:00.000Z\\x1b[2J  doctor\\x1b]0;pwned\\x07  (1 file;",
      "~/.clawdia/x\\x1b[31m\\ny",
    ]);
  });

  it("the support bundle's summary.md: escaped, and no id breaks the auth table", async () => {
    const box = hostileState();
    const output = path.join(box.home, "bundle.tar.gz");
    ran(box.run(["support-bundle", "--output", output]));
    const summary = (await bundleFiles(output)).get("summary.md")!;
    expectEscaped(summary, "summary.md", [
      "anthropic:\\x1b\\]0;pwned\\x07x",
      SHOWN.cr,
      "anthropic:x\\x1b\\[2J",
      SHOWN.newline,
      "\\x1b\\]0;unit\\x07=1",
    ]);
    const table = summary.split("\n").filter((line) => line.startsWith("| main |"));
    expect(table).toHaveLength(4);
    // Ten cells each: no id added or removed a column (a "\|" is an escaped pipe, not a cell border).
    for (const row of table) expect(row.replace(/\\\|/g, "").split("|").length - 2, row).toBe(10);
  });
});
