// The auth monitor as a macOS LaunchAgent (launchd.plist(5)): the same command as the systemd
// service, every --every seconds (StartInterval), loaded with `launchctl bootstrap gui/<uid>`.
import path from "node:path";
import { UsageError } from "../errors.js";
import type { StatePaths } from "../paths.js";
import type { Change } from "../types.js";
import { LAUNCHD_LABEL, LAUNCHD_PLIST_NAME } from "./monitor-names.js";
import { monitorArgv, parseEvery, type MonitorOptions } from "./monitor.js";

export { LAUNCHD_LABEL };

/** Beside the gateway's own agent, ~/Library/LaunchAgents/. */
export function launchdPlistPath(paths: StatePaths): string {
  return path.join(path.dirname(paths.launchdPlistPath), LAUNCHD_PLIST_NAME);
}

/** Where the check's output goes: ~/Library/Logs (not <state>/logs, which holds the gateway's own logs). */
function launchdLogPath(paths: StatePaths): string {
  return path.join(paths.home, "Library", "Logs", "clawdia-auth-monitor.log");
}

/** The plist's XML, built by the `plist` package (it escapes `&`, `<`, `>`). */
export async function launchdPlist(paths: StatePaths, options: MonitorOptions): Promise<string> {
  const every = parseEvery(options.every);
  const argv = monitorArgv(options);
  // XML 1.0 cannot hold these at all, escaped or not: launchd would refuse the file.
  if (argv.some((word) => /[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]/.test(word)))
    throw new UsageError("--notify cannot hold control characters in a launchd plist");
  const environment: Record<string, string> = {};
  // A LaunchAgent does not see the user's shell variables; the notify command may run clawdia too.
  if (options.stateDir) environment.CLAWDIA_STATE_DIR = path.resolve(options.stateDir);
  if (options.configPath) environment.CLAWDIA_CONFIG_PATH = path.resolve(options.configPath);
  const log = launchdLogPath(paths);
  const agent = {
    Label: LAUNCHD_LABEL,
    ProgramArguments: argv,
    ...(Object.keys(environment).length ? { EnvironmentVariables: environment } : {}),
    StartInterval: every.seconds,
    // The first check when the agent loads (install, login), as the systemd timer's OnBootSec= does.
    RunAtLoad: true,
    StandardOutPath: log,
    StandardErrorPath: log,
  };
  const { build } = await import("plist");
  return build(agent) + "\n";
}

export function planLaunchdInstall(paths: StatePaths, text: string): Change {
  const file = launchdPlistPath(paths);
  return {
    id: "monitor:install",
    title: `install the auth monitor (${LAUNCHD_PLIST_NAME})`,
    source: "fix",
    safety: "unsafe",
    ops: [{ kind: "write", file, content: text }],
  };
}

export function planLaunchdUninstall(paths: StatePaths): Change {
  const file = launchdPlistPath(paths);
  return {
    id: "monitor:uninstall",
    title: `remove the auth monitor (${LAUNCHD_PLIST_NAME})`,
    source: "fix",
    safety: "unsafe",
    ops: [{ kind: "delete", file }],
  };
}

export interface LaunchctlStep {
  args: string[];
  text: string;
}

/** launchctl(1)'s service target and domain for this user's GUI session. */
export function launchctlSteps(
  uid: number,
  plist: string,
): { isLoaded: LaunchctlStep; bootout: LaunchctlStep; bootstrap: LaunchctlStep } {
  const step = (...args: string[]): LaunchctlStep => ({ args, text: ["launchctl", ...args].join(" ") });
  const service = `gui/${uid}/${LAUNCHD_LABEL}`;
  return {
    isLoaded: step("print", service),
    bootout: step("bootout", service),
    bootstrap: step("bootstrap", `gui/${uid}`, plist),
  };
}
