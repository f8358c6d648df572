// `clawdia models status [--check] [--json|--format F] [--agent ID]`.
import { UsageError } from "../errors.js";
import { modelsStatus } from "../models/status.js";
import { statusJson } from "../models/status-json.js";
import { renderStatus } from "../models/render-status.js";
import { chooseAgent, openState } from "../engine/open-state.js";
import { printOut } from "../output.js";

interface StatusFlags {
  check?: boolean;
  json?: boolean;
  format?: "text" | "json" | "prometheus";
  agent?: string;
  shell?: boolean;
}

export async function modelsStatusAction(flags: StatusFlags, stateDir: string | undefined): Promise<number> {
  if (flags.json && flags.format && flags.format !== "json")
    throw new UsageError("--json cannot be used with --format " + flags.format);
  const format = flags.json ? "json" : (flags.format ?? "text");
  const { paths, snapshot, now, notes } = await openState(stateDir, "models status");
  const agent = flags.agent === undefined ? undefined : chooseAgent(snapshot, flags.agent);
  const status = modelsStatus(snapshot, now, agent, { shell: flags.shell });
  if (format === "json") {
    printOut(JSON.stringify(statusJson(status, now, notes), null, 2));
  } else if (format === "prometheus") {
    const { renderPrometheus } = await import("../models/prometheus.js");
    printOut(renderPrometheus(status, now));
  } else {
    printOut(
      renderStatus(status, {
        home: paths.home,
        now,
        notes,
        detailAll: agent !== undefined || status.agents.length === 1,
      }),
    );
  }
  return flags.check ? status.exitCode : 0;
}
