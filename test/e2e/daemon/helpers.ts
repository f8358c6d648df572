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
