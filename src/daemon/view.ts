// The snapshot's view of the daemon: the systemd unit parsed with its environment files, or the
// launchd plist as readDaemon parsed it. Pure: built from the RawState.
import type { StatePaths } from "../paths.js";
import type { RawFile } from "../snapshot/raw-file.js";
import { parseEnvironmentFile } from "./env-file.js";
import type { DaemonKind, DaemonRaw } from "./read-daemon.js";
import { unitTexts } from "./read-daemon.js";
import {
  parseServiceEnvironment,
  type EnvironmentFileSetting,
  type LoadedEnvironmentFile,
  type ServiceEnvironment,
} from "./systemd-unit.js";
import type { LaunchdAgent } from "./launchd.js";
import type { ShellEnvOutcome } from "./login-shell.js";
import { VERSION_SPANS, type SystemdVersion, type VersionSpan } from "./systemd-version.js";

export interface EnvironmentFileState {
  setting: EnvironmentFileSetting;
  /** What was found for it: one file, or the matches of a glob (none: missing). */
  files: RawFile[];
}

type LoadedFile = LoadedEnvironmentFile & { ignored: { line: number; message: string }[] };

/** The unit as one systemd version reads it. */
export interface SystemdReading {
  service: ServiceEnvironment;
  environmentFiles: EnvironmentFileState[];
  loadedEnvironmentFiles: LoadedFile[];
}

export interface DaemonState {
  raw: DaemonRaw;
  kind?: DaemonKind;
  /** The unit file or plist exists (it may still be unreadable or broken). */
  installed: boolean;
  file: RawFile;
  /** systemd only: the [Service] environment settings of the unit and its drop-ins. */
  service?: ServiceEnvironment;
  environmentFiles: EnvironmentFileState[];
  /** The variables read from each environment file that could be read, in the order systemd applies them. */
  loadedEnvironmentFiles: LoadedFile[];
  /** systemd only: its version; when unknown, the fields above are the newest systemd's reading. */
  systemd?: SystemdVersion;
  /** When the version is unknown: how each span of versions reads the unit, oldest first, the newest last. */
  readingsByVersion?: { span: VersionSpan; reading: SystemdReading }[];
  /** launchd only: the plist as launchd reads it (absent when it could not be read). */
  launchd?: LaunchdAgent;
  shellEnv?: ShellEnvOutcome;
  uid: number;
}

/**
 * `dotenv` is the snapshot's own `<state>/.env`: when EnvironmentFile= names it, that text is used, so
 * the view of a state "as it would be" after a fix sees the fixed file.
 */
export function viewDaemon(raw: DaemonRaw, paths: StatePaths, dotenv: RawFile): DaemonState {
  const installed = raw.file.status !== "missing";
  const base = {
    raw,
    kind: raw.kind,
    installed,
    file: raw.file,
    launchd: raw.launchd,
    shellEnv: raw.shellEnv,
    uid: raw.specifiers.uid,
    environmentFiles: [],
    loadedEnvironmentFiles: [],
  };
  if (raw.kind !== "systemd" || !installed) return base;
  const known = raw.systemd?.version;
  const reading = readUnit(raw, paths, dotenv, known);
  // Each span read separately only when it can matter: the version is unknown (not merely not asked, as in a library's raw state).
  const readingsByVersion =
    raw.systemd && known === undefined
      ? VERSION_SPANS.map((span) => ({
          span,
          reading: span.version === undefined ? reading : readUnit(raw, paths, dotenv, span.version),
        }))
      : undefined;
  return { ...base, ...reading, systemd: raw.systemd, readingsByVersion };
}

function readUnit(raw: DaemonRaw, paths: StatePaths, dotenv: RawFile, version: number | undefined): SystemdReading {
  const service = parseServiceEnvironment(unitTexts(raw.file, raw.dropIns), { ...raw.specifiers, version });
  const environmentFiles = service.environmentFiles.map((setting) => ({
    setting,
    files: (raw.environmentFiles[setting.path] ?? [])
      .map((file) => (file.path === paths.dotenvPath ? { ...dotenv, path: file.path } : file))
      .filter((file) => file.status !== "missing"),
  }));
  const loadedEnvironmentFiles = environmentFiles.flatMap(({ setting, files }) =>
    files
      .filter((file) => file.text !== undefined)
      .map((file) => {
        const parsed = parseEnvironmentFile(file.text!, version);
        return { setting, path: file.path, entries: parsed.entries, ignored: parsed.ignored };
      }),
  );
  return { service, environmentFiles, loadedEnvironmentFiles };
}
