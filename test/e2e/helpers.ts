// Shared set-up for the end-to-end tests: a sandboxed home per test (removed when the test ends),
// the fixed clock, and small readers for files, modes and whole directory trees.
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { expect, onTestFinished } from "vitest";
import { copyFixture, ROOT, runCli, tempHome, writeJson, type CliOptions, type CliResult } from "../support/cli.js";

export { ROOT, writeJson, type CliResult };

/** The test clock: 2026-11-27T12:00:00Z. Fixture expiries are written relative to it. */
export const NOW = Date.UTC(2026, 10, 27, 12);
export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;

export interface Sandbox {
  home: string;
  stateDir: string;
  /** Runs the built CLI with this home and state dir, at NOW unless told otherwise. */
  run(args: string[], options?: Partial<CliOptions>): CliResult;
  /** A path inside the state dir. */
  state(...parts: string[]): string;
  /** The auth store of an agent. */
  store(agentId?: string): string;
  config: string;
  dotenv: string;
}

/** A fresh home (with a copy of fixtures/<name> as its ~/.clawdia when a name is given). */
export function sandbox(fixture?: string): Sandbox {
  const { home, stateDir, cleanup } = tempHome();
  onTestFinished(() => {
    makeWritable(home);
    cleanup();
  });
  if (fixture) copyFixture(fixture, stateDir);
  return sandboxAt(home, stateDir);
}

/** The Sandbox view of a home and state dir that already exist (cleanup is the caller's). */
export function sandboxAt(home: string, stateDir: string): Sandbox {
  return {
    home,
    stateDir,
    run: (args, options = {}) => runCli(args, { home, stateDir, now: NOW, ...options }),
    state: (...parts) => path.join(stateDir, ...parts),
    store: (agentId = "main") => path.join(stateDir, "agents", agentId, "agent", "auth-profiles.json"),
    config: path.join(stateDir, "clawdia.json"),
    dotenv: path.join(stateDir, ".env"),
  };
}

/** Tests chmod things read-only; give the owner write access back so the cleanup can remove them. */
function makeWritable(dir: string): void {
  if (!fs.existsSync(dir)) return;
  fs.chmodSync(dir, 0o700);
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isSymbolicLink()) continue;
    if (entry.isDirectory()) makeWritable(full);
  }
}

export function read(file: string): string {
  return fs.readFileSync(file, "utf8");
}

export function readJson<T = any>(file: string): T {
  return JSON.parse(read(file)) as T;
}

export function modeOf(file: string): number {
  return fs.statSync(file).mode & 0o777;
}

/** Every entry under `dir` (itself included): type, mode, and content for files, link target for links. */
export function tree(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const visit = (full: string, rel: string) => {
    const stat = fs.lstatSync(full);
    const mode = (stat.mode & 0o777).toString(8);
    if (stat.isSymbolicLink()) out[rel] = `link -> ${fs.readlinkSync(full)}`;
    else if (stat.isDirectory()) {
      out[rel] = `dir ${mode}`;
      for (const name of fs.readdirSync(full).sort())
        visit(path.join(full, name), rel === "." ? name : `${rel}/${name}`);
    } else out[rel] = `file ${mode} ${fs.readFileSync(full, "base64")}`;
  };
  if (fs.existsSync(dir)) visit(dir, ".");
  return out;
}

/** Parses stdout that must be nothing but one JSON document. */
export function parseStdout(result: CliResult): any {
  expect(result.stdout.trim().startsWith("{") || result.stdout.trim().startsWith("[")).toBe(true);
  return JSON.parse(result.stdout);
}

/** The mark of a Node stack trace in stderr: a user must never see one without CLAWDIA_DEBUG=1. */
export const STACK_FRAME = "    at ";

/** Writes Claude Code's credentials file ($HOME/.claude/.credentials.json, or under `dir`). */
export function writeClaudeCredentials(
  home: string,
  oauth: { accessToken: string; refreshToken?: string; expiresAt?: number; subscriptionType?: string },
  dir = path.join(home, ".claude"),
): string {
  const file = path.join(dir, ".credentials.json");
  writeJson(file, { claudeAiOauth: { scopes: ["user:inference"], subscriptionType: "max", ...oauth } });
  return file;
}

/**
 * A fake macOS `security` in a bin dir of its own: prints `credentials` (JSON) for
 * `find-generic-password -s "Claude Code-credentials" -w`, fails like the real one for anything else.
 * Returns a PATH with that dir first.
 */
