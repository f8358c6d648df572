// The verdict is the gateway's truth (issue 14, cases 1 to 4 and 9): `models status --check`, its
// JSON and Prometheus forms and doctor judge the environment the gateway itself will have (the
// installed daemon's), and a state that cannot be read is a failed verdict, never a pass.
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parseStdout, sandbox, STACK_FRAME, writeClaudeCredentials, writeJson, type Sandbox } from "../helpers.js";
import { expectNoSecrets } from "../daemon/helpers.js";

const KEY = "sk-ant-api03-VERDICTunitKEYunitKEYunit000000000000000000000000000000000000000";
const UNIT_DIR = (box: Sandbox) => path.join(box.home, ".config/systemd/user");

/** A systemd user unit with `lines` in its [Service] section. */
function unit(box: Sandbox, ...lines: string[]): void {
  fs.mkdirSync(UNIT_DIR(box), { recursive: true });
  fs.writeFileSync(
    path.join(UNIT_DIR(box), "clawdia-gateway.service"),
    ["[Unit]", "Description=Clawdia gateway", "", "[Service]", "ExecStart=/usr/bin/clawdia gateway", ...lines, ""].join(
      "\n",
    ),
  );
}

/** No credential anywhere but where the test puts it: an empty agent store, no Claude Code. */
function bare(): Sandbox {
  const box = sandbox();
  writeJson(box.config, { agents: { list: [{ id: "main", default: true }] } });
  writeJson(box.store(), { version: 1, profiles: {} });
  return box;
}

function missing(result: ReturnType<Sandbox["run"]>): any[] {
  return parseStdout(result).findings.filter((f: any) => f.ruleId === "auth/missing-credentials");
}

describe("a key only in the daemon's environment (case 1)", () => {
  it.each([
    ["Environment=", (box: Sandbox) => unit(box, `Environment=ANTHROPIC_API_KEY=${KEY}`)],
    [
      "an EnvironmentFile=",
      (box: Sandbox) => {
        fs.writeFileSync(path.join(box.home, "gateway.env"), `ANTHROPIC_API_KEY=${KEY}\n`);
        unit(box, "EnvironmentFile=%h/gateway.env");
      },
    ],
  ])("in %s: --check exits 0 and doctor finds no missing credential", (_where, install) => {
    const box = bare();
    install(box);
    const check = box.run(["models", "status", "--check"]);
    expect(check.code, check.stdout).toBe(0);
    expect(check.stdout).not.toContain("No credentials found");
    const doctor = box.run(["doctor", "--json"]);
    expect(missing(doctor)).toEqual([]);
    const json = parseStdout(box.run(["models", "status", "--json"]));
    expect(json.verdict.viewpoint).toBe("daemon");
    expect(json.agents[0].providers[0].effective.kind).toMatch(/^(unit|environment-file)$/);
    expectNoSecrets([check, doctor], [KEY]);
  });
});

describe("a key only in this shell, with a daemon installed (case 2)", () => {
  it("--check exits 1 (the daemon cannot see it), doctor errors too; --shell judges this shell: 0", () => {
    const box = bare();
    unit(box);
    const env = { ANTHROPIC_API_KEY: KEY };
    const check = box.run(["models", "status", "--check"], { env });
    expect(check.code).toBe(1);
    expect(check.stdout).toContain("this shell: ok (environment ANTHROPIC_API_KEY");
    const doctor = box.run(["doctor", "--json"], { env });
    expect(doctor.code).toBe(1);
    expect(missing(doctor)).toHaveLength(1);
    expect(box.run(["models", "status", "--check", "--shell"], { env }).code).toBe(0);
  });
});

