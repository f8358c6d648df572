// Where Clawdia's files live (DESIGN.md §1), resolved once from flags and the environment.
import os from "node:os";
import path from "node:path";
import { UserError } from "./errors.js";

export interface StatePaths {
  home: string;
  stateDir: string;
  configPath: string;
  dotenvPath: string;
  agentsDir: string;
  backupsDir: string;
  historyPath: string;
  claudeCredentialsPath: string;
  systemdUnitPath: string;
  launchdPlistPath: string;
}

export interface PathOptions {
  stateDir?: string;
  env?: NodeJS.ProcessEnv;
}

export function resolvePaths({ stateDir, env = process.env }: PathOptions = {}): StatePaths {
  const home = env.HOME || homeFromPasswd();
  const state = path.resolve(stateDir ?? (env.CLAWDIA_STATE_DIR || path.join(home, ".clawdia")));
  const claudeDir = env.CLAUDE_CONFIG_DIR || path.join(home, ".claude");
  return {
    home,
    stateDir: state,
    configPath: path.resolve(env.CLAWDIA_CONFIG_PATH || path.join(state, "clawdia.json")),
    dotenvPath: path.join(state, ".env"),
    agentsDir: path.join(state, "agents"),
    backupsDir: path.join(state, "backups"),
    historyPath: path.join(state, "doctor", "history.jsonl"),
    claudeCredentialsPath: path.join(claudeDir, ".credentials.json"),
    systemdUnitPath: path.join(home, ".config", "systemd", "user", "clawdia-gateway.service"),
    launchdPlistPath: path.join(home, "Library", "LaunchAgents", "ai.clawdia.gateway.plist"),
  };
}

export function agentStorePath(paths: StatePaths, agentId: string): string {
  return path.join(paths.agentsDir, agentId, "agent", "auth-profiles.json");
}

/** Shows a path the way a user would type it: the home directory as `~`. */
export function displayPath(file: string, home: string): string {
  return file === home || file.startsWith(home + path.sep) ? "~" + file.slice(home.length) : file;
}

/** With HOME unset or empty, the user's home from the password database (never the current directory). */
function homeFromPasswd(): string {
  try {
    const home = os.userInfo().homedir;
    if (home) return home;
  } catch {
    // no entry for this uid (a container running as an arbitrary user)
  }
  throw new UserError(
    "cannot tell where your home directory is: HOME is not set and this user has none; set HOME or pass --state-dir",
  );
}
