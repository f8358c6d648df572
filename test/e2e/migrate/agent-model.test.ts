// Migration agent.model-to-agents.defaults.model.primary (2026.4.0): the single-agent model setting
// moves to the per-agent defaults; `agent` goes when nothing else was in it; when both are set and
// differ, the user decides (state/legacy-leftovers).
import fs from "node:fs";
import { parse } from "jsonc-parser";
import { describe, expect, it } from "vitest";
import { parseStdout, read, sandbox } from "../helpers.js";
import { expectSecondRunChangesNothing, stampedMetaLine, textDiff, userFiles } from "./helpers.js";

const FIXTURE = "legacy-agent-model";
const MODEL = "anthropic/claude-sonnet-4-5";
const META = stampedMetaLine("2026.3.2", "2026-03-30T12:00:00Z");
const DEFAULTS_ADDED = [
  '+    "defaults": {',
  '+      "model": {',
  `+        "primary": "${MODEL}"`,
  "+      }",
  "+    },",
];

/** The fixture with agent.model second in `agent`, with or without its trailing comment. */
function modelSecond(box: ReturnType<typeof sandbox>, comment: string): string {
  const text = read(box.config).replace(
    `    "model": "${MODEL}", // the model every session starts with\n    "workspace": "~/clawd",\n`,
    `    "workspace": "~/clawd",\n    "model": "${MODEL}",${comment}\n`,
  );
  fs.writeFileSync(box.config, text);
  return text;
}

