// env.shellEnv: the login shell is run only when enabled, bounded by timeoutMs, and what it gives counts.
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { writeJson, type Sandbox } from "../helpers.js";
import { daemonSandbox, expectNoSecrets, findingsOf } from "./helpers.js";

const SHELL_KEY = "sk-ant-api03-PLANTEDloginSHELLkey00003";

/** A fake login shell: records that it ran, then runs `body` (sh). */
function fakeShell(box: Sandbox, body: string): string {
  const shell = path.join(box.home, "fake-shell");
  fs.writeFileSync(shell, `#!/bin/sh\ntouch '${box.home}/shell-ran'\n${body}\n`, { mode: 0o755 });
  return shell;
}

function shellEnv(box: Sandbox, enabled: boolean, timeoutMs?: number): void {
  writeJson(box.config, { env: { shellEnv: { enabled, ...(timeoutMs ? { timeoutMs } : {}) } } });
}

describe("env.shellEnv", () => {
  it("off: the login shell is never run (doctor, models status --check)", () => {
    const box = daemonSandbox("daemon-systemd");
    shellEnv(box, false);
    const shell = fakeShell(box, "exit 0");
    box.run(["doctor"], { env: { SHELL: shell } });
    box.run(["models", "status", "--check"], { env: { SHELL: shell } });
    expect(fs.existsSync(path.join(box.home, "shell-ran"))).toBe(false);
  });

  it("on: a key the login shell exports counts for the daemon (and is masked)", () => {
    const box = daemonSandbox("daemon-systemd");
    shellEnv(box, true);
    // Called as `$SHELL -l -c '<command>'`: drop -l -c and run the command, as a login shell would.
    const shell = fakeShell(box, `export ANTHROPIC_API_KEY=${SHELL_KEY}\nshift 2\nexec sh -c "$1"`);
    const env = { SHELL: shell, ANTHROPIC_API_KEY: SHELL_KEY };
    const doctor = box.run(["doctor", "--json"], { env });
    expect(fs.existsSync(path.join(box.home, "shell-ran"))).toBe(true);
    expect(findingsOf(doctor, "env/daemon-not-inherited")).toEqual([]);
    expect(findingsOf(doctor, "env/shell-env-slow")).toEqual([]);
    const status = box.run(["models", "status"], { env });
    expect(status.stdout).toContain("daemon: yes, from the login shell (env.shellEnv)  sk-ant-api03-…0003");
    expectNoSecrets([doctor, status], [SHELL_KEY]);
  });

  it("on: a shell slower than timeoutMs is stopped at the bound and reported", () => {
    const box = daemonSandbox("daemon-systemd");
    shellEnv(box, true, 300);
    const shell = fakeShell(box, "exec sleep 20");
    const started = Date.now();
    const result = box.run(["doctor", "--json"], { env: { SHELL: shell } });
    expect(Date.now() - started).toBeLessThan(10_000);
    const [slow] = findingsOf(result, "env/shell-env-slow");
    expect(slow).toMatchObject({ severity: "warning", subject: { file: box.config, path: ["env", "shellEnv"] } });
    expect(slow.message).toBe(
      `env.shellEnv is on, but the login shell (${shell} -l) did not finish within 300 ms (env.shellEnv.timeoutMs): the gateway starts without the keys it would import from it`,
    );
  });

  it("on: a shell that fails is reported with its first error line", () => {
    const box = daemonSandbox("daemon-systemd");
    shellEnv(box, true);
    const shell = fakeShell(box, "echo 'zprofile:3: command not found: brew' >&2; exit 3");
    const [failed] = findingsOf(box.run(["doctor", "--json"], { env: { SHELL: shell } }), "env/shell-env-slow");
    expect(failed.message).toContain("failed (exited with status 3: zprofile:3: command not found: brew)");
  });
});
