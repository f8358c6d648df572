// `models auth monitor` with cron: one marked line added to, replaced in or removed from the user's
// crontab (`crontab -l`, then `crontab -`). The crontab is not a file clawdia may write, so
// `doctor --undo` cannot put it back: the run records a copy of the crontab clawdia installed
// (through the transaction, backed up and in the history) and keeps the crontab it found as
// <state>/backups/<runId>/crontab.before, and the output says how to load that one back.
import fs from "node:fs";
import path from "node:path";
import { UserError } from "../errors.js";
import { displayPath, type StatePaths } from "../paths.js";
import { commit, load } from "../engine/pipeline.js";
import type { MonitorOptions } from "../models/monitor.js";
import {
  cronLine,
  isMonitorLine,
  planCronRecord,
  readCrontab,
  withMonitorLine,
  withoutMonitorLine,
  writeCrontab,
} from "../models/monitor-cron.js";
import { isTermux } from "../models/monitor-scheduler.js";
import { report, type StepLine } from "./monitor-report.js";
import { printOut } from "../output.js";

export async function cronAction(
  action: "print" | "install" | "uninstall",
  paths: StatePaths,
  options: MonitorOptions | undefined,
): Promise<number> {
  const line = options ? cronLine(options) : undefined;
  if (action === "print")
    return (printOut(`# a line of your crontab (crontab -l; installed with crontab -)\n${line}`), 0);
  const current = readCrontab();
  if (!current.ok)
    throw new UserError(
      `${current.message}${current.ran ? "" : isTermux(process.env) ? " (pkg install cronie termux-services)" : " (install cron)"}; nothing was changed`,
    );
  if (!line && !current.text.split("\n").some(isMonitorLine))
    return (printOut("The auth monitor is not in your crontab; nothing to remove."), 0);
  const next = line ? withMonitorLine(current.text, line) : withoutMonitorLine(current.text);
  const command = `models auth monitor ${action}`;
  const { runId } = await commit(
    await load(paths, process.env),
    [planCronRecord(paths, line ? "install" : "uninstall", next)],
    command,
  );
  const before = keepCrontab(paths, runId!, current.text);
  const written = writeCrontab(next);
  const undo = `(your crontab before is in ${displayPath(before, paths.home)}; undo: crontab ${displayPath(before, paths.home)})`;
  const result: StepLine = written.ok
    ? {
        text: line
          ? "Added the auth monitor to your crontab (the line ending in # clawdia-auth-monitor)"
          : "Removed the auth monitor's line from your crontab",
      }
    : {
        text: `Failed: crontab -: ${written.output || `exit ${written.status}`}; your crontab was not changed`,
        failed: true,
      };
  const termux =
    line && written.ok && isTermux(process.env)
      ? ["Termux runs cron jobs only while crond runs: pkg install cronie termux-services, then sv-enable crond"]
      : [];
  return report([result, ...(written.ok ? [undo] : []), ...termux]);
}

/** The crontab as found, beside the run's backups (0600: it may hold the user's secrets). */
function keepCrontab(paths: StatePaths, runId: string, text: string): string {
  const dir = path.join(paths.backupsDir, runId);
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const file = path.join(dir, "crontab.before");
  fs.writeFileSync(file, text, { mode: 0o600 });
  return file;
}