describe("the login shell (env.shellEnv, case 3)", () => {
  it("a key the login shell exports counts: --check exits 0 with the daemon installed and without", () => {
    for (const withUnit of [true, false]) {
      const box = bare();
      if (withUnit) unit(box);
      writeJson(box.config, {
        agents: { list: [{ id: "main", default: true }] },
        env: { shellEnv: { enabled: true } },
      });
      const shell = path.join(box.home, "fake-shell");
      fs.writeFileSync(shell, `#!/bin/sh\nexport ANTHROPIC_API_KEY=${KEY}\nshift 2\nexec sh -c "$1"\n`, {
        mode: 0o755,
      });
      const check = box.run(["models", "status", "--check"], { env: { SHELL: shell } });
      expect(check.code, `with unit: ${withUnit}\n${check.stdout}`).toBe(0);
      expect(missing(box.run(["doctor", "--json"], { env: { SHELL: shell } }))).toEqual([]);
      expectNoSecrets([check], [KEY]);
    }
  });
});

describe("a state that cannot be read (case 4)", () => {
  it("a config that does not parse, a key in .env: --check exits 1 naming the file and position; JSON and Prometheus say broken", () => {
    const box = bare();
    fs.writeFileSync(box.config, '{ "agents": { "list": [ { "id": "main" ');
    fs.writeFileSync(box.dotenv, `ANTHROPIC_API_KEY=${KEY}\n`);
    const check = box.run(["models", "status", "--check"]);
    expect(check.code).toBe(1);
    expect(check.stdout).toMatch(/the state cannot be read: ~\/\.clawdia\/clawdia\.json:1:\d+: /);
    expect(check.stdout).not.toContain("All credentials in use are ok");
    const json = parseStdout(box.run(["models", "status", "--json"]));
    expect(json.stateReadable).toBe(false);
    expect(json.agents[0].providers[0].health).toBe("broken");
    const prom = box.run(["models", "status", "--format", "prometheus"]).stdout;
    expect(prom).toContain('health="broken"} 1');
    expect(prom).toContain("clawdia_state_readable 0");
    expect(prom).toContain('health="ok"} 0'); // a state set: the other healths are there, at 0
    expect(prom).not.toContain('health="ok"} 1');
    expect(box.run(["doctor"]).code).toBe(1);
  });

  it("an auth store that does not parse is named (not a plain 'No credentials found')", () => {
    const box = bare();
    fs.writeFileSync(box.store(), '{ "version": 1, "profiles": { ');
    const check = box.run(["models", "status", "--check"]);
    expect(check.code).toBe(1);
    expect(check.stdout).toMatch(
      /the state cannot be read: ~\/\.clawdia\/agents\/main\/agent\/auth-profiles\.json:1:\d+/,
    );
    expect(check.stderr).not.toContain(STACK_FRAME);
  });
});

describe("Claude Code's credentials that do not parse (case 9)", () => {
  it("are reported by doctor and make the anthropic verdict broken", () => {
    const box = bare();
    fs.writeFileSync(box.dotenv, `ANTHROPIC_API_KEY=${KEY}\n`);
    writeClaudeCredentials(box.home, { accessToken: "x" });
    fs.writeFileSync(path.join(box.home, ".claude/.credentials.json"), '{ "claudeAiOauth": { "accessToken": ');
    const check = box.run(["models", "status", "--check"]);
    expect(check.code).toBe(1);
    expect(check.stdout).toMatch(
      /Claude Code's credentials ~\/\.claude\/\.credentials\.json:1:\d+: it is not valid JSON/,
    );
    const doctor = box.run(["doctor", "--json"]);
    const found = parseStdout(doctor).findings.filter((f: any) => f.ruleId === "auth/claude-code-credentials-invalid");
    expect(found).toHaveLength(1);
    expect(found[0].severity).toBe("error");
    expect(doctor.code).toBe(1);
  });
});