describe("migration agent.model-to-agents.defaults.model.primary (legacy-agent-model)", () => {
  it("moves the value; agent's other keys and the rest of the file parse the same", () => {
    const box = sandbox(FIXTURE);
    const before = parse(read(box.config));
    expect(box.run(["migrate"])).toMatchObject({ code: 0, stderr: "" });
    const after = parse(read(box.config));
    expect(after.agent).toEqual({ workspace: "~/clawd", thinkingDefault: "low" });
    expect(after.agents).toEqual({ list: before.agents.list, defaults: { model: { primary: MODEL } } });
    expect({ ...after, agent: undefined, agents: undefined, meta: undefined }).toEqual({
      ...before,
      agent: undefined,
      agents: undefined,
      meta: undefined,
    });
  });

  it("agent.model not first in `agent`: the text changes in that line, the new defaults and the stamp only", () => {
    const box = sandbox(FIXTURE);
    const text = modelSecond(box, "");
    expect(box.run(["migrate"]).code).toBe(0);
    expect(textDiff(text, read(box.config))).toEqual([...META, `-    "model": "${MODEL}",`, ...DEFAULTS_ADDED]);
  });

  // Was a bug: src/engine/json-edit.ts removes a property with jsonc-parser's modify(), whose edit runs
  // from the end of the previous property's value to the end of the removed one: the removed
  // property's own trailing comma and comment stay, so its comment lands on the line before.
  // Input: `"workspace": "~/clawd",` then `"model": "…", // the model every session starts with`.
  // Expected: the model line removed whole, the workspace line unchanged. Actual: the workspace
  // line becomes `"workspace": "~/clawd", // the model every session starts with`.
  it("the removed line's trailing comment goes with it, not onto the line before", () => {
    const box = sandbox(FIXTURE);
    const text = modelSecond(box, " // the model every session starts with");
    expect(box.run(["migrate"]).code).toBe(0);
    expect(textDiff(text, read(box.config))).toEqual([
      ...META,
      `-    "model": "${MODEL}", // the model every session starts with`,
      ...DEFAULTS_ADDED,
    ]);
  });

  it("`agent` held only the model: its line goes whole", () => {
    const box = sandbox(FIXTURE);
    const text = read(box.config).replace(/  "agent": \{[^}]*\},\n/, `  "agent": { "model": "${MODEL}" },\n`);
    fs.writeFileSync(box.config, text);
    expect(box.run(["migrate"]).code).toBe(0);
    expect(parse(read(box.config)).agent).toBeUndefined();
    expect(textDiff(text, read(box.config))).toEqual([
      ...META.slice(0, 1),
      `-  "agent": { "model": "${MODEL}" },`,
      ...META.slice(1),
      ...DEFAULTS_ADDED,
    ]);
  });

  // Was a bug: src/engine/json-edit.ts removes a property with jsonc-parser's modify(); for the first
  // property of an object its edit runs from just after `{` to the start of the next property, so
  // the next property is pulled up onto the brace's line. Input: legacy-agent-model (agent.model
  // first in `agent`). Expected: the `"model"` line removed, `  "agent": {` and
  // `    "workspace": "~/clawd",` unchanged. Actual: `  "agent": {"workspace": "~/clawd",`.
  it("agent.model first in `agent`: only its line goes, the next one keeps its place", () => {
    const box = sandbox(FIXTURE);
    const before = read(box.config);
    expect(box.run(["migrate"]).code).toBe(0);
    expect(textDiff(before, read(box.config))).toEqual([
      ...META,
      `-    "model": "${MODEL}", // the model every session starts with`,
      ...DEFAULTS_ADDED,
    ]);
  });

  it("a second run changes nothing", () => {
    expectSecondRunChangesNothing(sandbox(FIXTURE));
  });

  it("agents.defaults.model.primary already the same: only agent.model goes", () => {
    const box = sandbox(FIXTURE);
    const text = read(box.config).replace(
      '    "list": [',
      `    "defaults": { "model": { "primary": "${MODEL}" } },\n    "list": [`,
    );
    fs.writeFileSync(box.config, text);
    expect(box.run(["migrate"]).code).toBe(0);
    const after = parse(read(box.config));
    expect(after.agent).toEqual({ workspace: "~/clawd", thinkingDefault: "low" });
    expect(after.agents.defaults).toEqual({ model: { primary: MODEL } });
  });

  it("both set and different: left alone, doctor reports state/legacy-leftovers at agent.model", () => {
    const box = sandbox(FIXTURE);
    const text = read(box.config).replace(
      '    "list": [',
      '    "defaults": { "model": { "primary": "anthropic/claude-opus-4-5" } },\n    "list": [',
    );
    fs.writeFileSync(box.config, text);
    expect(box.run(["migrate", "--check"]).code).toBe(0);
    expect(box.run(["migrate"]).stdout).toBe("No migrations pending.\n");
    expect(read(box.config)).toBe(text);
    const report = parseStdout(box.run(["doctor", "--json"]));
    expect(report.findings).toContainEqual(
      expect.objectContaining({
        ruleId: "state/legacy-leftovers",
        subject: expect.objectContaining({ file: box.config, path: ["agent", "model"] }),
      }),
    );
    expect(read(box.config)).toBe(text);
  });

  // Was a bug: migrations/2026.4.0-agent-model-to-agents-defaults-model-primary.ts plans agents.defaults.model.primary when
  // agents.defaults.model is a string (the older one-string form: "model": "openai/gpt-5"), an edit
  // json-edit refuses. planMigrations does not notice (withOps swallows the error), so --check and
  // --dry-run call it pending (exit 1 / 0), then the real run fails at write time with "could not
  // write: cannot set agents.defaults.model.primary: agents.defaults.model is not an object" after
  // creating backups/<runId>/ and doctor/history.jsonl. Expected: treated like "both set and
  // different" (nothing pending, a state/legacy-leftovers finding), and nothing written.
  it("agents.defaults.model as a string: left alone like any other conflict", () => {
    const box = sandbox(FIXTURE);
    const text = read(box.config).replace(
      '    "list": [',
      '    "defaults": { "model": "openai/gpt-5" },\n    "list": [',
    );
    fs.writeFileSync(box.config, text);
    const before = userFiles(box);
    const result = box.run(["migrate"]);
    expect(fs.existsSync(box.state("backups"))).toBe(false);
    expect(fs.existsSync(box.state("doctor"))).toBe(false);
    expect(userFiles(box)).toEqual(before);
    expect(result).toMatchObject({ code: 0, stdout: "No migrations pending.\n" });
  });
});
