// clawdia_state_readable: the Prometheus gauge that says whether models status could read the
// files that decide a credential in use (1) or not (0: the config or an auth store could not be
// read or parsed), so an alert can tell "no credential" from "could not look".
import fs from "node:fs";
import { describe, expect, it } from "vitest";
import { sandbox, type Sandbox } from "../helpers.js";

function prometheus(box: Sandbox, ...args: string[]): string {
  const result = box.run(["models", "status", "--format", "prometheus", ...args]);
  expect(result.stderr).toBe("");
  expect(result.code).toBe(0);
  return result.stdout;
}

/** The gauge's lines: HELP, TYPE and its one sample. */
function readableLines(text: string): string[] {
  return text.split("\n").filter((line) => line.includes("clawdia_state_readable"));
}

describe("clawdia_state_readable", () => {
  it("is 1, with its HELP and TYPE, when every file reads", () => {
    const lines = readableLines(prometheus(sandbox("healthy")));
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(/^# HELP clawdia_state_readable \S/);
    expect(lines[1]).toBe("# TYPE clawdia_state_readable gauge");
    expect(lines[2]).toBe("clawdia_state_readable 1");
    expect(prometheus(sandbox("multi-agent"))).toContain("\nclawdia_state_readable 1\n");
  });

  const unreadable: [what: string, fixture: string, breakIt: (box: Sandbox) => void][] = [
    ["a config that does not parse", "broken-config", () => {}],
    ["an auth store that does not parse", "broken-store", () => {}],
    [
      "a config that cannot be read (a directory)",
      "healthy",
      (box) => (fs.rmSync(box.config), fs.mkdirSync(box.config)),
    ],
    [
      "the second agent's store that does not parse",
      "multi-agent",
      (box) => fs.writeFileSync(box.store("work"), '{ "version": 1, "profiles": {'),
    ],
  ];
  for (const [what, fixture, breakIt] of unreadable) {
    it(`is 0 for ${what}`, () => {
      const box = sandbox(fixture);
      breakIt(box);
      expect(prometheus(box)).toContain("\nclawdia_state_readable 0\n");
      expect(box.run(["models", "status", "--check"]).code).toBe(1);
    });
  }

  it("judges the agent asked for: --agent main reads, though work's store does not", () => {
    const box = sandbox("multi-agent");
    fs.writeFileSync(box.store("work"), "not json");
    expect(prometheus(box, "--agent", "main")).toContain("\nclawdia_state_readable 1\n");
    expect(prometheus(box, "--agent", "work")).toContain("\nclawdia_state_readable 0\n");
  });
});
