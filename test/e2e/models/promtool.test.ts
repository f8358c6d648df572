// `models status --format prometheus` through Prometheus's own checker, `promtool check metrics`
// (the exposition-format parser and the naming linter; Debian's package `prometheus` has it). It
// runs where promtool is installed: it is no npm package, so a clean clone skips it.
import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { findOnPath } from "../../../src/find-on-path.js";
import { sandbox } from "../helpers.js";

const promtool = findOnPath("promtool", process.env.PATH ?? "");
const FIXTURES = [
  "healthy",
  "expired-token",
  "expiring-token",
  "broken-config",
  "broken-store",
  "multi-agent",
  "daemon-systemd",
  "empty",
  "cooling-down",
];

describe.runIf(promtool)("promtool check metrics", () => {
  it.each(FIXTURES)("%s: the exposition parses and passes promtool's lint", (fixture) => {
    const result = sandbox(fixture).run(["models", "status", "--format", "prometheus"]);
    expect(result.stdout).toMatch(/^# HELP /);
    const check = spawnSync(promtool!, ["check", "metrics"], { input: result.stdout, encoding: "utf8" });
    expect({ status: check.status, output: check.stdout + check.stderr }).toEqual({ status: 0, output: "" });
  });
});