export function fakeSecurity(home: string, credentials: unknown): string {
  const bin = path.join(home, "fake-bin");
  fs.mkdirSync(bin, { recursive: true });
  const payload = path.join(bin, "keychain-item.json");
  fs.writeFileSync(payload, JSON.stringify(credentials));
  const script = `#!/bin/sh
if [ "$1" = "find-generic-password" ] && [ "$2" = "-s" ] && [ "$3" = "Claude Code-credentials" ] && [ "$4" = "-w" ]; then
  cat '${payload}'
  exit 0
fi
echo "security: SecKeychainSearchCopyNext: The specified item could not be found in the keychain." >&2
exit 44
`;
  fs.writeFileSync(path.join(bin, "security"), script, { mode: 0o755 });
  return `${bin}:${process.env.PATH ?? "/usr/bin:/bin"}`;
}

/** The lines of <state>/doctor/history.jsonl, parsed. */
export function history(stateDir: string): any[] {
  const file = path.join(stateDir, "doctor", "history.jsonl");
  if (!fs.existsSync(file)) return [];
  return read(file)
    .split("\n")
    .filter((line) => line.trim())
    .map((line) => JSON.parse(line));
}

/** Run ids that have a backup directory. */
export function backupRuns(stateDir: string): string[] {
  const dir = path.join(stateDir, "backups");
  return fs.existsSync(dir) ? fs.readdirSync(dir).sort() : [];
}

/** The environment runCli gives the CLI (test/support/cli.ts), for the runners below that spawn it themselves. */
export function cliEnv(box: Sandbox, options: Partial<CliOptions> = {}): Record<string, string> {
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? "/usr/bin:/bin",
    HOME: box.home,
    NO_COLOR: "1",
    CLAWDIA_LOCK_TIMEOUT_MS: "300",
    CLAWDIA_STATE_DIR: box.stateDir,
    CLAWDIA_TEST_NOW: String(options.now ?? NOW),
  };
  for (const [key, value] of Object.entries(options.env ?? {})) if (value !== undefined) env[key] = value;
  return env;
}

/** node --import <seams> bin/clawdia.js: the command runCli runs. */
export const CLI_ARGV = ["--import", path.join(ROOT, "test/support/seams.mjs"), path.join(ROOT, "bin/clawdia.js")];

const NOBODY = 65534;

/**
 * Runs the CLI as the owner of the sandbox who is not root: permission bits mean nothing to root, so
 * when the tests run as root the home is handed to `nobody` and the CLI runs as that user.
 */
export function runAsOwner(box: Sandbox): Sandbox["run"] {
  if (process.getuid?.() !== 0) return box.run;
  chownTree(box.home, NOBODY);
  return (args, options = {}) => {
    const result = spawnSync(process.execPath, [...CLI_ARGV, ...args], {
      env: cliEnv(box, options),
      input: options.input ?? "",
      encoding: "utf8",
      timeout: 60_000,
      uid: NOBODY,
      gid: NOBODY,
    });
    return { code: result.status, stdout: result.stdout, stderr: result.stderr };
  };
}

function chownTree(target: string, id: number): void {
  fs.lchownSync(target, id, id);
  if (fs.lstatSync(target).isDirectory())
    for (const name of fs.readdirSync(target)) chownTree(path.join(target, name), id);
}

/** Whether util-linux `script` is there to give the CLI a pseudo-terminal. */
export const HAS_SCRIPT = spawnSync("script", ["--version"]).status === 0;

/**
 * Runs the CLI on a pseudo-terminal (through `script`), waits for `prompt` in its output, then types
 * `keys`. For the confirmation of unsafe fixes, which only happens on a TTY.
 */
export function runOnTty(
  box: Sandbox,
  args: string[],
  prompt: RegExp,
  keys: string,
): Promise<{ code: number | null; output: string }> {
  const quote = (word: string) => `'${word.replace(/'/g, `'\\''`)}'`;
  // A pty made by `script` from a pipe has 0 columns: prompts would wrap after every character.
  const command = "stty cols 120 rows 40; exec " + [process.execPath, ...CLI_ARGV, ...args].map(quote).join(" ");
  const child = spawn("script", ["-qec", command, "/dev/null"], { env: { ...cliEnv(box), TERM: "dumb" } });
  let output = "";
  let typed = false;
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill();
      reject(new Error(`no exit within 20 s; output so far:\n${output}`));
    }, 20_000);
    child.stdout.on("data", (chunk) => {
      output += String(chunk);
      if (!typed && prompt.test(output)) {
        typed = true;
        child.stdin.write(keys);
      }
    });
    child.on("close", (code) => {
      clearTimeout(timer);
      child.stdin.destroy();
      resolve({ code, output });
    });
  });
}

/** Starts the CLI without waiting for it (to change files while it runs); resolves when it exits. */
export function startCli(box: Sandbox, args: string[], options: Partial<CliOptions> = {}): Promise<CliResult> {
  const child = spawn(process.execPath, [...CLI_ARGV, ...args], {
    env: cliEnv(box, options),
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk) => (stdout += String(chunk)));
  child.stderr.on("data", (chunk) => (stderr += String(chunk)));
  return new Promise((resolve) => child.on("close", (code) => resolve({ code, stdout, stderr })));
}
