// The environment the gateway process itself will have, which is what decides its credentials
// (DESIGN.md §1): with a daemon installed, the daemon's (its unit or plist, then <state>/.env, then
// config env.vars, then the login shell when env.shellEnv is on); otherwise, or with `--shell`, this
// process's environment in its place. The first source that sets a variable wins, as dotenv does
// (it never overrides a variable the process already has, even an empty one).
import { daemonEnvironment } from "../daemon/effective-env.js";
import { displayPath } from "../paths.js";
import type { Snapshot } from "../snapshot/snapshot.js";

/** Whose environment the verdict describes: the installed daemon's, or this shell's. */
export type Viewpoint = "daemon" | "shell";

export interface GatewayValue {
  /** Undefined when the value is not known (systemd's PassEnvironment= passes the manager's own). */
  value?: string;
  /** "environment", "dotenv", "config", "login-shell", "unit", "environment-file", "plist", … */
  kind: string;
  /** In words: "environment ANTHROPIC_API_KEY", "~/.clawdia/.env ANTHROPIC_API_KEY", "Environment= in …:9". */
  label: string;
}

export interface GatewayEnv {
  viewpoint: Viewpoint;
  /** "the gateway daemon (systemd unit ~/.config/…)", "this shell". */
  description: string;
  lookup(key: string): GatewayValue | undefined;
}

/** The daemon's view when a daemon is installed and its definition could be read, unless `shell`. */
export function gatewayEnv(snapshot: Snapshot, options: { shell?: boolean } = {}): GatewayEnv {
  const daemon = options.shell ? undefined : daemonEnvironment(snapshot);
  if (daemon?.installed && daemon.known) {
    return {
      viewpoint: "daemon",
      description: `the gateway daemon (${daemon.description})`,
      lookup(key) {
        const seen = daemon.effective.get(key);
        if (!seen) return undefined;
        const label = seen.source.kind === "config" ? `config env.vars.${key}` : `${seen.source.label} ${key}`;
        return { value: seen.value, kind: seen.source.kind, label };
      },
    };
  }
  return { viewpoint: "shell", description: "this shell", lookup: (key) => shellValue(snapshot, key) };
}

/** A gateway started from this shell: its environment, then .env, env.vars and the login shell. */
function shellValue(snapshot: Snapshot, key: string): GatewayValue | undefined {
  const { env, paths } = snapshot.raw;
  if (env[key] !== undefined) return { value: env[key], kind: "env", label: `environment ${key}` };
  const dotenv = snapshot.dotenv.parsed.vars[key];
  if (dotenv !== undefined)
    return { value: dotenv, kind: "dotenv", label: `${displayPath(paths.dotenvPath, paths.home)} ${key}` };
  const config = snapshot.configView.envVars[key];
  if (config !== undefined) return { value: config, kind: "config", label: `config env.vars.${key}` };
  const shell =
    snapshot.configView.shellEnvEnabled && snapshot.daemon?.shellEnv?.status === "ok"
      ? snapshot.daemon.shellEnv.vars[key]
      : undefined;
  if (shell !== undefined) return { value: shell, kind: "login-shell", label: `the login shell (env.shellEnv) ${key}` };
  return undefined;
}
