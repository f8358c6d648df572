// Files left by older Clawdia releases, read so that migrations can find the old shapes.
import fs from "node:fs";
import path from "node:path";
import type { StatePaths } from "../paths.js";
import { readRawFile, type RawFile } from "./raw-file.js";
import { DEFAULT_AGENT_ID } from "./views.js";

export interface LegacyState {
  /** <state>/config.json, the config's path before clawdia.json. */
  config: RawFile;
  /** <state>/agent/: the single-agent layout before agents/<id>/agent/. Its files go to the configured
   *  default agent, `targetAgentId`; `targetNames` are the names already in that agent's dir. */
  agentDir: {
    exists: boolean;
    files: RawFile[];
    subdirectories: string[];
    targetAgentId: string;
    targetNames: string[];
  };
  /** agents/<id>/agent/auth.json, the flat auth file before auth-profiles.json, by agent id. */
  authJson: Map<string, RawFile>;
  /** The names beside each auth.json, so its backup gets a name that is free. */
  authJsonSiblings: Map<string, string[]>;
}

export function legacyConfigPath(paths: StatePaths): string {
  return path.join(paths.stateDir, "config.json");
}

export function legacyAgentDir(paths: StatePaths): string {
  return path.join(paths.stateDir, "agent");
}

export function legacyAuthJsonPath(paths: StatePaths, agentId: string): string {
  return path.join(paths.agentsDir, agentId, "agent", "auth.json");
}

/** `defaultAgentId`: the configured default agent (of clawdia.json, else of the old config.json). */
export function readLegacy(
  paths: StatePaths,
  agentIds: Iterable<string>,
  defaultAgentId: (legacyConfig: RawFile) => string,
): LegacyState {
  const authJson = new Map<string, RawFile>();
  const authJsonSiblings = new Map<string, string[]>();
  for (const id of agentIds) {
    const file = readRawFile(legacyAuthJsonPath(paths, id));
    if (file.status === "missing") continue;
    authJson.set(id, file);
    authJsonSiblings.set(id, listNames(path.dirname(file.path)));
  }
  const config = readRawFile(legacyConfigPath(paths));
  const targetAgentId = defaultAgentId(config);
  const agentDir = {
    ...readAgentDir(legacyAgentDir(paths)),
    targetAgentId,
    targetNames: listNames(path.join(paths.agentsDir, targetAgentId, "agent")),
  };
  return { config, agentDir, authJson, authJsonSiblings };
}

function listNames(dir: string): string[] {
  try {
    return fs.readdirSync(dir);
  } catch {
    return [];
  }
}

function readAgentDir(dir: string): Omit<LegacyState["agentDir"], "targetAgentId" | "targetNames"> {
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch {
    return { exists: false, files: [], subdirectories: [] };
  }
  return {
    exists: true,
    files: entries.filter((e) => e.isFile()).map((e) => readRawFile(path.join(dir, e.name))),
    subdirectories: entries.filter((e) => e.isDirectory()).map((e) => e.name),
  };
}

export function noLegacy(paths: StatePaths): LegacyState {
  return {
    config: { path: legacyConfigPath(paths), status: "missing" },
    agentDir: { exists: false, files: [], subdirectories: [], targetAgentId: DEFAULT_AGENT_ID, targetNames: [] },
    authJson: new Map(),
    authJsonSiblings: new Map(),
  };
}
