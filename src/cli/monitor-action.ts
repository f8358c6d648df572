// `clawdia models auth monitor print|install|uninstall [--every 6h] [--notify CMD]`.
import fs from "node:fs";
import { displayPath, resolvePaths } from "../paths.js";
import { commitChanges } from "../engine/commit.js";
import { readState } from "../snapshot/read-state.js";
import { monitorUnitPaths, monitorUnits, planMonitorInstall, planMonitorUninstall, runSystemctl, systemctlCommands, type SystemctlStep } from "../models/monitor.js";
import { printErr, printOut } from "./output.js";

interface MonitorFlags {
  every: string;
  notify?: string;
}

export async function monitorAction(action: "print" | "install" | "uninstall", flags: MonitorFlags, stateDir: string | undefined): Promise<number> {
  const paths = resolvePaths({ stateDir });
  const target = monitorUnitPaths(paths);
  if (action === "uninstall") {
    const change = planMonitorUninstall(paths);
    if (!change) return printOut("The auth monitor is not installed; nothing to remove."), 0;
    const steps = systemctlCommands("uninstall");
    const before = runSteps(steps.before);
    const { runId } = await commitChanges(paths, readState(paths), [change], "models auth monitor uninstall");
    const removed = change.ops.map((op) => `Removed ${displayPath(op.file, paths.home)}`);
    const backup = `(backed up in ${displayPath(`${paths.backupsDir}/${runId}`, paths.home)}; undo: clawdia doctor --undo)`;
    return report([...before, ...removed, backup, ...runSteps(steps.after)]);
  }
  const units = monitorUnits({
    every: flags.every,
    notify: flags.notify,
    nodePath: process.execPath,
    // argv[1] is this CLI's script (through npx's link); the unit needs its real, absolute path.
    cliPath: fs.realpathSync(process.argv[1]),
    stateDir: stateDir ?? process.env.CLAWDIA_STATE_DIR,
    configPath: process.env.CLAWDIA_CONFIG_PATH || undefined,
  });
  // npx runs a package from its cache (~/.npm/_npx/<hash>/), which npm cleans when it likes: a
  // unit pointing there stops working one day without a word.
  if (units.cliInNpxCache) printErr(`clawdia: warning: the monitor would run ${units.cliPath}, inside npx's cache, which npm may clean at any time; install clawdia (npm install -g clawdia) and run this again from there`);
  if (action === "print") {
    printOut(`# ${displayPath(target.service, paths.home)}\n${units.service.text}\n# ${displayPath(target.timer, paths.home)}\n${units.timer.text}`);
    return 0;
  }
  await commitChanges(paths, readState(paths), [planMonitorInstall(paths, units)], "models auth monitor install");
  const lines = [`Wrote ${displayPath(target.service, paths.home)} and ${displayPath(target.timer, paths.home)} (undo: clawdia doctor --undo)`];
  return report([...lines, ...runSteps(systemctlCommands("install").after)]);
}

interface StepLine {
  text: string;
  failed?: boolean;
}

/** Runs each systemctl step; where systemctl is missing or fails, says what to run by hand. */
function runSteps(steps: SystemctlStep[]): StepLine[] {
  return steps.map((step) => {
    const result = runSystemctl(step.args);
    if (!result.ran) return { text: `Run: ${step.text}` };
    return result.ok ? { text: `Ran: ${step.text}` } : { text: `Failed: ${step.text}: ${result.output}; run it yourself`, failed: true };
  });
}

/**
 * What was done on stdout, a systemctl step that failed on stderr, and exit 1 then: the units are
 * written (and undoable), but the timer is not running as the command said it would be.
 */
function report(lines: Array<string | StepLine>): number {
  const steps = lines.map((line) => (typeof line === "string" ? { text: line } : line));
  printOut(steps.filter((step) => !step.failed).map((step) => step.text).join("\n"));
  const failed = steps.filter((step) => step.failed);
  for (const step of failed) printErr(`clawdia: ${step.text}`);
  return failed.length > 0 ? 1 : 0;
}
