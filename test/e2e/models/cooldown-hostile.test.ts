// Usage records no gateway writes, on the cooling-down fixture: a cooldownUntil past the last time a
// date can hold (1e300; the gateway compares it as a number, so the profile rests for good) or before
// the first (-1e300). Every output reads, none shows NaN or a stack trace, the JSON keeps its schema,
// and doctor and `models status --check` give the same exit code.
import { describe, expect, it } from "vitest";
import { schemaErrors } from "../../support/json-schemas.js";
import { parseStdout, read, sandbox, STACK_FRAME, writeJson } from "../helpers.js";

const UTC = { env: { TZ: "UTC" } };

function withCooldownUntil(cooldownUntil: number) {
  const box = sandbox("cooling-down");
  const store = JSON.parse(read(box.store("main")));
  store.usageStats["anthropic:default"].cooldownUntil = cooldownUntil;
  writeJson(box.store("main"), store);
  return box;
}

describe("a cooldownUntil outside the dates a clock can show", () => {
  it.each([
    { name: "1e300: resting for good", until: 1e300, check: 2 },
    { name: "-1e300: ended before 1970", until: -1e300, check: 0 },
  ])("$name", ({ until, check }) => {
    const box = withCooldownUntil(until);
    const runs = {
      text: box.run(["models", "status", "--agent", "main"], UTC),
      json: box.run(["models", "status", "--json"], UTC),
      prometheus: box.run(["models", "status", "--format", "prometheus"], UTC),
      doctor: box.run(["doctor", "--dry-run", "--json"], UTC),
      doctorText: box.run(["doctor", "--dry-run"], UTC),
      clear: box.run(["models", "auth", "cooldown", "clear", "--provider", "anthropic", "--dry-run", "--json"], UTC),
      clearText: box.run(["models", "auth", "cooldown", "clear", "--provider", "anthropic", "--dry-run"], UTC),
    };
    for (const [name, run] of Object.entries(runs)) {
      expect(run.stderr, name).not.toContain(STACK_FRAME);
      expect(run.stderr, name).not.toContain("internal error");
      // The diff shows the file as it is (`"cooldownUntil": -1e+300`); nothing else may.
      const shown = (run.stdout + run.stderr).replace(/cooldownUntil\\*": -?1e\+300/g, "");
      expect(shown, name).not.toMatch(/NaN|e\+\d/);
    }
    expect(runs.text.code).toBe(0);
    const status = parseStdout(runs.json);
    expect(schemaErrors("models-status", status)).toEqual([]);
    expect(status.exitCode).toBe(check);
    expect(box.run(["models", "status", "--check"], UTC).code).toBe(check);
    const report = parseStdout(runs.doctor);
    expect(schemaErrors("report", report)).toEqual([]);
    expect(report.findings.filter((f: any) => f.message.startsWith("the rule "))).toEqual([]);
    expect(runs.doctor.code).toBe(check);
    expect(schemaErrors("auth-cooldown", parseStdout(runs.clear))).toEqual([]);
    expect(runs.prometheus.code).toBe(0);
  });

  it("1e300 reads as the last minute of year 9999, too long for any backoff", () => {
    const box = withCooldownUntil(1e300);
    const report = parseStdout(box.run(["doctor", "--dry-run", "--json"], UTC));
    const tooLong = report.findings.find((f: any) => f.ruleId === "auth/cooldown-too-long");
    expect(tooLong.message).toContain("is cooling down until 9999-12-31 23:59");
    const cooling = report.findings.find((f: any) => f.ruleId === "auth/provider-cooling-down");
    expect(cooling.until).toBe("9999-12-31T23:59:59.999Z");
  });
});
