// History lines and backup manifests are data read from a directory others may have written to:
// before `--undo` acts on one, every path it names must be one clawdia itself writes, and every
// backup must sit in that run's own backups/<runId>/ directory.
import fs from "node:fs";
import path from "node:path";
import type { StatePaths } from "../paths.js";
import type { FileRecord } from "./history.js";
import { RUN_ID } from "./history.js";
import { LAUNCHD_PLIST_NAME, SERVICE_NAME, TIMER_NAME } from "../models/monitor-names.js";

const SYSTEMD_UNITS_WE_WRITE = [SERVICE_NAME, TIMER_NAME];

/** Why `files` of run `runId` cannot be trusted, or undefined when every entry is one of ours. */
export function untrustedRecord(paths: StatePaths, runId: string, files: unknown): string | undefined {
  if (!RUN_ID.test(runId)) return `"${runId.slice(0, 40)}" is not a run id of clawdia's`;
  if (!Array.isArray(files)) return "it lists no files";
  for (const entry of files as Partial<FileRecord>[]) {
    const why = untrustedEntry(paths, runId, entry);
    if (why) return why;
  }
  return undefined;
}

function untrustedEntry(paths: StatePaths, runId: string, entry: Partial<FileRecord>): string | undefined {
  if (typeof entry !== "object" || entry === null || typeof entry.path !== "string") return "an entry names no file";
  const file = entry.path;
  if (!managedPath(paths, file))
    return `it names ${file}, which is not a file clawdia writes (only the state directory, the config and the auth monitor's systemd units or LaunchAgent)`;
  if (entry.backup === null || entry.backup === undefined) return undefined;
  if (typeof entry.backup !== "string") return `the backup of ${file} is not a path`;
  const runDir = path.join(paths.backupsDir, runId);
  if (path.dirname(entry.backup) !== runDir || path.resolve(entry.backup) !== entry.backup)
    return `the backup of ${file} is not inside that run's own ${runDir}`;
  try {
    if (!fs.lstatSync(entry.backup).isFile()) return `the backup of ${file} (${entry.backup}) is not a regular file`;
  } catch {
    // A backup that is gone is reported by the planner, with the file it was for.
  }
  return undefined;
}

/** A path clawdia writes: inside the state dir, the config (which may live elsewhere), the monitor's units or plist. */
function managedPath(paths: StatePaths, file: string): boolean {
  if (!path.isAbsolute(file) || path.resolve(file) !== file) return false; // no "..", no relative tricks
  if (file === paths.stateDir || file.startsWith(paths.stateDir + path.sep)) return true;
  if (file === paths.configPath) return true;
  const unitsDir = path.dirname(paths.systemdUnitPath);
  if (path.dirname(file) === unitsDir && SYSTEMD_UNITS_WE_WRITE.includes(path.basename(file))) return true;
  return file === path.join(path.dirname(paths.launchdPlistPath), LAUNCHD_PLIST_NAME);
}
