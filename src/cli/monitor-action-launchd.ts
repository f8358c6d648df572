// `models auth monitor` on macOS: the LaunchAgent written through the transaction, then loaded
// with `launchctl bootstrap gui/<uid>` (after `bootout` when an earlier one is loaded).
import fs from "node:fs";
import { displayPath, type StatePaths } from "../paths.js";
import { commit, load } from "../engine/pipeline.js";
import { runTool } from "../run-tool.js";
import type { MonitorOptions } from "../models/monitor.js";
import {
  launchctlSteps,
  launchdPlist,
  launchdPlistPath,
  planLaunchdInstall,
  planLaunchdUninstall,
} from "../models/monitor-launchd.js";
import { report, runStep, type StepLine } from "./monitor-report.js";
import { printOut } from "../output.js";

export async function launchdAction(
  action: "print" | "install" | "uninstall",
  paths: StatePaths,
  options: MonitorOptions | undefined,
): Promise<number> {
  const file = launchdPlistPath(paths);
  const shown = displayPath(file, paths.home);
  const steps = launchctlSteps(process.getuid?.() ?? 0, file);
  if (!options) {
    const before = bootoutIfLoaded(steps);
    // A loaded agent whose plist is gone is still booted out; without launchctl there is nothing to say.
    if (!fs.existsSync(file))
      return report([
        ...before.filter((line) => !line.text.startsWith("Run:")),
        "The auth monitor is not installed; nothing to remove.",
      ]);
    const { runId } = await commit(
      await load(paths, process.env),
      [planLaunchdUninstall(paths)],
      "models auth monitor uninstall",
    );
    return report([
      ...before,
      `Removed ${shown}`,
      `(backed up in ${displayPath(`${paths.backupsDir}/${runId}`, paths.home)}; undo: clawdia doctor --undo)`,
    ]);
  }
  const text = await launchdPlist(paths, options);
  if (action === "print") return (printOut(`# ${shown}\n${text}`), 0);
  await commit(await load(paths, process.env), [planLaunchdInstall(paths, text)], "models auth monitor install");
  // bootstrap refuses a label that is still loaded ("Bootstrap failed: 5: Input/output error").
  return report([
    `Wrote ${shown} (undo: clawdia doctor --undo)`,
    ...bootoutIfLoaded(steps),
    runStep("launchctl", steps.bootstrap),
  ]);
}

/** `launchctl print` exits 0 only for a loaded service (113 "Could not find service" otherwise). */
function bootoutIfLoaded(steps: ReturnType<typeof launchctlSteps>): StepLine[] {
  const loaded = runTool("launchctl", steps.isLoaded.args);
  if (!loaded.ran) return [{ text: `Run: ${steps.bootout.text} (if it is loaded)` }];
  return loaded.ok ? [runStep("launchctl", steps.bootout)] : [];
}
