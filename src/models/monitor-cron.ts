// The auth monitor as one crontab line (crontab(5)), for Termux and hosts without a systemd user
// manager. The line ends with CRON_MARKER, so install replaces it and uninstall removes it, and no
// other line of the user's crontab is touched.
import path from "node:path";
import { UsageError } from "../errors.js";
import type { StatePaths } from "../paths.js";
import type { Change } from "../types.js";
import { CRON_MARKER } from "./monitor-names.js";
import { monitorArgv, parseEvery, type MonitorOptions } from "./monitor.js";
import { runTool, type ToolResult } from "../run-tool.js";

export { CRON_MARKER };

const MINUTE_STEPS = [5, 6, 10, 12, 15, 20, 30];
const HOUR_STEPS = [1, 2, 3, 4, 6, 8, 12];
const EXPRESSIBLE = "5m, 6m, 10m, 12m, 15m, 20m, 30m, 1h, 2h, 3h, 4h, 6h, 8h, 12h, 1d or 7d";

/**
 * --every as a cron schedule. Cron fires at fixed minutes of the clock, so only steps that divide an
 * hour or a day (and a week) run at an even pace: `*\/45` would fire at :00 and :45. Others are
 * refused rather than rounded, so the monitor never runs at another pace than the one asked for.
 */
export function cronSchedule(every: string): string {
  const { seconds } = parseEvery(every);
  const minutes = seconds / 60;
  if (MINUTE_STEPS.includes(minutes)) return `*/${minutes} * * * *`;
  const hours = minutes / 60;
  if (HOUR_STEPS.includes(hours)) return hours === 1 ? "0 * * * *" : `0 */${hours} * * *`;
  if (hours === 24) return "0 0 * * *";
  if (hours === 24 * 7) return "0 0 * * 0";
  throw new UsageError(`--every ${every} cannot be written as a cron schedule; with cron use ${EXPRESSIBLE}`);
}

/** A word as /bin/sh reads it back (cron runs the line with sh). */
export function shellWord(word: string): string {
  return /^[A-Za-z0-9_@+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

/** The crontab line: schedule, the variables the job does not inherit, the command, the marker. */
export function cronLine(options: MonitorOptions): string {
  const schedule = cronSchedule(options.every);
  const env = [
    ...(options.stateDir ? [`CLAWDIA_STATE_DIR=${shellWord(path.resolve(options.stateDir))}`] : []),
    ...(options.configPath ? [`CLAWDIA_CONFIG_PATH=${shellWord(path.resolve(options.configPath))}`] : []),
  ];
  const line = [schedule, ...env, ...monitorArgv(options).map(shellWord), CRON_MARKER].join(" ");
  // cron turns an unescaped % into a newline (and not every cron unescapes \%), and a crontab entry
  // is one line: refuse rather than install a job that runs something else.
  if (line.includes("%"))
    throw new UsageError(
      "the monitor's command would hold a %, which cron reads as a new line; use a --notify command and paths without %",
    );
  if (/[\r\n\x00]/.test(line)) throw new UsageError("--notify must be one line for cron");
  return line;
}

export function isMonitorLine(line: string): boolean {
  return line.trimEnd().endsWith(CRON_MARKER);
}

/** The crontab with our line in place of any earlier one (or added at the end), the rest kept as is. */
export function withMonitorLine(crontab: string, line: string): string {
  const lines = withoutMonitorLine(crontab);
  return `${lines}${lines === "" || lines.endsWith("\n") ? "" : "\n"}${line}\n`;
}

export function withoutMonitorLine(crontab: string): string {
  return crontab
    .split(/(?<=\n)/)
    .filter((line) => !isMonitorLine(line))
    .join("");
}

export type CrontabRead = { ok: true; text: string } | { ok: false; ran: boolean; message: string };

/** `crontab -l`; "no crontab for USER" (exit 1) is an empty crontab, not a failure. */
export function readCrontab(env: NodeJS.ProcessEnv = process.env): CrontabRead {
  const result = runTool("crontab", ["-l"], { env });
  if (result.ok) return { ok: true, text: result.stdout };
  if (result.ran && result.status === 1 && /^no crontab for /m.test(result.stderr)) return { ok: true, text: "" };
  return {
    ok: false,
    ran: result.ran,
    message: result.ran ? `crontab -l: ${result.output || `exit ${result.status}`}` : "crontab is not on PATH",
  };
}

/** `crontab -` replaces the user's crontab with stdin. */
export function writeCrontab(text: string, env: NodeJS.ProcessEnv = process.env): ToolResult {
  return runTool("crontab", ["-"], { env, input: text });
}

/**
 * The crontab is no file clawdia can write, so the transaction records a copy of it as clawdia left it
 * (<state>/monitor/crontab.installed): the run is locked, backed up and in the history, and the
 * crontab found before is kept beside that run's backups (see monitor-action-cron.ts).
 */
function cronRecordPath(paths: StatePaths): string {
  return path.join(paths.stateDir, "monitor", "crontab.installed");
}

export function planCronRecord(paths: StatePaths, action: "install" | "uninstall", crontab: string): Change {
  return {
    id: `monitor:${action}`,
    title: `${action === "install" ? "install" : "remove"} the auth monitor (crontab line ${CRON_MARKER})`,
    source: "fix",
    safety: "unsafe",
    ops: [{ kind: "write", file: cronRecordPath(paths), content: crontab }],
  };
}
