// Load time for the daemon: reads the installed unit (and drop-ins and environment files) or plist
// (and parses it), and runs the login shell when env.shellEnv is on. Called by readState, the only
// code that reads.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { StatePaths } from "../paths.js";
import { readRawFile, type RawFile } from "../snapshot/raw-file.js";
import { isObject } from "../snapshot/views.js";
import { DEFAULT_SHELL_ENV_TIMEOUT_MS, runLoginShell, type ShellEnvOutcome } from "./login-shell.js";
import type { SpecifierContext } from "./systemd-syntax.js";
import { parseServiceEnvironment, SYSTEMD_UNIT_NAME } from "./systemd-unit.js";
import { probeSystemdVersion, VERSION_SPANS, type SystemdVersion } from "./systemd-version.js";
import { parseLaunchdAgent, type LaunchdAgent } from "./launchd.js";
import { loadPlistParser } from "./plist-parser.js";

import type { DaemonKind } from "./installed.js";

export type { DaemonKind };

export interface DaemonRaw {
  /** The kind of daemon this platform uses; undefined where doctor knows none (Windows). */
  kind?: DaemonKind;
  /** The unit file or the plist; status "missing" when no daemon is installed. */
  file: RawFile;
  /** systemd drop-ins (`clawdia-gateway.service.d/*.conf`), in the lexical order systemd applies them. */
  dropIns: RawFile[];
  /** The files each EnvironmentFile= names (after specifiers; a glob names several), as read. */
  environmentFiles: Record<string, RawFile[]>;
  /** A binary plist's bytes: its text would not survive UTF-8 decoding. */
  plistBytes?: Uint8Array;
  /** The plist as launchd reads it, parsed when it was read (launchd only, when the file could be read). */
  launchd?: LaunchdAgent;
  /** What systemd specifiers (%h, %u…) expand to for this user. */
  specifiers: SpecifierContext;
  /** systemd's version, asked only when the unit exists (a few rules differ by version). */
  systemd?: SystemdVersion;
  /** The login shell's outcome, only when env.shellEnv.enabled. */
  shellEnv?: ShellEnvOutcome;
}

export async function readDaemon(
  paths: StatePaths,
  platform: NodeJS.Platform,
  config: unknown,
  env: NodeJS.ProcessEnv,
): Promise<DaemonRaw> {
  // The full specifier context asks the OS (user database, host name): only for a unit that exists.
  const specifiers = specifierContext(paths, env, false);
  const shellEnv = shellEnvSettings(config);
  const base = {
    dropIns: [],
    environmentFiles: {},
    specifiers,
    shellEnv: shellEnv.enabled ? runLoginShell(env, shellEnv.timeoutMs) : undefined,
  };
  if (platform === "darwin") {
    const file = readRawFile(paths.launchdPlistPath);
    // A binary plist is not UTF-8 text (readRawFile calls it unreadable): it is read as bytes instead.
    const bytes = file.status === "missing" ? undefined : readBytes(file.path);
    const binary = bytes && Buffer.from(bytes.subarray(0, 6)).toString("latin1") === "bplist" ? bytes : undefined;
    const asRead = binary
      ? { ...file, status: "ok" as const, text: Buffer.from(binary).toString("latin1"), error: undefined }
      : file;
    // The parser is loaded only here, where a plist exists: the cost (~40 ms) is macOS's with an agent installed.
    const launchd =
      asRead.text !== undefined
        ? parseLaunchdAgent({ text: asRead.text, bytes: binary }, await loadPlistParser())
        : undefined;
    return { kind: "launchd", file: asRead, ...base, plistBytes: binary, launchd };
  }
  if (platform === "win32") return { file: { path: paths.systemdUnitPath, status: "missing" }, ...base };
  const file = readRawFile(paths.systemdUnitPath);
  if (file.status === "missing") return { kind: "systemd", file, ...base };
  const dropIns = listDropIns(paths.systemdUnitPath + ".d").map(readRawFile);
  const unitSpecifiers = specifierContext(paths, env, true);
  const systemd = probeSystemdVersion(env);
  // A version not known: the files every version would read (a path may hold %S), for view.ts to compare.
  const versions = systemd.version !== undefined ? [systemd.version] : VERSION_SPANS.map((span) => span.version);
  const environmentFiles: Record<string, RawFile[]> = {};
  for (const version of versions) {
    const service = parseServiceEnvironment(unitTexts(file, dropIns), { ...unitSpecifiers, version });
    for (const setting of service.environmentFiles)
      environmentFiles[setting.path] ??= readEnvironmentFiles(setting.path);
  }
  return { kind: "systemd", file, ...base, specifiers: unitSpecifiers, systemd, dropIns, environmentFiles };
}

