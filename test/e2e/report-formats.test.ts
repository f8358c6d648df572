// The machine-readable reports: --json is nothing but JSON that validates against the published
// schema/report.schema.json (checked with ajv); --sarif is SARIF 2.1.0 that the official schema and
// GitHub code scanning accept.
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { publishedSchema, schemaErrors } from "../support/json-schemas.js";
import { githubProblems, schemaProblems } from "../support/sarif-check.js";
import { daemonSandbox } from "./daemon/helpers.js";
import { parseStdout, read, ROOT, sandbox, type Sandbox } from "./helpers.js";

const schema = publishedSchema("report");

/** The healthy fixture with auth.expiryWarnHours as a string: a config/invalid finding with a JSON path. */
function withSchemaProblem() {
  const box = sandbox("healthy");
  const text = read(box.config).replace('"auth": {', '"auth": {\n    "expiryWarnHours": "24",');
  fs.writeFileSync(box.config, text);
  const lines = text.split("\n");
  const line = lines.findIndex((l) => l.includes('"expiryWarnHours"')) + 1;
  const column = lines[line - 1].indexOf('"expiryWarnHours"') + 1;
  return { box, line, column };
}

describe("--json", () => {
  it("the schema file requires the keys a consumer relies on", () => {
    expect(schema.required).toEqual(
      expect.arrayContaining(["schemaVersion", "tool", "exitCode", "summary", "findings", "changes"]),
    );
  });

  for (const fixture of ["healthy", "expired-token", "broken-config", "dangling-order", "multi-agent"]) {
    it(`${fixture}: stdout is one JSON document, schemaVersion 1, valid against the schema`, () => {
      const result = sandbox(fixture).run(["doctor", "--json"]);
      expect(result.stderr).toBe("");
      const report = parseStdout(result);
      expect(report.schemaVersion).toBe(1);
      expect(schemaErrors("report", report)).toEqual([]);
    });
  }

  it("a config finding carries its file, JSON path, line and column", () => {
    const { box, line, column } = withSchemaProblem();
    const report = parseStdout(box.run(["doctor", "--json"]));
    const finding = report.findings.find((f: any) => f.ruleId === "config/invalid");
    expect(finding.subject).toMatchObject({ file: box.config, path: ["auth", "expiryWarnHours"], line, column });
    expect(report.exitCode).toBe(1);
  });

  // Was a bug: json-problems readProblems puts line:column in the message only; the subject has no position.
  it("a config that does not parse carries its line and column in the subject", () => {
    const box = sandbox("broken-config");
    const report = parseStdout(box.run(["doctor", "--json"]));
    const finding = report.findings.find((f: any) => f.ruleId === "config/invalid");
    expect(finding.subject).toMatchObject({ file: box.config, line: 9, column: 1 });
  });
});

describe("--sarif", () => {
  it("is SARIF 2.1.0 and declares every rule --list-rules lists", () => {
    const box = sandbox("healthy");
    const ids = parseStdout(box.run(["doctor", "--list-rules", "--json"])).map((rule: any) => rule.id);
    const log = parseStdout(box.run(["doctor", "--sarif"]));
    expect(log.version).toBe("2.1.0");
    expect(log.$schema).toMatch(/sarif-2\.1\.0/);
    const declared = log.runs[0].tool.driver.rules.map((rule: any) => rule.id);
    expect(declared).toEqual(expect.arrayContaining(ids));
    for (const rule of log.runs[0].tool.driver.rules) expect(rule.fullDescription.text.length).toBeGreaterThan(0);
  });

  it("every result points at a declared rule by id and index", () => {
    const log = parseStdout(sandbox("expired-token").run(["doctor", "--sarif"]));
    const rules = log.runs[0].tool.driver.rules;
    expect(log.runs[0].results.length).toBeGreaterThan(0);
    for (const result of log.runs[0].results) {
      expect(rules[result.ruleIndex].id).toBe(result.ruleId);
      expect(["error", "warning", "note"]).toContain(result.level);
    }
  });

  it("a config finding has a region with the line and column of the key", () => {
    const { box, line, column } = withSchemaProblem();
    const log = parseStdout(box.run(["doctor", "--sarif"]));
    const result = log.runs[0].results.find((r: any) => r.ruleId === "config/invalid");
    const location = result.locations[0].physicalLocation;
    expect(location.artifactLocation).toEqual({ uri: "clawdia.json", uriBaseId: "STATEDIR" });
    expect(location.region).toEqual({ startLine: line, startColumn: column });
  });

  // Was a bug: same as the JSON subject: a parse error's position is known but not given to SARIF.
  it("a config that does not parse has a region at the parse error", () => {
    const box = sandbox("broken-config");
    const log = parseStdout(box.run(["doctor", "--sarif"]));
    const result = log.runs[0].results.find((r: any) => r.ruleId === "config/invalid");
    expect(result.locations[0].physicalLocation.region).toEqual({ startLine: 9, startColumn: 1 });
  });
});

