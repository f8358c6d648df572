// The systemd user unit, through the real CLI: what the daemon will see, the unsafe .env fix (0600,
// backup, undo), broken units, and no secret in any output.
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { backupRuns, history, modeOf, read, sandbox } from "../helpers.js";
import { daemonSandbox, expectNoSecrets, fakeSystemctl, findingsOf, SYSTEMCTL_256, UNIT } from "./helpers.js";

const SHELL_KEY = "sk-ant-api03-PLANTEDshellONLYshellONLY01";
const UNIT_KEY = "sk-or-v1-unitinlineunitinline9999"; // in the fixture unit
const DROPIN_TOKEN = "plantedgatewaytoken0451"; // in the fixture drop-in, no key shape: masked by name
const RESTART = "systemctl --user restart clawdia-gateway";

describe("systemd unit (fixtures/daemon-systemd)", () => {
  it("finds the key only the shell has, and the secrets written into the unit and a drop-in", () => {
    const box = daemonSandbox("daemon-systemd");
    const result = box.run(["doctor", "--json"], { env: { ANTHROPIC_API_KEY: SHELL_KEY } });
    expect(result.code).toBe(1);
    const [missing] = findingsOf(result, "env/daemon-not-inherited");
    expect(missing).toMatchObject({
      severity: "error",
      subject: { provider: "anthropic", file: UNIT(box) },
      advice: ["clawdia doctor --fix (writes ANTHROPIC_API_KEY to ~/.clawdia/.env, mode 0600)", RESTART],
      fix: { safety: "unsafe", applied: false },
    });
    expect(missing.message).toContain(
      "will not see it: it is not in the unit's environment, ~/.clawdia/.env or config env.vars, and env.shellEnv is off",
    );
    const inline = findingsOf(result, "env/secret-in-service-file").map((f: any) => [
      f.message.split(" ")[0],
      f.subject.line,
    ]);
    expect(inline).toEqual([
      ["OPENROUTER_API_KEY", 14],
      ["CLAWDIA_GATEWAY_TOKEN", 6],
    ]);
    expect(findingsOf(result, "env/service-file-invalid")).toEqual([]);
    expect(findingsOf(result, "env/daemon-not-installed")).toEqual([]);
    expectNoSecrets([result], [SHELL_KEY, UNIT_KEY, DROPIN_TOKEN]);
  });

  it("doctor --fix --yes writes the key to <state>/.env (0600, backed up), and --undo restores the file byte for byte", () => {
    const box = daemonSandbox("daemon-systemd");
    const before = fs.readFileSync(box.dotenv);
    const env = { ANTHROPIC_API_KEY: SHELL_KEY };

    const fixed = box.run(["doctor", "--fix", "--yes", "--json"], { env });
    const report = JSON.parse(fixed.stdout);
    const change = report.changes.find((c: any) => c.id.startsWith("env/daemon-not-inherited"));
    expect(change).toMatchObject({ safety: "unsafe", status: "applied", files: [box.dotenv] });
    expect(change.title).toBe(
      `write ANTHROPIC_API_KEY from this shell to ~/.clawdia/.env; then restart the daemon: ${RESTART}`,
    );
    expect(findingsOf(fixed, "env/daemon-not-inherited")).toEqual([]);
    expect(report.unverified).toEqual([]);

    // Every other line kept, the key appended, mode 0600, the original in the run's backup.
    expect(read(box.dotenv)).toBe(`${before.toString()}ANTHROPIC_API_KEY=${SHELL_KEY}\n`);
    expect(modeOf(box.dotenv)).toBe(0o600);
    const [runId] = backupRuns(box.stateDir);
    expect(
      fs.readFileSync(
        path.join(
          box.stateDir,
          "backups",
          runId,
          fs.readdirSync(path.join(box.stateDir, "backups", runId)).find((n) => n !== "manifest.json")!,
        ),
      ),
    ).toEqual(before);
    expect(history(box.stateDir).at(-1).runId).toBe(runId);

    // The daemon now sees it (from .env, through EnvironmentFile=-%h/.clawdia/.env too).
    const status = box.run(["models", "status"], { env });
    expect(status.stdout).toMatch(/daemon: yes, from EnvironmentFile= ~\/\.clawdia\/\.env:3 {2}sk-ant-api03-…LY01/);

    const undone = box.run(["doctor", "--undo"]);
    expect(undone.code).toBe(0);
    expect(fs.readFileSync(box.dotenv)).toEqual(before);
    expect(modeOf(box.dotenv)).toBe(0o600);
    expectNoSecrets([fixed, status, undone], [SHELL_KEY, UNIT_KEY, DROPIN_TOKEN]);
  });

  it("creates <state>/.env with mode 0600 when there is none", () => {
    const box = daemonSandbox("daemon-systemd");
    fs.rmSync(box.dotenv);
    const result = box.run(["doctor", "--fix", "--yes"], { env: { ANTHROPIC_API_KEY: SHELL_KEY } });
    expect(result.stdout).toContain("write ANTHROPIC_API_KEY from this shell to ~/.clawdia/.env");
    expect(read(box.dotenv)).toBe(`ANTHROPIC_API_KEY=${SHELL_KEY}\n`);
    expect(modeOf(box.dotenv)).toBe(0o600);
    box.run(["doctor", "--undo"]);
    expect(fs.existsSync(box.dotenv)).toBe(false);
  });

  it("without --fix, or without --yes off a terminal, .env is left alone", () => {
    const box = daemonSandbox("daemon-systemd");
    const before = read(box.dotenv);
    const plain = box.run(["doctor", "--json"], { env: { ANTHROPIC_API_KEY: SHELL_KEY } });
    expect(JSON.parse(plain.stdout).changes.find((c: any) => c.id.startsWith("env/daemon-not-inherited")).status).toBe(
      "needs-fix",
    );
    const noYes = box.run(["doctor", "--fix", "--json"], { env: { ANTHROPIC_API_KEY: SHELL_KEY } });
    expect(JSON.parse(noYes.stdout).changes.find((c: any) => c.id.startsWith("env/daemon-not-inherited")).status).toBe(
      "declined",
    );
    expect(read(box.dotenv)).toBe(before);
  });

  it("no planted secret in any output: text, JSON, SARIF, the --dry-run diff, models status", () => {
    const box = daemonSandbox("daemon-systemd");
    fs.appendFileSync(box.dotenv, "CLAWDIA_GATEWAY_PASSWORD=plantedDotenvPassword77\n");
    const env = { ANTHROPIC_API_KEY: SHELL_KEY, CLAWDIA_GATEWAY_PASSWORD: "plantedShellPassword88" };
    const runs = [
      box.run(["doctor"], { env }),
      box.run(["doctor", "--json"], { env }),
      box.run(["doctor", "--sarif"], { env }),
      box.run(["doctor", "--fix", "--yes", "--dry-run"], { env }),
      box.run(["models", "status"], { env }),
      box.run(["models", "status", "--json"], { env }),
    ];
    expect(runs[3].stdout).toContain("+ANTHROPIC_API_KEY=sk-ant-api03-…LY01");
    expectNoSecrets(runs, [SHELL_KEY, UNIT_KEY, DROPIN_TOKEN, "plantedDotenvPassword77", "plantedShellPassword88"]);
  });

  it("models status shows, per provider, whether the daemon sees a credential and from where", () => {
    const box = daemonSandbox("daemon-systemd");
    const env = { ANTHROPIC_API_KEY: SHELL_KEY, PATH: fakeSystemctl(box, { output: SYSTEMCTL_256 }).PATH };
    const text = box.run(["models", "status"], { env }).stdout;
    expect(text).toContain("Daemon:        systemd unit ~/.config/systemd/user/clawdia-gateway.service (systemd 256)");
    expect(text).toContain(
      `daemon: no: ANTHROPIC_API_KEY is only in this shell; \`clawdia doctor --fix\` writes it to ~/.clawdia/.env, then \`${RESTART}\``,
    );
    expect(text).toContain(
      "daemon: yes, from Environment= in ~/.config/systemd/user/clawdia-gateway.service:14  sk-or-v1-…9999",
    );
    const json = JSON.parse(box.run(["models", "status", "--json"], { env }).stdout);
    expect(json.daemon).toEqual({
      kind: "systemd",
      installed: true,
      file: UNIT(box),
      restartCommand: RESTART,
      systemdVersion: 256,
    });
    const providers = Object.fromEntries(json.agents[0].providers.map((p: any) => [p.provider, p.daemon]));
    expect(providers).toEqual({
      anthropic: { sees: "no", onlyInThisShell: true },
      openrouter: {
        sees: "yes",
        source: { kind: "unit", label: "Environment= in ~/.config/systemd/user/clawdia-gateway.service:14" },
        fingerprint: "sk-or-v1-…9999",
      },
    });
  });

  it("--check is the daemon's verdict: a key only this shell has fails it; --shell judges this shell; the fix makes it pass", () => {
    const box = daemonSandbox("daemon-systemd");
    const env = { ANTHROPIC_API_KEY: SHELL_KEY, OPENROUTER_API_KEY: "sk-or-v1-shellshellshell5555" };
    const result = box.run(["models", "status", "--check"], { env });
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(
      /this shell: ok \(environment ANTHROPIC_API_KEY {2}sk-ant-api03-…LY01\) · the gateway daemon: missing, no credential/,
    );
    expect(result.stdout).toContain(
      "Verdict for:   the gateway daemon (systemd unit ~/.config/systemd/user/clawdia-gateway.service)",
    );
    expect(box.run(["models", "status", "--check", "--shell"], { env }).code).toBe(0);
    expect(box.run(["doctor", "--fix", "--yes"], { env }).code).not.toBe(1);
    expect(box.run(["models", "status", "--check"], { env }).code).toBe(0);
  });
});

