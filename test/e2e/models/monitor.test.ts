// `clawdia models auth monitor` with systemd: units written through the transaction, systemctl (a
// fake first on PATH) run in the right order, uninstall removes them through the transaction
// (undoable). launchd and cron: monitor-schedulers.test.ts.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { history, read, ROOT, sandbox, type Sandbox } from "../helpers.js";

function fakeSystemctl(box: Sandbox): { bin: string; log: string } {
  const bin = path.join(box.home, "bin");
  const log = path.join(box.home, "systemctl.log");
  fs.mkdirSync(bin, { recursive: true });
  fs.writeFileSync(path.join(bin, "systemctl"), `#!/bin/sh\necho "$*" >> "${log}"\n`, { mode: 0o755 });
  return { bin, log };
}

const unitDir = (box: Sandbox) => path.join(box.home, ".config", "systemd", "user");

describe("models auth monitor", () => {
  it("print shows both units and writes nothing", () => {
    const box = sandbox();
    const result = box.run(["models", "auth", "monitor", "print", "--every", "12h", "--scheduler", "systemd"]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("OnUnitActiveSec=12h");
    expect(result.stdout).toMatch(/models status --check/);
    expect(fs.existsSync(unitDir(box))).toBe(false);
  });

  it("a user manager that answers: install writes the units (0600), enables the timer; uninstall disables and moves them away", () => {
    const box = sandbox();
    const { bin, log } = fakeSystemctl(box);
    const env = { PATH: `${bin}:${process.env.PATH}` };
    const install = box.run(["models", "auth", "monitor", "install", "--notify", "logger clawdia-auth"], { env });
    expect(install.stderr).toBe("");
    expect(install.code).toBe(0);
    const service = path.join(unitDir(box), "clawdia-auth-monitor.service");
    expect(read(service)).toContain("logger clawdia-auth");
    expect(fs.statSync(service).mode & 0o777).toBe(0o600);
    // The first call asks whether a user manager answers, which is what chooses systemd.
    expect(read(log).trim().split("\n")).toEqual([
      "--user show --property=Version",
      "--user daemon-reload",
      "--user enable --now clawdia-auth-monitor.timer",
    ]);

    const uninstall = box.run(["models", "auth", "monitor", "uninstall"], { env });
    expect(uninstall.code).toBe(0);
    expect(uninstall.stdout).toMatch(/^Removed ~\/\.config\/systemd\/user\/clawdia-auth-monitor\.service$/m);
    expect(uninstall.stdout).toMatch(/undo: clawdia doctor --undo/);
    expect(fs.existsSync(service)).toBe(false);
    expect(read(log).trim().split("\n").slice(3)).toEqual([
      "--user show --property=Version",
      "--user disable --now clawdia-auth-monitor.timer",
      "--user daemon-reload",
    ]);
    expect(history(box.stateDir).at(-1)).toMatchObject({ command: "models auth monitor uninstall" });

    // Undone, the units are back byte for byte (and the timer is for the user to enable again).
    const installed = read(log);
    expect(box.run(["doctor", "--undo"], { env }).code).toBe(0);
    expect(read(service)).toContain("logger clawdia-auth");
    expect(read(log)).toBe(installed);
  });

  it("systemctl failing as it does without a user bus: the units are written (undoable), the failure is on stderr, exit 1", () => {
    const box = sandbox();
    const bin = path.join(box.home, "bin");
    fs.mkdirSync(bin, { recursive: true });
    // What systemctl --user prints (on stderr) and exits with where no user manager runs.
    fs.writeFileSync(
      path.join(bin, "systemctl"),
      `#!/bin/sh\necho "Failed to connect to bus: No medium found" >&2\nexit 1\n`,
      { mode: 0o755 },
    );
    const install = box.run(["models", "auth", "monitor", "install", "--scheduler", "systemd"], {
      env: { PATH: `${bin}:${process.env.PATH}` },
    });
    expect(install.code).toBe(1);
    expect(install.stdout).toMatch(/^Wrote ~\/\.config\/systemd\/user\/clawdia-auth-monitor\.service/);
    expect(install.stdout).not.toContain("Failed");
    expect(install.stderr).toContain(
      "clawdia: Failed: systemctl --user daemon-reload: Failed to connect to bus: No medium found; run it yourself",
    );
    expect(fs.existsSync(path.join(unitDir(box), "clawdia-auth-monitor.timer"))).toBe(true);
  });

  it("run from npx's cache: a warning that the unit would point there (npm cleans it), the units as asked", () => {
    const box = sandbox();
    const pkg = path.join(box.home, ".npm", "_npx", "0123abcd", "node_modules", "clawdia");
    fs.cpSync(path.join(ROOT, "bin"), path.join(pkg, "bin"), { recursive: true });
    fs.cpSync(path.join(ROOT, "dist", "cli"), path.join(pkg, "dist", "cli"), {
      recursive: true,
      filter: (source) => !source.includes(".code-cache"),
    });
    fs.copyFileSync(path.join(ROOT, "package.json"), path.join(pkg, "package.json"));
    const result = spawnSync(
      process.execPath,
      [path.join(pkg, "bin", "clawdia.js"), "models", "auth", "monitor", "print", "--scheduler", "systemd"],
      { env: { PATH: process.env.PATH, HOME: box.home, CLAWDIA_STATE_DIR: box.stateDir }, encoding: "utf8" },
    );
    expect(result.status).toBe(0);
    expect(result.stderr).toBe(
      `clawdia: warning: the monitor would run ${path.join(pkg, "bin", "clawdia.js")}, inside npx's cache, which npm may clean at any time; install clawdia (npm install -g clawdia) and run this again from there\n`,
    );
    expect(result.stdout).toContain(
      `ExecStart=${process.execPath} ${path.join(pkg, "bin", "clawdia.js")} --state-dir ${box.stateDir} models status --check`,
    );
    expect(box.run(["models", "auth", "monitor", "print", "--scheduler", "systemd"]).stderr).toBe("");
  });

  it("carries CLAWDIA_CONFIG_PATH into the service", () => {
    const box = sandbox();
    const config = path.join(box.home, "elsewhere", "clawdia.json");
    const result = box.run(["models", "auth", "monitor", "print", "--scheduler", "systemd"], {
      env: { CLAWDIA_CONFIG_PATH: config },
    });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`Environment=CLAWDIA_CONFIG_PATH=${config}\n`);
  });

  it("--scheduler systemd without systemctl: install prints the commands to run", () => {
    const box = sandbox();
    const emptyBin = path.join(box.home, "empty-bin");
    fs.mkdirSync(emptyBin);
    const result = box.run(["models", "auth", "monitor", "install", "--scheduler", "systemd"], {
      env: { PATH: emptyBin },
    });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("Run: systemctl --user enable --now clawdia-auth-monitor.timer");
  });

  it.each([["0m"], ["8d"], ["often"]])("--every %s is bad usage", (every) => {
    const box = sandbox();
    const result = box.run(["models", "auth", "monitor", "install", "--every", every]);
    expect(result.code).toBe(64);
    expect(fs.existsSync(unitDir(box))).toBe(false);
  });
});