describe("--sarif for GitHub code scanning", () => {
  const fixtures = fs
    .readdirSync(path.join(ROOT, "fixtures"), { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name);
  const boxOf = (fixture: string): Sandbox =>
    fixture.startsWith("daemon-") ? daemonSandbox(fixture) : sandbox(fixture);
  const sarifOf = (box: Sandbox, options = {}, args: string[] = []) => {
    const result = box.run(["doctor", "--sarif", ...args], options);
    expect(result.stderr).toBe("");
    return parseStdout(result);
  };
  const resultOf = (log: any, ruleId: string) => log.runs[0].results.find((r: any) => r.ruleId === ruleId);

  for (const fixture of fixtures) {
    it(`${fixture}: valid against the official SARIF 2.1.0 schema and GitHub's upload rules`, () => {
      const log = sarifOf(boxOf(fixture));
      expect(schemaProblems(log)).toEqual([]);
      expect(githubProblems(log)).toEqual([]);
    });
  }

  it("launchd (darwin): valid, the daemon's findings at the plist", () => {
    const log = sarifOf(daemonSandbox("daemon-launchd"), { platform: "darwin" });
    expect(schemaProblems(log)).toEqual([]);
    expect(githubProblems(log)).toEqual([]);
    const uris = log.runs[0].results
      .filter((r: any) => r.ruleId.startsWith("env/"))
      .map((r: any) => r.locations[0].physicalLocation.artifactLocation);
    expect(uris).toContainEqual({ uri: "Library/LaunchAgents/ai.clawdia.gateway.plist", uriBaseId: "HOME" });
  });

  it("declares the state dir and the home as absolute file URIs ending in /", () => {
    const box = sandbox("healthy");
    expect(sarifOf(box).runs[0].originalUriBaseIds).toEqual({
      STATEDIR: { uri: `file://${box.stateDir}/`, description: { text: "The Clawdia state directory." } },
      HOME: { uri: `file://${box.home}/`, description: { text: "The home directory of the user doctor ran as." } },
    });
  });

  it("an empty home: missing credentials at line 1 of the config, the daemon at the unit it would have", () => {
    const log = sarifOf(sandbox());
    expect(githubProblems(log)).toEqual([]);
    expect(resultOf(log, "auth/missing-credentials").locations).toEqual([
      {
        physicalLocation: {
          artifactLocation: { uri: "clawdia.json", uriBaseId: "STATEDIR" },
          region: { startLine: 1, startColumn: 1 },
        },
      },
    ]);
    expect(resultOf(log, "env/daemon-not-installed").locations).toEqual([
      {
        physicalLocation: {
          artifactLocation: { uri: ".config/systemd/user/clawdia-gateway.service", uriBaseId: "HOME" },
          region: { startLine: 1, startColumn: 1 },
        },
      },
    ]);
  });

  it("a provider's missing credentials at the config line that puts it in use", () => {
    const box = sandbox("expired-token");
    const lines = read(box.config).split("\n");
    const line = lines.findIndex((l) => l.includes('"provider": "anthropic"')) + 1;
    const location = resultOf(sarifOf(box), "auth/missing-credentials").locations[0].physicalLocation;
    expect(location).toEqual({
      artifactLocation: { uri: "clawdia.json", uriBaseId: "STATEDIR" },
      region: { startLine: line, startColumn: lines[line - 1].indexOf('"provider"') + 1 },
    });
  });

  it("files/permissions results have a region", () => {
    const box = sandbox("healthy");
    fs.chmodSync(box.store(), 0o644);
    // --dry-run: else the safe chmod repairs it and the finding is gone.
    const result = resultOf(sarifOf(box, {}, ["--dry-run"]), "files/permissions");
    expect(result.locations[0].physicalLocation).toEqual({
      artifactLocation: { uri: "agents/main/agent/auth-profiles.json", uriBaseId: "STATEDIR" },
      region: { startLine: 1, startColumn: 1 },
    });
  });

  it("the same fingerprints on every run and in another home; no home path in any URI", () => {
    const fingerprints = (log: any) =>
      log.runs[0].results.map((r: any) => [r.ruleId, r.partialFingerprints.primaryLocationLineHash]);
    const one = sandbox("expiring-token");
    const other = sandbox("expiring-token");
    const first = sarifOf(one);
    expect(fingerprints(first).length).toBeGreaterThan(1);
    expect(fingerprints(sarifOf(one))).toEqual(fingerprints(first));
    // A later clock changes the "expires in" message: the fingerprints stay.
    const later = sarifOf(other, { now: Date.UTC(2026, 10, 27, 13) });
    const messages = (log: any) => log.runs[0].results.map((r: any) => r.message.text);
    expect(messages(later)).not.toEqual(messages(first));
    expect(fingerprints(later)).toEqual(fingerprints(first));
    for (const result of first.runs[0].results) expect(JSON.stringify(result.locations)).not.toContain(one.home);
  });
});

describe("colour", () => {
  const ESC = "\u001b[";
  it("none when stdout is not a terminal, or with NO_COLOR (even with FORCE_COLOR)", () => {
    const box = sandbox("expired-token");
    expect(box.run(["doctor"], { env: { NO_COLOR: undefined } }).stdout).not.toContain(ESC);
    expect(box.run(["doctor"], { env: { NO_COLOR: "1", FORCE_COLOR: "1" } }).stdout).not.toContain(ESC);
  });

  it("FORCE_COLOR colours the text report, never the JSON or SARIF", () => {
    const box = sandbox("expired-token");
    const env = { NO_COLOR: undefined, FORCE_COLOR: "1" };
    expect(box.run(["doctor"], { env }).stdout).toContain(ESC);
    for (const format of ["--json", "--sarif"]) expect(parseStdout(box.run(["doctor", format], { env }))).toBeTruthy();
  });
});

describe("report text is not mangled by the secret masker", () => {
  // Was a bug: src/secrets.ts collectSecrets treats every string under a key matching /auth/ as a secret,
  // so the config's `auth` section makes "anthropic" (a provider name) a "secret": the report says
  // "…:claude-cli" and "--provider …" instead of "anthropic:claude-cli" and "--provider anthropic".
  it("provider names and profile ids from the config's auth section are shown as they are", () => {
    const result = sandbox("expired-token").run(["doctor"]);
    expect(result.stdout).toContain("anthropic:claude-cli (agent main) expired 3h ago");
    expect(result.stdout).toContain("clawdia models auth paste-token --provider anthropic");
    expect(result.stdout).not.toContain("…:claude-cli");
  });

  it("the JSON subject keeps the provider name", () => {
    const report = parseStdout(sandbox("expired-token").run(["doctor", "--json"]));
    const finding = report.findings.find((f: any) => f.ruleId === "auth/missing-credentials");
    expect(finding.subject.provider).toBe("anthropic");
  });
});
