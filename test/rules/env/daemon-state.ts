// Daemon definitions for the env rule tables: a systemd unit (with drop-ins and environment files) or a
// launchd plist, set on the in-memory RawState through the table's `raw` hook. No disk.
import { parseLaunchdAgent } from "../../../src/daemon/launchd.js";
import type { ShellEnvOutcome } from "../../../src/daemon/login-shell.js";
import { loadPlistParser } from "../../../src/daemon/plist-parser.js";
import type { DaemonRaw } from "../../../src/daemon/read-daemon.js";
import type { SpecifierContext } from "../../../src/daemon/systemd-syntax.js";
import { parseServiceEnvironment } from "../../../src/daemon/systemd-unit.js";
import { VERSION_SPANS, type SystemdVersion } from "../../../src/daemon/systemd-version.js";
import type { RawFile } from "../../../src/snapshot/raw-file.js";
import type { RawState } from "../../../src/snapshot/read-state.js";
import { TEST_PATHS } from "../../support/state.js";

export const UID = 501;
export const UNIT = TEST_PATHS.systemdUnitPath;
export const PLIST = TEST_PATHS.launchdPlistPath;
export const SPECIFIERS: SpecifierContext = { home: TEST_PATHS.home, user: "u", uid: UID, unitName: "clawdia-gateway.service", xdg: {}, hostname: "box", shell: "/bin/zsh" };

function file(path: string, text: string | undefined, mode = 0o644): RawFile {
  return text === undefined ? { path, status: "missing" } : { path, status: "ok", text, mode, size: text.length, mtimeMs: 0 };
}

export interface SystemdOptions {
  dropIns?: string[];
  /** Environment files by path; <state>/.env is the state's own. */
  envFiles?: Record<string, string>;
  shellEnv?: ShellEnvOutcome;
  /** What `systemctl --version` told (absent: not asked, as a library's raw state). */
  systemd?: SystemdVersion;
}

/** A `raw` hook: this unit is installed. */
export function systemd(unit: string, options: SystemdOptions = {}): (raw: RawState) => void {
  return (raw) => {
    const dropIns = (options.dropIns ?? []).map((text, i) => file(`${UNIT}.d/${String(i).padStart(2, "0")}.conf`, text));
    const environmentFiles: Record<string, RawFile[]> = {};
    // As readDaemon does: the files of every version when it is not known.
    const versions = options.systemd?.version !== undefined ? [options.systemd.version] : VERSION_SPANS.map((span) => span.version);
    for (const version of versions) {
      const service = parseServiceEnvironment([{ path: UNIT, text: unit }, ...dropIns.map((d) => ({ path: d.path, text: d.text! }))], { ...SPECIFIERS, version });
      for (const { path } of service.environmentFiles) {
        environmentFiles[path] = path === TEST_PATHS.dotenvPath ? [raw.dotenv] : [file(path, options.envFiles?.[path], 0o600)];
      }
    }
    raw.daemon = { kind: "systemd", file: file(UNIT, unit), dropIns, environmentFiles, specifiers: SPECIFIERS, systemd: options.systemd, shellEnv: options.shellEnv };
  };
}

const parsePlist = await loadPlistParser();

/** A `raw` hook: this plist is installed (and parsed, as readDaemon does). */
export function launchd(plist: string, shellEnv?: ShellEnvOutcome): (raw: RawState) => void {
  return (raw) => {
    raw.platform = "darwin";
    raw.daemon = { kind: "launchd", file: file(PLIST, plist), dropIns: [], environmentFiles: {}, specifiers: SPECIFIERS, shellEnv, launchd: parseLaunchdAgent({ text: plist }, parsePlist) };
  };
}

/** A `raw` hook: nothing installed ("none": a platform where doctor knows no daemon). */
export function noDaemon(platformKind: DaemonRaw["kind"] | "none" = "systemd", shellEnv?: ShellEnvOutcome): (raw: RawState) => void {
  const kind = platformKind === "none" ? undefined : platformKind;
  return (raw) => {
    raw.daemon = { kind, file: { path: kind === "launchd" ? PLIST : UNIT, status: "missing" }, dropIns: [], environmentFiles: {}, specifiers: SPECIFIERS, shellEnv };
    if (kind === "launchd") raw.platform = "darwin";
    if (kind === undefined) raw.platform = "win32";
  };
}

/** A minimal plist with these EnvironmentVariables (values XML-escaped) and ProgramArguments. */
export function plist(env: Record<string, string>, args: string[] = ["/opt/homebrew/bin/clawdia", "gateway"]): string {
  const esc = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
  const vars = Object.entries(env)
    .map(([k, v]) => `\t\t<key>${esc(k)}</key>\n\t\t<string>${esc(v)}</string>`)
    .join("\n");
  return `<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">
<plist version="1.0">
<dict>
\t<key>Label</key>
\t<string>ai.clawdia.gateway</string>
\t<key>ProgramArguments</key>
\t<array>
${args.map((a) => `\t\t<string>${esc(a)}</string>`).join("\n")}
\t</array>
\t<key>EnvironmentVariables</key>
\t<dict>
${vars}
\t</dict>
</dict>
</plist>
`;
}

export const RESTART_SYSTEMD = "systemctl --user restart clawdia-gateway";
export const RESTART_LAUNCHD = `launchctl kickstart -k gui/${UID}/ai.clawdia.gateway`;
export const RELOAD_SYSTEMD = "systemctl --user daemon-reload && systemctl --user restart clawdia-gateway";