describe("a broken unit (fixtures/daemon-systemd-missing-envfile)", () => {
  it("a missing EnvironmentFile= is an error with its line; lines systemd ignores are warnings", () => {
    const box = daemonSandbox("daemon-systemd-missing-envfile");
    const result = box.run(["doctor", "--json"]);
    const problems = findingsOf(result, "env/service-file-invalid").map((f: any) => [
      f.severity,
      f.subject.line,
      f.message,
    ]);
    expect(problems).toEqual([
      [
        "warning",
        8,
        "~/.config/systemd/user/clawdia-gateway.service:8: Environment=: unbalanced quoting; systemd ignores the rest of the line",
      ],
      [
        "warning",
        9,
        '~/.config/systemd/user/clawdia-gateway.service:9: Environment=: unknown escape sequence "\\d"; systemd ignores the rest of the line',
      ],
      [
        "error",
        6,
        'EnvironmentFile=~/.config/clawdia/gateway.env does not exist, so systemd will refuse to start the gateway ("Failed to load environment files")',
      ],
    ]);
    expect(result.code).toBe(1);
    const sarif = JSON.parse(box.run(["doctor", "--sarif"]).stdout);
    const located = sarif.runs[0].results.find(
      (r: any) => r.ruleId === "env/service-file-invalid" && r.level === "error",
    );
    expect(located.locations[0].physicalLocation.region.startLine).toBe(6);
  });

  it("creating the file clears the error", () => {
    const box = daemonSandbox("daemon-systemd-missing-envfile");
    fs.mkdirSync(path.join(box.home, ".config/clawdia"), { recursive: true });
    fs.writeFileSync(path.join(box.home, ".config/clawdia/gateway.env"), "CLAWDIA_LOG_LEVEL=info\n", { mode: 0o600 });
    const errors = findingsOf(box.run(["doctor", "--json"]), "env/service-file-invalid").filter(
      (f: any) => f.severity === "error",
    );
    expect(errors).toEqual([]);
  });
});

describe("no daemon installed", () => {
  it("says so as info, and guesses nothing", () => {
    const box = sandbox("healthy");
    const result = box.run(["doctor", "--json"], { env: { ANTHROPIC_API_KEY: SHELL_KEY } });
    const report = JSON.parse(result.stdout);
    const env = report.findings.filter((f: any) => f.ruleId.startsWith("env/"));
    expect(env).toEqual([
      expect.objectContaining({
        ruleId: "env/daemon-not-installed",
        severity: "info",
        message:
          "no gateway daemon is installed for this user (no ~/.config/systemd/user/clawdia-gateway.service): the daemon environment checks were skipped",
      }),
    ]);
    expect(box.run(["models", "status"]).stdout).toContain(
      "Daemon:        none installed (no ~/.config/systemd/user/clawdia-gateway.service)",
    );
  });
});
