// Shared by the reliability tests: states whose one run writes many files, async CLI runs (two at a
// time on this 2-core machine: vitest runs the files one after another), and the checks every crash
// test makes (each file old or new and parsing, the user's files back byte for byte after --undo).
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { parse as parseJsonc, type ParseError } from "jsonc-parser";
import { expect } from "vitest";
import {
  CLI_ARGV,
  cliEnv,
  DAY,
  NOW,
  sandbox,
  STACK_FRAME,
  tree,
  writeClaudeCredentials,
  writeJson,
  type Sandbox,
} from "../e2e/helpers.js";
import { copyFixture, runCli, tempHome } from "../support/cli.js";

export { NOW, DAY, STACK_FRAME, sandbox, tree, type Sandbox };

export interface Outcome {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  ms: number;
}

export interface Started {
  child: ChildProcess;
  done: Promise<Outcome>;
}

/** Starts the built CLI (with the test preload) on a sandbox; `env` adds to or removes from cliEnv. */
export function start(box: Sandbox, args: string[], env: Record<string, string | undefined> = {}): Started {
  const full: Record<string, string> = cliEnv(box);
  for (const [key, value] of Object.entries(env)) {
    if (value === undefined) delete full[key];
    else full[key] = value;
  }
  const began = Date.now();
  const child = spawn(process.execPath, [...CLI_ARGV, ...args], { env: full, stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stdout!.on("data", (chunk) => (stdout += String(chunk)));
  child.stderr!.on("data", (chunk) => (stderr += String(chunk)));
  const done = new Promise<Outcome>((resolve) =>
    child.on("close", (code, signal) => resolve({ code, signal, stdout, stderr, ms: Date.now() - began })),
  );
  return { child, done };
}

export function run(box: Sandbox, args: string[], env: Record<string, string | undefined> = {}): Promise<Outcome> {
  return start(box, args, env).done;
}

/** Runs `work` for each item, `width` at a time. */
export async function pool<T, R>(
  items: T[],
  width: number,
  work: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const lane = async () => {
    for (let i = next++; i < items.length; i = next++) results[i] = await work(items[i], i);
  };
  await Promise.all(Array.from({ length: Math.min(width, items.length) }, lane));
  return results;
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * A sandbox that the caller removes (sandbox() ties its removal to the current test, which in a
 * describe.concurrent block may be another test: it would delete a home still in use).
 */
export function detachedSandbox(fixture?: string): Sandbox & { cleanup: () => void } {
  const { home, stateDir, cleanup } = tempHome();
  if (fixture) copyFixture(fixture, stateDir);
  return {
    home,
    stateDir,
    cleanup,
    run: (args, options = {}) => runCli(args, { home, stateDir, now: NOW, ...options }),
    state: (...parts) => path.join(stateDir, ...parts),
    store: (agentId = "main") => path.join(stateDir, "agents", agentId, "agent", "auth-profiles.json"),
    config: path.join(stateDir, "clawdia.json"),
    dotenv: path.join(stateDir, ".env"),
  };
}

// ---- states -------------------------------------------------------------------------------------

export const CLI_ACCESS = "sk-ant-oat01-RELIABLEsyncAccess0000000000000000000000000000000000000000";
export const CLI_REFRESH = "sk-ant-ort01-RELIABLEsyncRefresh000000000000000000000000000000000000000";

/**
 * One `doctor --fix --yes` run writes the config, two stores and three modes:
 * mode-mismatch (unsafe fix: config profile mode), a dangling auth.order id (safe fix: config),
 * a second agent `work`, a newer Claude Code credential (sync into both stores + the config entry),
 * and every file 0644 with the state dir 0755 (chmods).
 */
export function everythingAtOnce(): Sandbox {
  const box = sandbox("mode-mismatch");
  const config = fs
    .readFileSync(box.config, "utf8")
    .replace('[{ "id": "main", "default": true }]', '[{ "id": "main", "default": true }, { "id": "work" }]')
    .replace(
      /\n    }\n  }\n}\n?$/,
      '\n    },\n    // tried first to last\n    "order": { "anthropic": ["anthropic:old", "anthropic:default", "anthropic:work"] }\n  }\n}\n',
    );
  fs.writeFileSync(box.config, config);
  writeJson(box.store("work"), {
    version: 1,
    profiles: {
      "anthropic:work": {
        type: "api_key",
        provider: "anthropic",
        key: "sk-ant-api03-RELIABLEworkKey00000000000000000000000000000000000000000000",
      },
    },
    usageStats: { "anthropic:work": { lastUsed: NOW - DAY, errorCount: 0 } },
  });
  fs.writeFileSync(box.dotenv, "# daemon environment\nCLAWDIA_LOG_LEVEL=info\n");
  writeClaudeCredentials(box.home, { accessToken: CLI_ACCESS, refreshToken: CLI_REFRESH, expiresAt: NOW + 30 * DAY });
  for (const file of [box.config, box.dotenv, box.store(), box.store("work")]) fs.chmodSync(file, 0o644);
  fs.chmodSync(box.stateDir, 0o755);
  return box;
}

/** legacy-flat-auth: `clawdia migrate` writes two stores and two auth.json.bak, deletes two auth.json, stamps the config. */
export function flatAuthMigration(): Sandbox {
  return sandbox("legacy-flat-auth");
}

