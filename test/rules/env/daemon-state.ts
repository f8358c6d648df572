// Daemon definitions for the env rule tables: a systemd unit (with drop-ins and environment files) or a
// launchd plist, set on the in-memory RawState through the table's `raw` hook. No disk.
import { parseLaunchdAgent } from "../../../src/daemon/launchd.js";
import type { ShellEnvOutcome } from "../../../src/daemon/login-shell.js";
import { loadPlistParser } from "../../../src/daemon/plist-parser.js";
import type { DaemonRaw } from "../../../src/daemon/read-daemon.js";
import type { SystemdVersion } from "../../../src/daemon/systemd-version.js";
import { EXAMPLE_SPECIFIERS, EXAMPLE_UID, setDaemon } from "../../../src/rule-example.js";
import type { RawFile } from "../../../src/snapshot/raw-file.js";
import type { RawState } from "../../../src/snapshot/read-state.js";
import { TEST_PATHS } from "../../support/state.js";

export const UID = EXAMPLE_UID;
export const UNIT = TEST_PATHS.systemdUnitPath;
export const PLIST = TEST_PATHS.launchdPlistPath;
export const SPECIFIERS = EXAMPLE_SPECIFIERS;

function file(path: string, text: string | undefined, mode = 0o644): RawFile {
  return text === undefined
    ? { path, status: "missing" }
    : { path, status: "ok", text, mode, size: text.length, mtimeMs: 0 };
}

export interface SystemdOptions {
  dropIns?: string[];
  /** Environment files by path; <state>/.env is the state's own. */
  envFiles?: Record<string, string>;
  shellEnv?: ShellEnvOutcome;
  /** What `systemctl --version` told (absent: not asked, as a library's raw state). */
  systemd?: SystemdVersion;
}

/** A `raw` hook: this unit is installed (the same builder as a rule's examples: src/rule-example.ts). */
export function systemd(unit: string, options: SystemdOptions = {}): (raw: RawState) => void {
  return (raw) =>
    setDaemon(raw, {
      systemd: unit,
      dropIns: options.dropIns,
      envFiles: options.envFiles,
      systemdVersion: options.systemd,
      shellEnv: options.shellEnv,
    });
}

const parsePlist = await loadPlistParser();

/** A `raw` hook: this plist is installed (and parsed, as readDaemon does). */
export function launchd(plist: string, shellEnv?: ShellEnvOutcome): (raw: RawState) => void {
  return (raw) => {
    raw.platform = "darwin";
    raw.daemon = {
      kind: "launchd",
      file: file(PLIST, plist),
      dropIns: [],
      environmentFiles: {},
      specifiers: SPECIFIERS,
      shellEnv,
      launchd: parseLaunchdAgent({ text: plist }, parsePlist),
    };
  };
}

/** A `raw` hook: nothing installed ("none": a platform where doctor knows no daemon). */
export function noDaemon(
  platformKind: DaemonRaw["kind"] | "none" = "systemd",
  shellEnv?: ShellEnvOutcome,
): (raw: RawState) => void {
  const kind = platformKind === "none" ? undefined : platformKind;
  return (raw) => {
    raw.daemon = {
      kind,
      file: { path: kind === "launchd" ? PLIST : UNIT, status: "missing" },
      dropIns: [],
      environmentFiles: {},
      specifiers: SPECIFIERS,
      shellEnv,
    };
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