describe("a stored profile the gateway never tries (case 8)", () => {
  it("configured anthropic:default with only anthropic:me@example.com stored: doctor errors with the order command, like --check", () => {
    const box = bare();
    writeJson(box.config, {
      agents: { list: [{ id: "main", default: true }] },
      auth: { profiles: { "anthropic:default": { provider: "anthropic", mode: "oauth" } } },
    });
    writeJson(box.store(), {
      version: 1,
      profiles: { "anthropic:me@example.com": { type: "api_key", provider: "anthropic", key: KEY } },
    });
    expect(box.run(["models", "status", "--check"]).code).toBe(1);
    const doctor = box.run(["doctor", "--json"]);
    expect(doctor.code).toBe(1);
    const [finding] = missing(doctor);
    expect(finding.message).toMatch(
      /anthropic:me@example\.com is stored but not in the order the gateway follows \(anthropic:default\)/,
    );
    expect(finding.advice).toEqual([
      "clawdia models auth order set --provider anthropic --agent main anthropic:me@example.com",
    ]);
    expect(
      box.run(["models", "auth", "order", "set", "--provider", "anthropic", "anthropic:me@example.com"]).code,
    ).toBe(0);
    expect(box.run(["models", "status", "--check"]).code).toBe(0);
    expect(missing(box.run(["doctor", "--json"]))).toEqual([]);
  });

  it("paste-token with auth.order [anthropic:default]: the new profile goes first in the order, and the output says so", () => {
    const box = bare();
    writeJson(box.config, {
      agents: { list: [{ id: "main", default: true }] },
      auth: { order: { anthropic: ["anthropic:default"] } },
    });
    const token = "sk-ant-oat01-VERDICTpastedTOKEN".padEnd(100, "0");
    const pasted = box.run(["models", "auth", "paste-token", "--provider", "anthropic"], { input: token });
    expect(pasted.code, pasted.stderr).toBe(0);
    expect(pasted.stdout).toContain(
      "So that the gateway tries it, auth.order.anthropic becomes anthropic:manual → anthropic:default.",
    );
    const json = parseStdout(box.run(["models", "status", "--json"]));
    expect(json.agents[0].providers[0].resolution.next).toBe("anthropic:manual");
    expect(box.run(["models", "status", "--check"]).code).toBe(0);
    expectNoSecrets([pasted], [token]);
  });
});

describe("a refused profile next in the order, the key exported (case 7)", () => {
  it("the gateway skips the refused profile for the key: --check 0, doctor warns (no error), and never advises exporting the key again", () => {
    const box = bare();
    writeJson(box.config, {
      agents: { list: [{ id: "main", default: true }] },
      auth: { order: { anthropic: ["anthropic:claude-cli"] } },
    });
    writeJson(box.store(), {
      version: 1,
      profiles: {
        "anthropic:claude-cli": {
          type: "token",
          provider: "anthropic",
          token: "sk-ant-oat01-VERDICTrefused".padEnd(100, "0"),
        },
      },
      usageStats: {
        "anthropic:claude-cli": {
          errorCount: 3,
          lastError:
            "This credential is only authorized for use with Claude Code and cannot be used for other API requests.",
        },
      },
    });
    const env = { ANTHROPIC_API_KEY: KEY };
    const status = parseStdout(box.run(["models", "status", "--json"], { env }));
    const anthropic = status.agents[0].providers[0];
    expect(anthropic.resolution.next).toBeUndefined();
    expect(anthropic.resolution.excluded.map((e: any) => e.profileId)).toEqual(["anthropic:claude-cli"]);
    expect(anthropic.effective.label).toBe("environment ANTHROPIC_API_KEY");
    expect(box.run(["models", "status", "--check"], { env }).code).toBe(0);
    const doctor = box.run(["doctor", "--json"], { env });
    const findings = parseStdout(doctor).findings.filter((f: any) => f.ruleId === "auth/claude-code-only-credential");
    expect(findings.map((f: any) => f.severity)).toEqual(["warning"]);
    expect(findings[0].message).toContain("the gateway skips it and uses environment ANTHROPIC_API_KEY");
    expect(findings[0].advice.join(" ")).not.toMatch(/export ANTHROPIC_API_KEY/);
    expect(doctor.code).toBe(2);
  });
});
