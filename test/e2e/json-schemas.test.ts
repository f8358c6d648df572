// Every --json output validates against its published schema (schema/<name>.schema.json, with
// ajv), on states that exercise its optional parts: broken files, a daemon, several agents,
// migrations pending, applied, refused and failed.
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { schemaErrors } from "../support/json-schemas.js";
import { bundleFiles } from "./bundle/helpers.js";
import { parseStdout, read, sandbox, type CliResult, type Sandbox } from "./helpers.js";
import { installSystemdUnit } from "./onboard/helpers.js";

/** stdout of a run that printed JSON: one document, nothing on stderr, valid against schema/<name>. */
function expectValid(name: string, result: CliResult): any {
  expect(result.stderr).toBe("");
  const value = parseStdout(result);
  expect(schemaErrors(name, value)).toEqual([]);
  return value;
}

describe("models status --json", () => {
  for (const fixture of [
    "healthy",
    "empty",
    "expiring-token",
    "expired-token",
    "broken-config",
    "broken-store",
    "multi-agent",
    "dangling-order",
    "daemon-systemd",
    "claude-code-only",
  ]) {
    it(fixture, () => {
      const status = expectValid("models-status", sandbox(fixture).run(["models", "status", "--json"]));
      expect(status.schemaVersion).toBe(1);
    });
  }

  it("one agent (--agent), and the schema's optional parts: unreadable, daemon", () => {
    expectValid("models-status", sandbox("multi-agent").run(["models", "status", "--json", "--agent", "work"]));
    const broken = expectValid("models-status", sandbox("broken-store").run(["models", "status", "--json"]));
    expect(broken.agents[0].providers[0].unreadable.length).toBeGreaterThan(0);
    expect(
      expectValid("models-status", sandbox("daemon-systemd").run(["models", "status", "--json"])).daemon,
    ).toBeDefined();
  });

  it("a value that breaks the schema is caught", () => {
    const status = parseStdout(sandbox("healthy").run(["models", "status", "--json"]));
    expect(schemaErrors("models-status", { ...status, exitCode: 3 })).not.toEqual([]);
    expect(schemaErrors("models-status", { ...status, generatedAt: "yesterday" })).not.toEqual([]);
  });
});

describe("migrate --json", () => {
  for (const fixture of ["legacy-everything", "legacy-conflicts", "legacy-config-json", "healthy", "broken-config"]) {
    it(`${fixture}: --check, --dry-run, then for real`, () => {
      const box = sandbox(fixture);
      expectValid("migrate", box.run(["migrate", "--check", "--json"]));
      expectValid("migrate", box.run(["migrate", "--dry-run", "--json"]));
      expectValid("migrate", box.run(["migrate", "--json"]));
    });
  }

  it("a config stamped by a newer Clawdia (newerVersion)", () => {
    const box = sandbox("legacy-gateway-token");
    fs.writeFileSync(
      box.config,
      read(box.config).replace(/"lastTouchedVersion": "[^"]*"/, '"lastTouchedVersion": "2099.1.0"'),
    );
    const result = box.run(["migrate", "--json"]);
    expect(expectValid("migrate", result).newerVersion).toBe("2099.1.0");
    expect(result.code).toBe(1);
  });
});

describe("support-bundle --json", () => {
  for (const fixture of ["healthy", "broken-store", "multi-agent"]) {
    it(`${fixture}: the output, and the bundle's manifest.json and models-status.json`, async () => {
      const box = sandbox(fixture);
      fs.mkdirSync(box.state("logs"), { recursive: true });
      fs.writeFileSync(box.state("logs/gateway.log"), "2026-11-27T11:00:00Z started\n");
      const output = path.join(box.home, "bundle.tar.gz");
      const out = expectValid(
        "support-bundle",
        box.run(["support-bundle", "--json", "--output", output, "--log-lines", "10"]),
      );
      expect(out.bundle.path).toBe(output);
      const files = await bundleFiles(output);
      expect(schemaErrors("support-bundle", JSON.parse(files.get("manifest.json")!))).toEqual([]);
      expect(schemaErrors("models-status", JSON.parse(files.get("models-status.json")!))).toEqual([]);
      expect(schemaErrors("report", JSON.parse(files.get("doctor.json")!))).toEqual([]);
    });
  }
});

describe("onboard --json", () => {
  const KEY = "sk-ant-api03-SCHEMAkey00000000000000000000000000000000";
  const TOKEN = "sk-ant-oat01-SCHEMAtoken" + "0".repeat(82) + "AA";
  const onboard = (box: Sandbox, input: string, ...args: string[]) =>
    box.run(["onboard", "--non-interactive", ...args, "--json"], { input });

  it("an API key to .env with a daemon installed, then the same again (nothing changed)", () => {
    const box = sandbox();
    installSystemdUnit(box);
    expect(
      expectValid("onboard", onboard(box, KEY, "--provider", "anthropic", "--auth-choice", "api-key")).daemon,
    ).not.toBeNull();
    expect(
      expectValid("onboard", onboard(box, KEY, "--provider", "anthropic", "--auth-choice", "api-key")).changed,
    ).toBe(false);
  });

  it("a setup-token to a profile, replacing an expired one", () => {
    const box = sandbox("expired-token");
    const summary = expectValid(
      "onboard",
      onboard(box, TOKEN, "--provider", "anthropic", "--auth-choice", "setup-token", "--expires-in", "365d"),
    );
    expect(summary.credentials[0].store).toBe("profile");
  });

  it("an API key to a profile of a state with problems left", () => {
    expectValid(
      "onboard",
      onboard(
        sandbox("mode-mismatch"),
        KEY,
        "--provider",
        "anthropic",
        "--auth-choice",
        "api-key",
        "--store",
        "profile",
        "--profile-id",
        "anthropic:schema",
      ),
    );
  });
});

describe("doctor --list-rules --json, --history --json", () => {
  it("lists the rules", () => {
    expect(expectValid("rules", sandbox().run(["doctor", "--list-rules", "--json"])).length).toBeGreaterThan(5);
  });

  it("the history: empty, a run, its undo", () => {
    const box = sandbox("legacy-token-mode");
    expect(expectValid("history", box.run(["doctor", "--history", "--json"])).runs).toEqual([]);
    box.run(["doctor", "--non-interactive"]);
    expectValid("history", box.run(["doctor", "--history", "--json"]));
    expect(box.run(["doctor", "--undo"]).code).toBe(0);
    const runs = expectValid("history", box.run(["doctor", "--history", "--json"])).runs;
    expect(runs.map((run: any) => run.status)).toContain("undone");
  });
});

describe("models auth order --json", () => {
  it("get (with and without overrides), set, clear", () => {
    const box = sandbox("multi-agent");
    const get = () =>
      expectValid("auth-order", box.run(["models", "auth", "order", "get", "--provider", "anthropic", "--json"]));
    expect(get().order).toBeNull();
    const profile = get().candidates[0];
    expectValid(
      "auth-order",
      box.run(["models", "auth", "order", "set", "--provider", "anthropic", "--json", profile]),
    );
    expect(get().order).toEqual([profile]);
    expectValid("auth-order", box.run(["models", "auth", "order", "clear", "--provider", "anthropic", "--json"]));
    expectValid(
      "auth-order",
      sandbox("dangling-order").run([
        "models",
        "auth",
        "order",
        "get",
        "--provider",
        "anthropic",
        "--agent",
        "main",
        "--json",
      ]),
    );
  });
});
