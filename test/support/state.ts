// Builds a snapshot in memory for rule table tests: no disk, the same parsing as a real load.
import { resolvePaths, agentStorePath } from "../../src/paths.js";
import type { RawFile } from "../../src/snapshot/raw-file.js";
import type { RawState } from "../../src/snapshot/read-state.js";
import { claudeCodeFromEnv } from "../../src/snapshot/claude-code.js";
import { noLegacy } from "../../src/snapshot/legacy.js";
import { buildSnapshot, type Snapshot } from "../../src/snapshot/snapshot.js";
import type { Rule, RuleContext } from "../../src/rule.js";
import { viewConfig } from "../../src/snapshot/views.js";
import { parseJsonc } from "../../src/snapshot/jsonc.js";
import type { RuleFinding } from "../../src/types.js";

export const NOW = Date.UTC(2026, 10, 27, 12, 0, 0);
export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;

export interface TestState {
  /** An object is written as pretty JSON; a string is taken as the file's text. */
  config?: unknown;
  stores?: Record<string, unknown>;
  dotenv?: string;
  env?: Record<string, string>;
  claudeCode?: unknown;
  /** Permission bits by file role: "config", "dotenv", "stateDir", or "store:<agentId>". */
  modes?: Record<string, number>;
  platform?: NodeJS.Platform;
}

export const TEST_PATHS = resolvePaths({ stateDir: "/home/u/.clawdia", env: { HOME: "/home/u" } });

function asText(value: unknown): string | undefined {
  if (value === undefined) return undefined;
  return typeof value === "string" ? value : JSON.stringify(value, null, 2) + "\n";
}

function file(path: string, value: unknown, mode = 0o600): RawFile {
  const text = asText(value);
  return text === undefined ? { path, status: "missing" } : { path, status: "ok", text, mode, size: text.length, mtimeMs: 0 };
}

export function rawState(state: TestState = {}): RawState {
  const modes = state.modes ?? {};
  const config = file(TEST_PATHS.configPath, state.config, modes.config);
  const configured = config.text ? viewConfig(parseJsonc(config.text).value).agentIds : [];
  const stores = new Map<string, RawFile>();
  for (const id of configured) stores.set(id, file(agentStorePath(TEST_PATHS, id), undefined));
  for (const [id, store] of Object.entries(state.stores ?? {})) {
    stores.set(id, file(agentStorePath(TEST_PATHS, id), store, modes[`store:${id}`]));
  }
  const claudeText = asText(state.claudeCode);
  return {
    paths: TEST_PATHS,
    platform: state.platform ?? "linux",
    stateDir: { exists: true, isDirectory: true, mode: modes.stateDir ?? 0o700 },
    config,
    dotenv: file(TEST_PATHS.dotenvPath, state.dotenv, modes.dotenv),
    stores,
    agentDirs: Object.keys(state.stores ?? {}),
    claudeCode:
      claudeCodeFromEnv(state.env ?? {}) ??
      (claudeText === undefined
        ? { source: "none", location: TEST_PATHS.claudeCredentialsPath }
        : { source: "file", location: TEST_PATHS.claudeCredentialsPath, text: claudeText }),
    env: state.env ?? {},
    legacy: noLegacy(TEST_PATHS),
  };
}

export function snapshotOf(state: TestState = {}): Snapshot {
  return buildSnapshot(rawState(state));
}

export function contextOf(state: TestState = {}, now = NOW): RuleContext {
  const snapshot = snapshotOf(state);
  return { snapshot, config: snapshot.configView, paths: snapshot.raw.paths, now };
}

export function runRule(rule: Rule, state: TestState = {}, now = NOW): RuleFinding[] {
  return rule.check(contextOf(state, now));
}
