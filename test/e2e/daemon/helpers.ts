// A sandbox with a gateway daemon installed: fixtures/daemon-<name>/home/ is copied into the sandbox's
// home (unit files 0644 as systemd and launchd leave them), fixtures/daemon-<name>/state/ into its
// ~/.clawdia (0600/0700, as the gateway leaves them).
import fs from "node:fs";
import path from "node:path";
import { expect } from "vitest";
import { ROOT, sandbox, type CliResult, type Sandbox } from "../helpers.js";

export function daemonSandbox(fixture: string): Sandbox {
  const box = sandbox();
  const dir = path.join(ROOT, "fixtures", fixture);
  copyTree(path.join(dir, "home"), box.home, 0o644, 0o755);
  copyTree(path.join(dir, "state"), box.stateDir, 0o600, 0o700);
  return box;
}

function copyTree(from: string, to: string, fileMode: number, dirMode: number): void {
  if (!fs.existsSync(from)) return;
  fs.mkdirSync(to, { recursive: true, mode: dirMode });
  fs.chmodSync(to, dirMode);
  for (const entry of fs.readdirSync(from, { withFileTypes: true })) {
    const source = path.join(from, entry.name);
    const target = path.join(to, entry.name);
    if (entry.isDirectory()) copyTree(source, target, fileMode, dirMode);
    else {
      fs.copyFileSync(source, target);
      fs.chmodSync(target, fileMode);
    }
  }
}

export const UNIT = (box: Sandbox) => path.join(box.home, ".config/systemd/user/clawdia-gateway.service");
export const PLIST = (box: Sandbox) => path.join(box.home, "Library/LaunchAgents/ai.clawdia.gateway.plist");
export const UID = process.getuid?.() ?? 501;

/** Asserts that none of `secrets` appears in any output of any of `results`. */
export function expectNoSecrets(results: CliResult[], secrets: string[]): void {
  for (const result of results) {
    for (const secret of secrets) {
      expect(result.stdout, `stdout leaks ${secret.slice(0, 12)}…`).not.toContain(secret);
      expect(result.stderr, `stderr leaks ${secret.slice(0, 12)}…`).not.toContain(secret);
    }
  }
}

export function findingsOf(result: CliResult, ruleId: string): any[] {
  return JSON.parse(result.stdout).findings.filter((f: any) => f.ruleId === ruleId);
}

/** What the real systemctl prints for `--version` (Debian 12, Ubuntu 24.10), first line first. */
export const SYSTEMCTL_252 =
  "systemd 252 (252.38-1~deb12u1)\n+PAM +AUDIT +SELINUX +APPARMOR +IMA +SMACK +SECCOMP +GCRYPT -GNUTLS +OPENSSL +ACL default-hierarchy=unified\n";
export const SYSTEMCTL_256 =
  "systemd 256 (256.5-2ubuntu3)\n+PAM +AUDIT +SELINUX +APPARMOR +IMA +SMACK +SECCOMP +GCRYPT -GNUTLS +OPENSSL +ACL default-hierarchy=unified\n";

/**
 * A fake `systemctl` first on PATH: `--version` prints `output` (or sleeps, or fails); every call is
 * appended to `calls` in its dir. Returns { PATH, calls }.
 */
export function fakeSystemctl(
  box: Sandbox,
  how: { output: string } | { hang: true } | { exit: number },
): { PATH: string; calls: string } {
  const bin = path.join(box.home, "fake-systemctl-bin");
  fs.mkdirSync(bin, { recursive: true });
  const calls = path.join(bin, "calls");
  const payload = path.join(bin, "version.txt");
  if ("output" in how) fs.writeFileSync(payload, how.output);
  const act =
    "output" in how
      ? `cat '${payload}'`
      : "hang" in how
        ? "exec sleep 30"
        : `echo "systemctl: failed" >&2; exit ${how.exit}`;
  fs.writeFileSync(path.join(bin, "systemctl"), `#!/bin/sh\necho "$*" >> '${calls}'\n${act}\n`, { mode: 0o755 });
  return { PATH: `${bin}:${process.env.PATH ?? "/usr/bin:/bin"}`, calls };
}
