// `clawdia models auth monitor print|install|uninstall`: a systemd user timer that runs
// `clawdia models status --check` and, when it is not 0, the user's notify command.
//
// How ExecStart= is quoted (checked against systemd 252 with `systemd-analyze verify`). systemd
// unescapes every word three ways, independently, so each needs its own escape:
//   1. quoting: a word with anything but [A-Za-z0-9_@+=:,./-] goes in '…' (in "…" when it holds a
//      `'`); inside, `\` and that quote get a backslash, control characters become C escapes (\n);
//   2. specifiers: `%` is written `%%`;
//   3. environment expansion when the unit starts: `$` is written `$$`, except in the program path,
//      which systemd never expands.
// The shell never parses our data: the notify command and the check's argv reach `/bin/sh -c` as
// positional parameters of a fixed script ($1 = the notify command, the rest = the check). The only
// shell code is NOTIFY_SCRIPT and the notify command itself, which the user wrote as shell code and
// which runs as `sh -c "$notify"` would in a terminal (so it can use $CLAWDIA_CHECK_EXIT).
import fs from "node:fs";
import path from "node:path";
import { parseDuration } from "../duration.js";
import { UsageError } from "../errors.js";
import type { StatePaths } from "../paths.js";
import type { Change } from "../types.js";
import { runTool, type ToolResult } from "../run-tool.js";

import { SERVICE_NAME, TIMER_NAME } from "./monitor-names.js";

export { SERVICE_NAME, TIMER_NAME };

export interface MonitorOptions {
  /** How often to check: "30m", "6h", "1d" (see parseEvery). */
  every: string;
  /** A shell command run when the check is not 0, with CLAWDIA_CHECK_EXIT set to its exit code. */
  notify?: string;
  /** Absolute path of the node binary (process.execPath): a user unit's PATH may not have node. */
  nodePath: string;
  /** Absolute path of the clawdia CLI script. */
  cliPath: string;
  /** Passed as --state-dir when given, since the unit does not see the user's CLAWDIA_STATE_DIR. */
  stateDir?: string;
  /** The user's CLAWDIA_CONFIG_PATH, set in the unit's environment for the same reason. */
  configPath?: string;
}

export interface UnitFile {
  name: string;
  text: string;
}

export interface MonitorUnits {
  service: UnitFile;
  timer: UnitFile;
  /** The CLI the service runs. */
  cliPath: string;
  /** Whether that is inside npx's cache (`…/_npx/<hash>/…`). */
  cliInNpxCache: boolean;
}

const HEADER =
  "# Written by `clawdia models auth monitor install`; remove it with `clawdia models auth monitor uninstall`.";

/** Keeps the check's exit code as the unit's result, so `systemctl --user status` shows it too. */
const NOTIFY_SCRIPT =
  'notify=$1; shift; "$@"; code=$?; if [ "$code" -ne 0 ]; then CLAWDIA_CHECK_EXIT=$code /bin/sh -c "$notify"; fi; exit "$code"';

/**
 * What every scheduler runs: `clawdia models status --check` (with --state-dir when given), wrapped in
 * NOTIFY_SCRIPT when there is a notify command. Validates the options.
 */
export function monitorArgv(options: MonitorOptions): string[] {
  for (const [what, file] of [
    ["node", options.nodePath],
    ["CLI", options.cliPath],
  ]) {
    if (!path.isAbsolute(file))
      throw new Error(`the monitor's ${what} path must be absolute, got ${JSON.stringify(file)}`);
  }
  if (options.notify !== undefined && options.notify.trim() === "") {
    throw new UsageError(
      `--notify needs a shell command, for example --notify 'notify-send "Clawdia: auth check exited $CLAWDIA_CHECK_EXIT"'`,
    );
  }
  const check = [
    options.nodePath,
    options.cliPath,
    ...(options.stateDir ? ["--state-dir", path.resolve(options.stateDir)] : []),
    "models",
    "status",
    "--check",
  ];
  return options.notify === undefined
    ? check
    : ["/bin/sh", "-c", NOTIFY_SCRIPT, "clawdia-auth-monitor", options.notify, ...check];
}

/** Whether the CLI a scheduler would run is inside npx's cache (`…/_npx/<hash>/…`), which npm cleans. */
export function inNpxCache(cliPath: string): boolean {
  return cliPath.split(/[\\/]/).includes("_npx");
}

export function monitorUnits(options: MonitorOptions): MonitorUnits {
  const every = parseEvery(options.every);
  const argv = monitorArgv(options);
  const service = [
    HEADER,
    "# Exit codes of the check: 0 ok, 1 a credential in use is expired or missing, 2 one expires soon or a provider is cooling down.",
    ...(options.notify === undefined
      ? []
      : ["# When it is not 0, the notify command runs with CLAWDIA_CHECK_EXIT set to that code."]),
    "[Unit]",
    "Description=Clawdia auth monitor (clawdia models status --check)",
    "",
    "[Service]",
    "Type=oneshot",
    // Environment= words are unquoted like ExecStart='s and expand specifiers, but never `$`.
    ...(options.configPath
      ? [`Environment=${systemdWord(`CLAWDIA_CONFIG_PATH=${path.resolve(options.configPath)}`, "program")}`]
      : []),
    `ExecStart=${argv.map((word, index) => systemdWord(word, index === 0 ? "program" : "argument")).join(" ")}`,
  ];
  const timer = [
    HEADER,
    "[Unit]",
    `Description=Check Clawdia's model credentials every ${every.span}`,
    "",
    "[Timer]",
    "OnBootSec=5min",
    `OnUnitActiveSec=${every.span}`,
    // No Persistent=: it only makes OnCalendar= timers catch up (systemd.timer(5)), and beside
    // OnBootSec=/OnUnitActiveSec= it would say something the timer does not do.
    "",
    "[Install]",
    "WantedBy=timers.target",
  ];
  return {
    service: { name: SERVICE_NAME, text: service.join("\n") + "\n" },
    timer: { name: TIMER_NAME, text: timer.join("\n") + "\n" },
    cliPath: options.cliPath,
    cliInNpxCache: inNpxCache(options.cliPath),
  };
}

