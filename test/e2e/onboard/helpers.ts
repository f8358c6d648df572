// Shared by the onboard end-to-end tests: the wizard on a real pseudo-terminal, an installed daemon,
// and the search of every output (and the history) for planted secrets.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { expect } from "vitest";
import { ROOT } from "../../support/cli.js";
import { cliEnv, CLI_ARGV, read, type Sandbox } from "../helpers.js";

export interface TtyRun {
  code: number | null;
  screen: string;
}

export interface TtyOptions {
  /** Directories put first on PATH (a fake `claude`). */
  pathPrefix?: string;
  env?: Record<string, string>;
  /** PATH exactly (pathPrefix aside): to leave a command such as `script` out. */
  path?: string;
}

/** python3's own executable (not a shim that needs PATH), so a test may give the CLI a PATH without it. */
const PYTHON =
  spawnSync("python3", ["-c", "import sys; print(sys.executable)"], { encoding: "utf8" }).stdout?.trim() || "python3";

/**
 * Runs `clawdia onboard` (or `args`) on a pseudo-terminal; each [waitFor, send] types `send` once
 * `waitFor` shows, and [waitFor, send, shell] first runs `shell` (another process at work meanwhile).
 */
export function onTty(
  box: Sandbox,
  steps: ([string, string] | [string, string, string])[],
  options: TtyOptions = {},
  args = ["onboard"],
): TtyRun {
  const env: Record<string, string> = { ...cliEnv(box, { env: options.env }), TERM: "dumb" };
  if (options.path !== undefined) env.PATH = options.path;
  if (options.pathPrefix) env.PATH = `${options.pathPrefix}:${env.PATH}`;
  const result = spawnSync(
    PYTHON,
    [path.join(ROOT, "test/support/pty-run.py"), JSON.stringify(steps), "--", process.execPath, ...CLI_ARGV, ...args],
    {
      encoding: "utf8",
      timeout: 40_000,
      env,
    },
  );
  if (result.status !== 0) throw new Error(`pty-run failed: ${result.stderr}`);
  return JSON.parse(result.stdout) as TtyRun;
}

export const KEYS = { enter: "\r", down: "\x1b[B", ctrlC: "\x03" };

/** A systemd user unit for the gateway in the sandbox's home: onboarding then sees a daemon. */
export function installSystemdUnit(box: Sandbox): void {
  const unit = path.join(box.home, ".config", "systemd", "user", "clawdia-gateway.service");
  fs.mkdirSync(path.dirname(unit), { recursive: true });
  fs.writeFileSync(unit, "[Service]\nExecStart=/usr/bin/clawdia gateway\n");
}

export function installLaunchdAgent(box: Sandbox): void {
  const plist = path.join(box.home, "Library", "LaunchAgents", "ai.clawdia.gateway.plist");
  fs.mkdirSync(path.dirname(plist), { recursive: true });
  fs.writeFileSync(plist, '<?xml version="1.0"?><plist version="1.0"><dict/></plist>\n');
}

/**
 * No planted secret in any output, nor in the history (<state>/doctor/history.jsonl) or anything else
 * under <state>/doctor. (Backups hold copies of the user's files by design, mode 0600.)
 */
export function expectNoSecrets(box: Sandbox, outputs: string[], secrets: string[]): void {
  const doctorDir = box.state("doctor");
  const recorded = fs.existsSync(doctorDir)
    ? fs.readdirSync(doctorDir).map((name) => read(path.join(doctorDir, name)))
    : [];
  for (const text of [...outputs, ...recorded]) {
    for (const secret of secrets) expect(text, "a planted secret was printed or recorded").not.toContain(secret);
  }
}

/** Every file under the home, for "nothing was written" (a refusal leaves the tree exactly as it was). */
export { tree } from "../helpers.js";