/** The unit and drop-ins that could be read, in order, for the parser. */
export function unitTexts(file: RawFile, dropIns: RawFile[]): { path: string; text: string }[] {
  return [file, ...dropIns].filter((f) => f.text !== undefined).map((f) => ({ path: f.path, text: f.text! }));
}

function shellEnvSettings(config: unknown): { enabled: boolean; timeoutMs: number } {
  const env = isObject(config) ? config.env : undefined;
  const shellEnv = isObject(env) ? env.shellEnv : undefined;
  if (!isObject(shellEnv)) return { enabled: false, timeoutMs: DEFAULT_SHELL_ENV_TIMEOUT_MS };
  const timeout = shellEnv.timeoutMs;
  const timeoutMs =
    typeof timeout === "number" && Number.isFinite(timeout) && timeout > 0 ? timeout : DEFAULT_SHELL_ENV_TIMEOUT_MS;
  return { enabled: shellEnv.enabled === true, timeoutMs };
}

function specifierContext(paths: StatePaths, env: NodeJS.ProcessEnv, full: boolean): SpecifierContext {
  let info: { username: string; shell: string | null } | undefined;
  try {
    info = full ? os.userInfo() : undefined;
  } catch {
    info = undefined;
  }
  return {
    home: paths.home,
    user: info?.username ?? env.USER ?? "",
    uid: process.getuid?.() ?? 0,
    unitName: SYSTEMD_UNIT_NAME,
    xdg: {
      config: env.XDG_CONFIG_HOME || undefined,
      state: env.XDG_STATE_HOME || undefined,
      cache: env.XDG_CACHE_HOME || undefined,
      data: env.XDG_DATA_HOME || undefined,
      runtime: env.XDG_RUNTIME_DIR || undefined,
    },
    hostname: full ? os.hostname() : "",
    shell: info?.shell || env.SHELL || "/bin/sh",
    tmpDir: env.TMPDIR || undefined,
  };
}

function listDropIns(dir: string): string[] {
  try {
    return fs
      .readdirSync(dir)
      .filter((name) => name.endsWith(".conf"))
      .sort()
      .map((name) => path.join(dir, name));
  } catch {
    return [];
  }
}

/** A path, or a glob pattern in its last component (systemd reads the matches in sorted order). */
function readEnvironmentFiles(pattern: string): RawFile[] {
  const dir = path.dirname(pattern);
  const base = path.basename(pattern);
  if (!/[*?[]/.test(base)) return [readRawFile(pattern)];
  const matcher = globToRegExp(base);
  try {
    return fs
      .readdirSync(dir)
      .filter((name) => matcher.test(name))
      .sort()
      .map((name) => readRawFile(path.join(dir, name)));
  } catch {
    return [];
  }
}

function globToRegExp(glob: string): RegExp {
  let source = "";
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === "*") source += "[^/]*";
    else if (c === "?") source += "[^/]";
    else if (c === "[") {
      const end = glob.indexOf("]", i + 2);
      if (end === -1) source += "\\[";
      else {
        source +=
          "[" +
          glob
            .slice(i + 1, end)
            .replace(/^!/, "^")
            .replace(/\\/g, "\\\\") +
          "]";
        i = end;
      }
    } else source += c.replace(/[.+^${}()|\\]/g, "\\$&");
  }
  // A leading dot is only matched by a pattern that starts with one, as glob(3) does.
  return new RegExp(glob.startsWith(".") ? `^${source}$` : `^(?!\\.)${source}$`);
}

function readBytes(file: string): Uint8Array | undefined {
  try {
    return new Uint8Array(fs.readFileSync(file));
  } catch {
    return undefined;
  }
}