/** One argv word as an ExecStart= word (see the top of this file). */
export function systemdWord(word: string, position: "program" | "argument" = "argument"): string {
  const specifiersEscaped = word.replace(/%/g, "%%");
  const text = position === "program" ? specifiersEscaped : specifiersEscaped.replace(/\$/g, () => "$$");
  if (/^[A-Za-z0-9_@+=:,./-]+$/.test(word)) return text;
  const quote = word.includes("'") ? '"' : "'";
  const escaped = text.replace(/[\\'"\x00-\x1f\x7f]/g, (char) => {
    if (char === "\\" || char === quote) return "\\" + char;
    if (char === "'" || char === '"') return char;
    return C_ESCAPES[char] ?? `\\x${char.charCodeAt(0).toString(16).padStart(2, "0")}`;
  });
  return quote + escaped + quote;
}

const C_ESCAPES: Record<string, string> = { "\n": "\\n", "\t": "\\t", "\r": "\\r" };

const MIN_SECONDS = 5 * 60;
const MAX_SECONDS = 7 * 86_400;
/** systemd time span units, largest first ("min": systemd's "m" would also do, but reads like months). */
const SPAN_UNITS: Array<[seconds: number, unit: string]> = [
  [86_400, "d"],
  [3600, "h"],
  [60, "min"],
  [1, "s"],
];

/**
 * "30m", "6h", "1.5h", "1d" (the one duration syntax of every flag, src/duration.ts) → whole seconds,
 * and a systemd time span in the largest unit that divides them ("1.5h" → "90min").
 */
export function parseEvery(text: string): { seconds: number; span: string } {
  const seconds = Math.round(parseDuration(text, "--every") / 1000);
  if (seconds < MIN_SECONDS || seconds > MAX_SECONDS)
    throw new UsageError(`--every must be between 5m and 7d (got "${text}")`);
  const [size, unit] = SPAN_UNITS.find(([size]) => seconds % size === 0)!;
  return { seconds, span: `${seconds / size}${unit}` };
}

/** Where systemd looks for the user's units: beside the gateway's own unit. */
export function monitorUnitPaths(paths: StatePaths): { service: string; timer: string } {
  const dir = path.dirname(paths.systemdUnitPath);
  return { service: path.join(dir, SERVICE_NAME), timer: path.join(dir, TIMER_NAME) };
}

/** One unsafe change: commit (pipeline.ts) backs up units it replaces and records the run for `doctor --undo`. */
export function planMonitorInstall(paths: StatePaths, units: MonitorUnits): Change {
  const target = monitorUnitPaths(paths);
  return {
    id: "monitor:install",
    title: `install the auth monitor (${SERVICE_NAME}, ${TIMER_NAME})`,
    source: "fix",
    safety: "unsafe",
    ops: [
      { kind: "write", file: target.service, content: units.service.text },
      { kind: "write", file: target.timer, content: units.timer.text },
    ],
  };
}

/**
 * One change removing the unit files that are there, through the transaction: they are locked, backed
 * up to <state>/backups/<runId>/ and recorded, so `clawdia doctor --undo` puts them back. Undefined
 * when neither is installed. Run `disable --now` before and `daemon-reload` after.
 */
export function planMonitorUninstall(paths: StatePaths): Change | undefined {
  const present = Object.values(monitorUnitPaths(paths)).filter(exists);
  if (present.length === 0) return undefined;
  return {
    id: "monitor:uninstall",
    title: `remove the auth monitor (${present.map((file) => path.basename(file)).join(", ")})`,
    source: "fix",
    safety: "unsafe",
    ops: present.map((file) => ({ kind: "delete" as const, file })),
  };
}

function exists(file: string): boolean {
  try {
    fs.lstatSync(file);
    return true;
  } catch {
    return false;
  }
}

export interface SystemctlStep {
  /** The arguments after `systemctl --user`. */
  args: string[];
  /** The command as the user would type it. */
  text: string;
}

/** What to run around writing (install) or moving away (uninstall) the unit files, in order. */
export function systemctlCommands(action: "install" | "uninstall"): {
  before: SystemctlStep[];
  after: SystemctlStep[];
} {
  const step = (...args: string[]): SystemctlStep => ({ args, text: ["systemctl", "--user", ...args].join(" ") });
  // disable needs the unit file still in place to find its [Install] links.
  return action === "install"
    ? { before: [], after: [step("daemon-reload"), step("enable", "--now", TIMER_NAME)] }
    : { before: [step("disable", "--now", TIMER_NAME)], after: [step("daemon-reload")] };
}

/** Runs `systemctl --user …args`; never throws (no user bus over ssh is common and not our failure). */
export function runSystemctl(args: string[], env: NodeJS.ProcessEnv = process.env): ToolResult {
  return runTool("systemctl", ["--user", ...args], { env });
}
