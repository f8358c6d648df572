// Which gateway daemon is installed on this machine (never guessed: only the files say so), and the
// exact command that restarts it.
import fs from "node:fs";
import type { StatePaths } from "../paths.js";

export type DaemonKind = "systemd" | "launchd";

export interface InstalledDaemon {
  kind: DaemonKind;
  /** The unit file or the plist. */
  file: string;
  restartCommand: string;
}

export function installedDaemon(
  paths: StatePaths,
  platform: NodeJS.Platform,
  uid = process.getuid?.() ?? 501,
): InstalledDaemon | undefined {
  if (platform === "darwin") {
    return exists(paths.launchdPlistPath)
      ? { kind: "launchd", file: paths.launchdPlistPath, restartCommand: restartCommand("launchd", uid) }
      : undefined;
  }
  return exists(paths.systemdUnitPath)
    ? { kind: "systemd", file: paths.systemdUnitPath, restartCommand: restartCommand("systemd", uid) }
    : undefined;
}

export function restartCommand(kind: DaemonKind, uid: number): string {
  return kind === "systemd"
    ? "systemctl --user restart clawdia-gateway"
    : `launchctl kickstart -k gui/${uid}/ai.clawdia.gateway`;
}

function exists(file: string): boolean {
  try {
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

/** After the unit or plist itself was edited: make the service manager read it again, then restart. */
export function reloadCommand(kind: DaemonKind, uid: number, file: string): string {
  if (kind === "systemd") return "systemctl --user daemon-reload && systemctl --user restart clawdia-gateway";
  return `launchctl bootout gui/${uid}/ai.clawdia.gateway; launchctl bootstrap gui/${uid} ${file}`;
}
