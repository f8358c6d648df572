import path from "node:path";
import { defineMigration } from "../src/migration.js";
import { moveFile } from "../src/migration-shapes.js";
import { agentStorePath } from "../src/paths.js";

// Before 2025.9 there was one agent, whose files lived in <state>/agent/. They go to the configured
// default agent (agents.list), which is "main" unless the config says otherwise: the gateway looks for
// the default agent's credentials there. (The id keeps its old name: it is recorded in histories.)
export default defineMigration({
  id: "agent-dir-to-agents-main",
  version: "2025.9.0",
  describe: "move <state>/agent/ to <state>/agents/<default agent>/agent/",
  plan({ snapshot, paths }) {
    const legacy = snapshot.raw.legacy.agentDir;
    if (!legacy.exists || legacy.files.length === 0) return [];
    // Sub-directories, unreadable files or a target that exists: state/legacy-leftovers says what to do by hand.
    if (!canMove(legacy)) return [];
    // The names at the target were listed for the default agent of the config as read; a plan that
    // changed which agent is the default would move files onto names nobody looked at.
    if (snapshot.configView.defaultAgentId !== legacy.targetAgentId) return [];
    const targetDir = path.dirname(agentStorePath(paths, legacy.targetAgentId));
    return legacy.files.flatMap((file) =>
      moveFile(file.path, path.join(targetDir, path.basename(file.path)), file.text!),
    );
  },
});

/** Only regular text files move this way, and only onto free names; anything else is left for the user. */
function canMove(legacy: {
  files: { path: string; status: string; text?: string }[];
  subdirectories: string[];
  targetNames: string[];
}): boolean {
  if (legacy.subdirectories.length) return false;
  const taken = new Set(legacy.targetNames);
  return legacy.files.every(
    (file) =>
      file.status === "ok" &&
      file.text !== undefined &&
      !file.text.includes("\uFFFD") &&
      !taken.has(path.basename(file.path)),
  );
}
