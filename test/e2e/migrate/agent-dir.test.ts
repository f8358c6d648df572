// Migration agent-dir-to-agents-main (2025.9.0): the single-agent <state>/agent/ moves to the configured
// default agent's <state>/agents/<id>/agent/ (main unless agents.list says otherwise), file by file,
// byte for byte; never over an existing store.
import fs from "node:fs";
import { describe, expect, it } from "vitest";
import { parse } from "jsonc-parser";
import { modeOf, parseStdout, read, sandbox, writeJson } from "../helpers.js";
import { expectSecondRunChangesNothing, STAMP_AT, STAMP_VERSION, textDiff, userFiles } from "./helpers.js";

const FIXTURE = "legacy-agent-dir";
const MOVED = ["auth-profiles.json", "models.json"];

describe("migration agent-dir-to-agents-main (legacy-agent-dir)", () => {
  it("moves every file byte for byte (0600); the config changes only in its stamp lines", () => {
    const box = sandbox(FIXTURE);
    fs.chmodSync(box.state("agent", "models.json"), 0o644);
    const originals = MOVED.map((name) => fs.readFileSync(box.state("agent", name)));
    const config = read(box.config);
    const result = box.run(["migrate"]);
    expect(result).toMatchObject({ code: 0, stderr: "" });
    expect(result.stdout).toContain("2025.9.0  move <state>/agent/ to <state>/agents/<default agent>/agent/");
    MOVED.forEach((name, i) => {
      expect(fs.readFileSync(box.state("agents", "main", "agent", name))).toEqual(originals[i]);
      expect(modeOf(box.state("agents", "main", "agent", name))).toBe(0o600);
      expect(fs.existsSync(box.state("agent", name))).toBe(false);
    });
    // The multi-line meta: its two lines, nothing else.
    expect(textDiff(config, read(box.config))).toEqual([
      '-    "lastTouchedVersion": "2025.8.1",',
      '-    "lastTouchedAt": "2025-08-30T17:45:10Z",',
      `+    "lastTouchedVersion": "${STAMP_VERSION}",`,
      `+    "lastTouchedAt": "${STAMP_AT}",`,
    ]);
  });

  // Issue 14, case 10c: with agents.list naming alpha the default, the files went to agents/main, an agent
  // the gateway never reads for the default: its credentials were stranded ("No credentials found").
  it("the configured default agent is alpha: the files go to agents/alpha/agent/, and alpha has the credentials", () => {
    const box = sandbox(FIXTURE);
    const config = parse(read(box.config));
    writeJson(box.config, { ...config, agents: { list: [{ id: "work" }, { id: "alpha", default: true }] } });
    const originals = MOVED.map((name) => fs.readFileSync(box.state("agent", name)));
    const result = box.run(["migrate"]);
    expect(result).toMatchObject({ code: 0, stderr: "" });
    MOVED.forEach((name, i) => {
      expect(fs.readFileSync(box.state("agents", "alpha", "agent", name))).toEqual(originals[i]);
      expect(fs.existsSync(box.state("agent", name))).toBe(false);
    });
    expect(fs.existsSync(box.state("agents", "main"))).toBe(false);
    const status = parseStdout(box.run(["models", "status", "--json"]));
    const alpha = status.agents.find((agent: any) => agent.agentId === "alpha");
    expect(alpha.isDefault).toBe(true);
    expect(alpha.providers.find((p: any) => p.provider === "anthropic").effective).toMatchObject({
      kind: "store",
      profileId: "anthropic:default",
    });
  });

  it("no default flag: the first agent of agents.list is the default, and gets the files", () => {
    const box = sandbox(FIXTURE);
    writeJson(box.config, { ...parse(read(box.config)), agents: { list: [{ id: "alpha" }, { id: "work" }] } });
    expect(box.run(["migrate"]).code).toBe(0);
    expect(fs.existsSync(box.state("agents", "alpha", "agent", "auth-profiles.json"))).toBe(true);
  });

  it("the config still at its old path (config.json) names the default: the chain moves both, the files to alpha", () => {
    const box = sandbox(FIXTURE);
    writeJson(box.state("config.json"), {
      ...parse(read(box.config)),
      agents: { list: [{ id: "alpha", default: true }] },
    });
    fs.rmSync(box.config);
    expect(box.run(["migrate"])).toMatchObject({ code: 0, stderr: "" });
    expect(fs.existsSync(box.config)).toBe(true);
    expect(fs.existsSync(box.state("agents", "alpha", "agent", "auth-profiles.json"))).toBe(true);
    expect(fs.existsSync(box.state("agents", "main"))).toBe(false);
  });

  it("alpha already has a store: nothing moves, and the leftover finding names agents/alpha", () => {
    const box = sandbox(FIXTURE);
    writeJson(box.config, { ...parse(read(box.config)), agents: { list: [{ id: "alpha", default: true }] } });
    writeJson(box.store("alpha"), { version: 1, profiles: {} });
    const before = userFiles(box);
    expect(box.run(["migrate"]).stdout).toBe("No migrations pending.\n");
    expect(userFiles(box)).toEqual(before);
    const finding = parseStdout(box.run(["doctor", "--json"])).findings.find(
      (f: any) => f.ruleId === "state/legacy-leftovers",
    );
    expect(finding.message).toContain("~/.clawdia/agents/alpha/agent");
  });

  it("a second run changes nothing; the emptied agent/ is no leftover", () => {
    const box = sandbox(FIXTURE);
    expectSecondRunChangesNothing(box);
    const report = parseStdout(box.run(["doctor", "--json"]));
    expect(report.findings.filter((f: any) => f.ruleId === "state/legacy-leftovers")).toEqual([]);
  });

  it("agents/main/agent/auth-profiles.json exists too: nothing moves, doctor reports state/legacy-leftovers", () => {
    const box = sandbox(FIXTURE);
    const newer = JSON.stringify({ version: 1, profiles: {} }, null, 2) + "\n";
    fs.mkdirSync(box.state("agents", "main", "agent"), { recursive: true });
    fs.writeFileSync(box.store(), newer, { mode: 0o600 });
    const before = userFiles(box);
    expect(box.run(["migrate", "--check"]).code).toBe(0);
    expect(box.run(["migrate"]).stdout).toBe("No migrations pending.\n");
    expect(userFiles(box)).toEqual(before);

    const report = parseStdout(box.run(["doctor", "--json"]));
    expect(report.findings).toContainEqual(
      expect.objectContaining({
        ruleId: "state/legacy-leftovers",
        subject: { file: box.state("agent") },
        message: expect.stringContaining("single-agent layout"),
      }),
    );
    expect(read(box.store())).toBe(newer);
    for (const name of MOVED) expect(fs.existsSync(box.state("agent", name))).toBe(true);
  });

  it("agent/ holding a sub-directory: left for the user, reported", () => {
    const box = sandbox(FIXTURE);
    fs.mkdirSync(box.state("agent", "sessions"));
    fs.writeFileSync(box.state("agent", "sessions", "2025-08-30.jsonl"), '{"role":"user"}\n');
    const before = userFiles(box);
    expect(box.run(["migrate"]).stdout).toBe("No migrations pending.\n");
    expect(userFiles(box)).toEqual(before);
    const report = parseStdout(box.run(["doctor", "--json"]));
    expect(report.findings.map((f: any) => f.ruleId)).toContain("state/legacy-leftovers");
  });

  // Was a bug: migrations/2025.9.0-agent-dir-to-agents-main.ts only checks that agents/main/agent/auth-profiles.json
  // is absent before moving; when another file of agent/ already exists at the target (the gateway
  // of a newer release wrote agents/main/agent/models.json), the planned write meets an existing
  // file and the run fails with "migration agent-dir-to-agents-main failed on
  // ~/.clawdia/agents/main/agent/auth-profiles.json: it changed on disk since it was read", naming
  // a file that does not exist, with a reason that is not true, on every run. Expected: like an
  // existing store, nothing moves, nothing is pending, doctor reports state/legacy-leftovers.
  it("another agent/ file already at the target: left alone and reported, not a failed run", () => {
    const box = sandbox(FIXTURE);
    fs.mkdirSync(box.state("agents", "main", "agent"), { recursive: true });
    fs.writeFileSync(box.state("agents", "main", "agent", "models.json"), "{}\n", { mode: 0o600 });
    const before = userFiles(box);
    const result = box.run(["migrate"]);
    expect(userFiles(box)).toEqual(before);
    expect(result).toMatchObject({ code: 0, stdout: "No migrations pending.\n" });
  });

  // Was a bug: src/engine/virtual-state.ts locate() resolves <state>/agent/<file> through
  // path.relative(agentsDir, file) = "../agent/<file>", which has 3 parts with "agent" in the middle,
  // so the legacy files are taken for the store / auth.json of an agent named "..". The planned
  // state then has a phantom agent "..": `doctor --dry-run` reports "No credentials found for
  // anthropic (agent ..; …)" and still reports agent/ as a leftover the run would move.
  it("doctor --dry-run checks the migrated state without a phantom agent '..'", () => {
    const box = sandbox(FIXTURE);
    const report = parseStdout(box.run(["doctor", "--dry-run", "--json"]));
    expect(report.changes).toContainEqual(
      expect.objectContaining({ id: "migration:agent-dir-to-agents-main", status: "would-apply" }),
    );
    expect(report.findings.filter((f: any) => f.subject.agentId === "..")).toEqual([]);
    expect(report.findings.filter((f: any) => f.ruleId === "state/legacy-leftovers")).toEqual([]);
  });
});
