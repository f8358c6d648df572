// `clawdia models auth monitor print|install|uninstall [--every 6h] [--notify CMD] [--scheduler S]`:
// chooses the scheduler, then the systemd part (here), launchd or cron (their own files).
import fs from "node:fs";
import { displayPath, resolvePaths, type StatePaths } from "../paths.js";
import { commit, load } from "../engine/pipeline.js";
import { currentPlatform } from "../seams.js";
import {
  inNpxCache,
  parseEvery,
  monitorUnitPaths,
  monitorUnits,
  planMonitorInstall,
  planMonitorUninstall,
  systemctlCommands,
  type MonitorOptions,
} from "../models/monitor.js";
import { chooseScheduler } from "../models/monitor-scheduler.js";
import { report, runStep, type ToolStep } from "./monitor-report.js";
import { printErr, printOut } from "../output.js";

interface MonitorFlags {
  every?: string;
  notify?: string;
  scheduler?: string;
}

export type MonitorVerb = "print" | "install" | "uninstall";

export async function monitorAction(
  action: MonitorVerb,
  flags: MonitorFlags,
  stateDir: string | undefined,
): Promise<number> {
  const paths = resolvePaths({ stateDir });
  const options = action === "uninstall" ? undefined : monitorOptions(flags, stateDir);
  const { scheduler, fallback } = chooseScheduler(flags.scheduler, currentPlatform());
  if (fallback) printErr(`clawdia: note: ${fallback}`);
  // npx runs a package from its cache (~/.npm/_npx/<hash>/), which npm cleans when it likes: a
  // monitor pointing there stops working one day without a word.
  if (options && inNpxCache(options.cliPath))
    printErr(
      `clawdia: warning: the monitor would run ${options.cliPath}, inside npx's cache, which npm may clean at any time; install clawdia (npm install -g clawdia) and run this again from there`,
    );
  if (scheduler === "launchd")
    return (await import("./monitor-action-launchd.js")).launchdAction(action, paths, options);
  if (scheduler === "cron") return (await import("./monitor-action-cron.js")).cronAction(action, paths, options);
  return systemdAction(action, paths, options);
}

/** The options every scheduler uses; a bad --every is bad usage before anything runs. */
function monitorOptions(flags: MonitorFlags, stateDir: string | undefined): MonitorOptions {
  const every = flags.every ?? "6h";
  parseEvery(every);
  return {
    every,
    notify: flags.notify,
    nodePath: process.execPath,
    // argv[1] is this CLI's script (through npx's link); the scheduler needs its real, absolute path.
    cliPath: fs.realpathSync(process.argv[1]),
    stateDir: stateDir ?? process.env.CLAWDIA_STATE_DIR,
    configPath: process.env.CLAWDIA_CONFIG_PATH || undefined,
  };
}

async function systemdAction(
  action: MonitorVerb,
  paths: StatePaths,
  options: MonitorOptions | undefined,
): Promise<number> {
  const target = monitorUnitPaths(paths);
  if (!options) {
    const change = planMonitorUninstall(paths);
    if (!change) return (printOut("The auth monitor is not installed; nothing to remove."), 0);
    const steps = systemctlCommands("uninstall");
    const before = steps.before.map(systemctl);
    const { runId } = await commit(await load(paths, process.env), [change], "models auth monitor uninstall");
    const removed = change.ops.map((op) => `Removed ${displayPath(op.file, paths.home)}`);
    const backup = `(backed up in ${displayPath(`${paths.backupsDir}/${runId}`, paths.home)}; undo: clawdia doctor --undo)`;
    return report([...before, ...removed, backup, ...steps.after.map(systemctl)]);
  }
  const units = monitorUnits(options);
  if (action === "print") {
    printOut(
      `# ${displayPath(target.service, paths.home)}\n${units.service.text}\n# ${displayPath(target.timer, paths.home)}\n${units.timer.text}`,
    );
    return 0;
  }
  await commit(await load(paths, process.env), [planMonitorInstall(paths, units)], "models auth monitor install");
  const lines = [
    `Wrote ${displayPath(target.service, paths.home)} and ${displayPath(target.timer, paths.home)} (undo: clawdia doctor --undo)`,
  ];
  return report([...lines, ...systemctlCommands("install").after.map(systemctl)]);
}

const systemctl = (step: ToolStep) => runStep("systemctl", { args: ["--user", ...step.args], text: step.text });
