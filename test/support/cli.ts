// Runs the built CLI as a child process, the way a user or a script would.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const BIN = path.join(ROOT, "bin/clawdia.js");
const SEAMS = path.join(ROOT, "test/support/seams.mjs");

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface CliOptions {
  home: string;
  stateDir?: string;
  env?: Record<string, string | undefined>;
  input?: string;
  /** The clock, in ms since the epoch (through the test seam). */
  now?: number;
  platform?: NodeJS.Platform;
}

export function runCli(args: string[], options: CliOptions): CliResult {
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? "/usr/bin:/bin",
    HOME: options.home,
    NO_COLOR: "1",
    CLAWDIA_LOCK_TIMEOUT_MS: "300",
  };
  if (options.stateDir) env.CLAWDIA_STATE_DIR = options.stateDir;
  if (options.now !== undefined) env.CLAWDIA_TEST_NOW = String(options.now);
  if (options.platform) env.CLAWDIA_TEST_PLATFORM = options.platform;
  for (const [key, value] of Object.entries(options.env ?? {})) {
    if (value === undefined) delete env[key];
    else env[key] = value;
  }
  const result = spawnSync(process.execPath, ["--import", SEAMS, BIN, ...args], {
    env,
    input: options.input ?? "",
    encoding: "utf8",
    timeout: 60_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** A fresh temporary home with an empty `.clawdia` path (not created). */
export function tempHome(): { home: string; stateDir: string; cleanup: () => void } {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), "clawdia-test-"));
  return {
    home,
    stateDir: path.join(home, ".clawdia"),
    cleanup: () => fs.rmSync(home, { recursive: true, force: true }),
  };
}

/** Copies fixtures/<name> into a state dir, with the modes the gateway would give the files. */
export function copyFixture(name: string, stateDir: string): void {
  fs.cpSync(path.join(ROOT, "fixtures", name), stateDir, { recursive: true });
  fs.chmodSync(stateDir, 0o700);
  for (const file of walk(stateDir)) fs.chmodSync(file, 0o600);
}

function walk(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      fs.chmodSync(full, 0o700);
      return walk(full);
    }
    return entry.isFile() ? [full] : [];
  });
}

export function writeJson(file: string, value: unknown, mode = 0o600): void {
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  fs.writeFileSync(file, JSON.stringify(value, null, 2) + "\n", { mode });
  fs.chmodSync(file, mode);
}