/** `agents` agents, each store 0644 with an API key, and a Claude Code credential to sync into all of them. */
export function manyAgents(agents: number): Sandbox {
  const box = sandbox();
  const ids = Array.from({ length: agents }, (_, i) => (i === 0 ? "main" : `agent${i}`));
  writeJson(box.config, {
    agents: { list: ids.map((id, i) => (i === 0 ? { id, default: true } : { id })) },
    auth: { profiles: { "anthropic:default": { provider: "anthropic", mode: "api_key" } } },
  });
  for (const id of ids) {
    writeJson(
      box.store(id),
      {
        version: 1,
        profiles: {
          "anthropic:default": {
            type: "api_key",
            provider: "anthropic",
            key: `sk-ant-api03-RELIABLE${id}`.padEnd(90, "0"),
          },
        },
      },
      0o644,
    );
  }
  fs.chmodSync(box.stateDir, 0o700);
  writeClaudeCredentials(box.home, { accessToken: CLI_ACCESS, refreshToken: CLI_REFRESH, expiresAt: NOW + 30 * DAY });
  return box;
}

// ---- checks -------------------------------------------------------------------------------------

/** The user's files under the home (state dir, Claude Code's): everything but doctor's own records. */
export function userTree(box: Sandbox): Record<string, string> {
  const all = tree(box.home);
  return Object.fromEntries(Object.entries(all).filter(([rel]) => !/^\.clawdia\/(backups|doctor)(\/|$)/.test(rel)));
}

const TEMP = /(^|\/)\.[^/]+\.[0-9TZ]+-[a-z0-9]+(-rollback)?\.tmp$/;
/** Lock directories and the owner records clawdia leaves beside its own. */
const LOCK = /\.lock(\.owner)?$/;

/**
 * After a crash: every entry is exactly as before or exactly as after a complete run (content and
 * mode together); the only extras are the run's temp files and lock directories.
 */
export function expectOldOrNew(
  now: Record<string, string>,
  before: Record<string, string>,
  after: Record<string, string>,
  label: string,
): void {
  for (const rel of new Set([...Object.keys(before), ...Object.keys(after), ...Object.keys(now)])) {
    if (rel in now && !(rel in before) && !(rel in after)) {
      expect(TEMP.test(rel) || LOCK.test(rel), `${label}: unexpected ${rel}`).toBe(true);
      continue;
    }
    const ok = now[rel] === before[rel] || now[rel] === after[rel];
    expect(ok, `${label}: ${rel} is neither its old nor its new self (${String(now[rel]).slice(0, 60)})`).toBe(true);
  }
}

/** Every config and store in the state dir parses (JSONC for the config, JSON for stores). */
export function expectAllParse(box: Sandbox, label: string): void {
  const files = fs
    .readdirSync(box.stateDir, { recursive: true })
    .map(String)
    .filter((rel) => /(^clawdia\.json|auth-profiles\.json|auth\.json(\.bak)?)$/.test(rel));
  for (const rel of files) {
    const full = path.join(box.stateDir, rel);
    const text = fs.readFileSync(full, "utf8");
    const errors: ParseError[] = [];
    parseJsonc(text.replace(/^\ufeff/, ""), errors, { allowTrailingComma: true });
    expect(errors, `${label}: ${rel} does not parse`).toEqual([]);
    if (rel.endsWith("auth-profiles.json"))
      expect(() => JSON.parse(text), `${label}: ${rel} is not strict JSON`).not.toThrow();
  }
}

/**
 * Locks left by a killed process: clawdia's own are taken over at once by their owner records; this
 * ages them all as if the 10 s stale time had passed, so that the gateway's rule would take them too.
 */
export function ageLeftoverLocks(box: Sandbox): string[] {
  const locks = fs
    .readdirSync(box.stateDir, { recursive: true })
    .map(String)
    .filter((rel) => LOCK.test(rel))
    .map((rel) => path.join(box.stateDir, rel));
  const old = new Date(Date.now() - 11_000);
  for (const lock of locks) fs.utimesSync(lock, old, old);
  return locks;
}

/** `doctor --undo` until it says there is nothing to undo; every step must succeed. Returns the steps. */
export async function undoAll(box: Sandbox, label: string, max = 6): Promise<number> {
  for (let step = 1; step <= max; step++) {
    const result = await run(box, ["doctor", "--undo"]);
    expect(result.stderr, `${label}: undo ${step}`).not.toContain(STACK_FRAME);
    expect(result.code, `${label}: undo ${step}: ${result.stderr}`).toBe(0);
    if (/Nothing to undo/.test(result.stdout)) return step;
  }
  throw new Error(`${label}: still something to undo after ${max} undos`);
}

/**
 * The records of a run's history, for telling how many temp files (= renames) one run stages. A kill
 * in the middle of the append can cut the last line at a page boundary (Linux ends a write early when
 * a fatal signal arrives between pages); the CLI skips such a line (history.ts) and treats the run as
 * interrupted, so it is left out here too. Only the last line may be cut: any other must parse.
 */
export function historyRuns(box: Sandbox): any[] {
  const file = box.state("doctor", "history.jsonl");
  if (!fs.existsSync(file)) return [];
  const lines = fs.readFileSync(file, "utf8").split("\n");
  const last = lines.pop()!; // "" after a whole last line
  const records = lines.filter((line) => line.trim()).map((line) => JSON.parse(line));
  try {
    if (last.trim()) records.push(JSON.parse(last)); // cut just before its newline: whole, as the CLI reads it
  } catch {
    // cut short: no record
  }
  return records;
}
