// DESIGN.md §4: doctor exits 0 (nothing at warning or above), 1 (an error remains) or 2 (only
// warnings remain), and the same code in text, --json and --sarif.
import { describe, expect, it } from "vitest";
import { parseStdout, sandbox } from "./helpers.js";

const scenarios: { fixture: string | undefined; code: 0 | 1 | 2; why: string }[] = [
  { fixture: "healthy", code: 0, why: "an API key profile" },
  { fixture: "multi-agent", code: 0, why: "two agents, each with a usable credential" },
  { fixture: "legacy-token-mode", code: 0, why: "the mode migration is applied" },
  { fixture: "dangling-order", code: 0, why: "the safe order fix is applied" },
  { fixture: "expiring-token", code: 2, why: "a setup-token expires in 5h" },
  { fixture: "expired-token", code: 1, why: "the only credential expired 3h ago" },
  { fixture: "claude-code-only", code: 1, why: "a Claude Code token stored as an API key" },
  { fixture: "broken-config", code: 1, why: "the config does not parse" },
  { fixture: "broken-store", code: 1, why: "the auth store does not parse" },
  { fixture: "empty", code: 1, why: "an empty state dir: no credentials" },
  { fixture: undefined, code: 1, why: "no ~/.clawdia at all" },
];

describe("doctor exit codes", () => {
  for (const { fixture, code, why } of scenarios) {
    const name = fixture ?? "(no state dir)";

    it(`${name}: text exits ${code} (${why})`, () => {
      const result = sandbox(fixture).run(["doctor"]);
      expect(result.stderr).toBe("");
      expect(result.code).toBe(code);
    });

    it(`${name}: --json exits ${code} and says so in the report`, () => {
      const result = sandbox(fixture).run(["doctor", "--json"]);
      expect(result.code).toBe(code);
      expect(parseStdout(result).exitCode).toBe(code);
    });

    it(`${name}: --sarif exits ${code} and says so in the invocation`, () => {
      const result = sandbox(fixture).run(["doctor", "--sarif"]);
      expect(result.code).toBe(code);
      expect(parseStdout(result).runs[0].invocations[0].exitCode).toBe(code);
    });
  }

  it("the severities in the JSON report agree with the exit code", () => {
    for (const fixture of ["expiring-token", "expired-token"]) {
      const report = parseStdout(sandbox(fixture).run(["doctor", "--json"]));
      const expected = report.summary.errors > 0 ? 1 : report.summary.warnings > 0 ? 2 : 0;
      expect(report.exitCode).toBe(expected);
    }
  });
});
