// daemon.json: the gateway daemon's unit file and plist, their environment key names (never values)
// and the command they run (redacted with the rest of the bundle).
import type { DaemonFile } from "../daemon-scan.js";

export interface DaemonReport {
  /** How this was found: a read of the unit and plist files for the bundle. */
  source: string;
  platform: NodeJS.Platform;
  /** The daemon kind this platform uses. */
  expected: "systemd" | "launchd";
  files: {
    kind: DaemonFile["kind"];
    path: string;
    status: string;
    mode?: string;
    environmentKeys: string[];
    environmentFiles: { path: string; optional: boolean; status: string; keys: string[] }[];
    command: string[];
  }[];
}

export function daemonReport(files: DaemonFile[], platform: NodeJS.Platform): DaemonReport {
  return {
    source:
      "the unit file and plist at their standard paths, read by support-bundle (Environment=, EnvironmentFile=, ExecStart=; EnvironmentVariables, ProgramArguments)",
    platform,
    expected: platform === "darwin" ? "launchd" : "systemd",
    files: files.map((file) => ({
      kind: file.kind,
      path: file.path,
      status: file.status,
      ...(file.mode !== undefined ? { mode: file.mode.toString(8).padStart(4, "0") } : {}),
      environmentKeys: [...new Set(file.env.map((entry) => entry.name))],
      environmentFiles: file.environmentFiles.map((envFile) => ({
        path: envFile.path,
        optional: envFile.optional,
        status: envFile.status,
        keys: [...new Set(envFile.env.map((entry) => entry.name))],
      })),
      command: file.command,
    })),
  };
}
