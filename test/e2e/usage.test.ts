// The command line itself: rule selection, --list-rules, --explain, and bad usage (exit 64, one clear
// message on stderr, nothing on stdout, no stack trace, nothing written).
import fs from "node:fs";
import { describe, expect, it } from "vitest";
import { rules } from "../../rules/index.js";
import { ENGINE_FINDINGS } from "../../src/engine/engine-findings.js";
import { parseStdout, sandbox, STACK_FRAME } from "./helpers.js";

const ids = rules.map((rule) => rule.id);

describe("bad usage exits 64", () => {
  const cases: [string, string[]][] = [
    ["--only with an unknown rule", ["doctor", "--only", "auth/no-such-rule"]],
    ["--skip with an unknown rule", ["doctor", "--skip", "nope"]],
    ["--explain with an unknown rule", ["doctor", "--explain", "nope/nope"]],
    ["an unknown flag", ["doctor", "--frobnicate"]],
    ["--json with --sarif", ["doctor", "--json", "--sarif"]],
    ["--only without its argument", ["doctor", "--only"]],
    ["--yes without --fix", ["doctor", "--yes"]],
    ["--agent naming no agent", ["doctor", "--agent", "ghost"]],
    ["an unknown command", ["doctorr"]],
  ];
  for (const [what, args] of cases) {
    it(what, () => {
      const box = sandbox("dangling-order");
      const before = fs.readFileSync(box.config);
      const result = box.run(args);
      expect(result.code).toBe(64);
      expect(result.stdout).toBe("");
      expect(result.stderr.trim().length).toBeGreaterThan(0);
      expect(result.stderr).not.toContain(STACK_FRAME);
      // Bad usage must not run the doctor: the safe fix is not applied.
      expect(fs.readFileSync(box.config)).toEqual(before);
      expect(fs.existsSync(box.state("backups"))).toBe(false);
    });
  }

  it("names the unknown rule and points at --list-rules", () => {
    const { stderr } = sandbox().run(["doctor", "--only", "auth/no-such-rule"]);
    expect(stderr).toContain("auth/no-such-rule");
    expect(stderr).toContain("--list-rules");
  });
});

describe("--list-rules and --explain", () => {
  it("--list-rules lists every rule id, with category, severity and fix class", () => {
    const result = sandbox().run(["doctor", "--list-rules"]);
    expect(result.code).toBe(0);
    for (const rule of rules) {
      const line = result.stdout.split("\n").find((l) => l.startsWith(rule.id + " "));
      expect(line, rule.id).toBeDefined();
      expect(line).toContain(rule.category);
      expect(line).toContain(rule.severity);
      expect(line).toContain(rule.fix);
    }
  });

  it("--list-rules --json is the same list as JSON", () => {
    const listed = parseStdout(sandbox().run(["doctor", "--list-rules", "--json"]));
    expect(listed.map((rule: any) => rule.id)).toEqual(ids);
    for (const rule of listed)
      expect(Object.keys(rule)).toEqual(expect.arrayContaining(["id", "category", "severity", "fix"]));
  });

  it("has at least the rules the issue asks for", () => {
    expect(ids).toEqual(
      expect.arrayContaining([
        "auth/missing-credentials",
        "auth/token-expiring",
        "auth/token-expired",
        "auth/claude-code-only-credential",
        "auth/profile-mode-mismatch",
        "auth/order-unknown-profile",
        "auth/claude-cli-stale",
        "config/invalid",
        "files/permissions",
      ]),
    );
  });

  for (const rule of rules) {
    it(`--explain ${rule.id} prints its documentation with an example`, () => {
      const result = sandbox().run(["doctor", "--explain", rule.id]);
      expect(result.code).toBe(0);
      expect(result.stdout).toContain(rule.id);
      expect(result.stdout).toContain(rule.title);
      expect(result.stdout).toContain(rule.docs.split("\n")[0]);
      expect(result.stdout).toMatch(/Bad:[\s\S]*Good:/);
    });
  }

  for (const finding of ENGINE_FINDINGS) {
    it(`--explain ${finding.id} (the engine's own finding) prints its documentation with an example`, () => {
      const result = sandbox().run(["doctor", "--explain", finding.id]);
      expect(result.code).toBe(0);
      expect(result.stdout).toContain(`${finding.id}: ${finding.title}`);
      expect(result.stdout).toContain(`severity: ${finding.severity}`);
      expect(result.stdout).toMatch(/Bad:[\s\S]*Good:/);
    });
    it(`--only ${finding.id} is refused: the engine's findings are not rules to select`, () => {
      const result = sandbox().run(["doctor", "--only", finding.id]);
      expect(result.code).toBe(64);
      expect(result.stderr).toContain(`unknown rule "${finding.id}"`);
    });
  }

  it("--list-rules and --explain write nothing, even with repairs pending", () => {
    const box = sandbox("dangling-order");
    const before = fs.readFileSync(box.config);
    box.run(["doctor", "--list-rules"]);
    box.run(["doctor", "--explain", "auth/order-unknown-profile"]);
    expect(fs.readFileSync(box.config)).toEqual(before);
  });
});

describe("--only and --skip", () => {
  it("--only runs just that rule", () => {
    const report = parseStdout(sandbox("expired-token").run(["doctor", "--only", "auth/token-expired", "--json"]));
    expect(new Set(report.findings.map((f: any) => f.ruleId))).toEqual(new Set(["auth/token-expired"]));
    expect(report.exitCode).toBe(1);
  });

  it("--only with a rule that finds nothing exits 0", () => {
    const result = sandbox("expired-token").run(["doctor", "--only", "auth/token-expiring"]);
    expect(result.code).toBe(0);
  });

  it("--skip leaves the skipped rules out, and the exit code follows", () => {
    const result = sandbox("expired-token").run([
      "doctor",
      "--skip",
      "auth/token-expired",
      "--skip",
      "auth/missing-credentials",
      "--json",
    ]);
    expect(result.code).toBe(0);
    expect(parseStdout(result).findings.filter((f: any) => f.severity !== "info")).toEqual([]);
  });

  it("--sarif with --only still declares the selected rules", () => {
    const log = parseStdout(sandbox("expired-token").run(["doctor", "--only", "auth/token-expired", "--sarif"]));
    expect(log.runs[0].tool.driver.rules.map((rule: any) => rule.id)).toContain("auth/token-expired");
  });
});

describe("--version and --help", () => {
  it("exit 0 and print to stdout", () => {
    const box = sandbox();
    const version = box.run(["--version"]);
    expect(version.code).toBe(0);
    expect(version.stdout).toMatch(/^\d{4}\.\d+\.\d+/);
    const help = box.run(["doctor", "--help"]);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain("--dry-run");
    expect(help.stdout).toMatch(/64/);
  });

  it("a command given without its subcommand prints its help on stderr and exits 64 (a usage error, not an answer)", () => {
    const box = sandbox();
    for (const args of [
      [],
      ["models"],
      ["models", "auth"],
      ["models", "auth", "order"],
      ["models", "auth", "monitor"],
    ]) {
      const result = box.run(args);
      expect({ args, code: result.code, stdout: result.stdout }).toEqual({ args, code: 64, stdout: "" });
      expect(result.stderr).toContain(`Usage: clawdia${args.map((a) => ` ${a}`).join("")} [options] [command]`);
    }
    expect(box.run(["models", "auth", "order", "--help"]).code).toBe(0);
  });
});
