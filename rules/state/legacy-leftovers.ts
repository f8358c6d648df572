import path from "node:path";
import { defineRule } from "../../src/rule.js";
import { displayPath } from "../../src/paths.js";
import { valueAt } from "../../src/snapshot/views.js";
import type { RuleFinding } from "../../src/types.js";

export default defineRule({
  id: "state/legacy-leftovers",
  title: "Files of an older layout that cannot be migrated automatically",
  severity: "warning",
  fix: "manual", // each case needs a human to say which copy is right
  docs: `Migrations move old files and keys to their new places, but never when both the old and the
new exist, or when the old one holds something they cannot move safely (sub-directories, unreadable
files). Then the old copy is ignored by the gateway, which is rarely what the user meant.

Bad:  both ~/.clawdia/config.json and ~/.clawdia/clawdia.json exist.
Good: merge what config.json still holds into clawdia.json by hand, then remove config.json.`,
  examples: {
    bad: [
      {
        caption: "gateway.token (old) and gateway.auth.token both set, and different",
        config: {
          gateway: { token: "clawgw-EXAMPLEoldGatewayToken", auth: { token: "clawgw-EXAMPLEnewGatewayToken" } },
        },
      },
    ],
    good: [
      { caption: "only gateway.auth.token", config: { gateway: { auth: { token: "clawgw-EXAMPLEnewGatewayToken" } } } },
    ],
  },
  check({ snapshot, paths }) {
    const findings: RuleFinding[] = [];
    const home = paths.home;
    const legacy = snapshot.raw.legacy;
    const show = (file: string) => displayPath(file, home);
    if (legacy.config.status !== "missing" && snapshot.config.file.status !== "missing") {
      findings.push({
        message: `both ${show(legacy.config.path)} (old) and ${show(paths.configPath)} exist; the old one is ignored`,
        subject: { file: legacy.config.path },
        advice: [
          `diff ${show(legacy.config.path)} ${show(paths.configPath)}`,
          `rm ${show(legacy.config.path)}  # once nothing in it is still needed`,
        ],
      });
    }
    const leftover = legacy.agentDir.files.filter((file) => file.status !== "missing");
    if (leftover.length || legacy.agentDir.subdirectories.length) {
      const oldDir = path.join(paths.stateDir, "agent");
      const newDir = path.join(paths.agentsDir, legacy.agentDir.targetAgentId, "agent");
      findings.push({
        message: `${show(oldDir)} (the single-agent layout) still holds files that were not moved to ${show(newDir)}`,
        subject: { file: oldDir },
        advice: [
          `ls -la ${show(oldDir)} ${show(newDir)}`,
          `mv ${show(oldDir)}/* ${show(newDir)}/  # after checking nothing there is overwritten`,
        ],
      });
    }
    const config = snapshot.config.value;
    if (typeof valueAt(config, "gateway", "token") === "string") {
      findings.push({
        message: "gateway.token (old) and gateway.auth.token are both set and differ; the old one is ignored",
        subject: { file: paths.configPath, path: ["gateway", "token"] },
        advice: [`\${EDITOR:-vi} ${show(paths.configPath)}  # keep one of them under gateway.auth.token`],
      });
    }
    if (typeof valueAt(config, "agent", "model") === "string") {
      findings.push({
        message: "agent.model (old) and agents.defaults.model.primary are both set and differ; the old one is ignored",
        subject: { file: paths.configPath, path: ["agent", "model"] },
        advice: [`\${EDITOR:-vi} ${show(paths.configPath)}  # keep one of them under agents.defaults.model.primary`],
      });
    }
    return findings;
  },
});
