// The only place the snapshot touches the disk: reads every file once into a RawState.
import fs from "node:fs";
import path from "node:path";
import { agentStorePath, type StatePaths } from "../paths.js";
import { currentPlatform } from "../seams.js";
import { readClaudeCode, type ClaudeCodeRaw } from "./claude-code.js";
import { readDaemon, type DaemonRaw } from "../daemon/read-daemon.js";
import { readLegacy, type LegacyState } from "./legacy.js";
import { parseDocument } from "./snapshot.js";
import { readRawFile, describeError, type RawFile } from "./raw-file.js";
import { isSafeAgentId, viewConfig } from "./views.js";

export interface StateDirInfo {
  exists: boolean;
  isDirectory: boolean;
  mode?: number;
  uid?: number;
  error?: string;
}

export interface RawState {
  paths: StatePaths;
  platform: NodeJS.Platform;
  stateDir: StateDirInfo;
  config: RawFile;
  dotenv: RawFile;
  /** Agent auth stores by agent id. */
  stores: Map<string, RawFile>;
  /** Agent ids that have a directory under <state>/agents/. */
  agentDirs: string[];
  claudeCode: ClaudeCodeRaw;
  /** The environment of the process running doctor (the user's shell). */
  env: NodeJS.ProcessEnv;
  /** The installed gateway daemon (unit or plist) and the login shell's outcome; absent when not read. */
  daemon?: DaemonRaw;
  /** Files in the shapes of older releases, for migrations. */
  legacy: LegacyState;
}

/** Reads the state; asynchronous only where a launchd plist is installed (its parser is loaded then). */
export async function readState(paths: StatePaths, env: NodeJS.ProcessEnv = process.env): Promise<RawState> {
  const config = readRawFile(paths.configPath);
  const agentDirs = listAgentDirs(paths.agentsDir);
  const configured = viewConfig(parseDocument(config).value).agentIds;
  const stores = new Map<string, RawFile>();
  // An agent without a directory has no store: no need to ask the disk, thousands of times.
  // (When the agents directory cannot be listed, every store is asked for, so the reason shows.)
  const withDir = agentsDirListable(paths.agentsDir) ? new Set(agentDirs) : undefined;
  for (const id of new Set([...configured, ...agentDirs])) {
    stores.set(
      id,
      !withDir || withDir.has(id)
        ? readRawFile(agentStorePath(paths, id))
        : { path: agentStorePath(paths, id), status: "missing" },
    );
  }
  const platform = currentPlatform();
  return {
    paths,
    platform,
    stateDir: statStateDir(paths.stateDir),
    config,
    dotenv: readRawFile(paths.dotenvPath),
    stores,
    agentDirs,
    claudeCode: readClaudeCode(paths.claudeCredentialsPath, platform, env),
    env: { ...env },
    // Before 2025.6 the config was config.json: when clawdia.json is missing, that one names the default agent.
    legacy: readLegacy(
      paths,
      agentDirs,
      (legacyConfig) =>
        viewConfig(parseDocument(config.status === "missing" ? legacyConfig : config).value).defaultAgentId,
    ),
    daemon: await readDaemon(paths, platform, parseDocument(config).value, env),
  };
}

function agentsDirListable(agentsDir: string): boolean {
  try {
    fs.accessSync(agentsDir, fs.constants.R_OK | fs.constants.X_OK);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "ENOENT";
  }
}

function listAgentDirs(agentsDir: string): string[] {
  try {
    return fs
      .readdirSync(agentsDir, { withFileTypes: true })
      .filter(
        (entry) =>
          isSafeAgentId(entry.name) &&
          (entry.isDirectory() || (entry.isSymbolicLink() && isDirectory(path.join(agentsDir, entry.name)))),
      )
      .map((entry) => entry.name)
      .sort();
  } catch {
    return [];
  }
}

/** A linked agent directory is the gateway's as much as a real one: it opens the paths through the link. */
function isDirectory(file: string): boolean {
  try {
    return fs.statSync(file).isDirectory();
  } catch {
    return false;
  }
}

function statStateDir(dir: string): StateDirInfo {
  try {
    const stat = fs.statSync(dir);
    return { exists: true, isDirectory: stat.isDirectory(), mode: stat.mode & 0o777, uid: stat.uid };
  } catch (error) {
    const missing = (error as NodeJS.ErrnoException).code === "ENOENT";
    return { exists: !missing, isDirectory: false, error: missing ? undefined : describeError(error) };
  }
}
