import path from "node:path";
import { defineMigration } from "../src/migration.js";
import { agentStorePath } from "../src/paths.js";
import { DEFAULT_AGENT_ID } from "../src/snapshot/views.js";

// Before 2025.9 there was one agent, whose files lived in <state>/agent/.
export default defineMigration({
  id: "agent-dir-to-agents-main",
  version: "2025.9.0",
  describe: "move <state>/agent/ to <state>/agents/main/agent/",
  plan({ snapshot, paths }) {
    const legacy = snapshot.raw.legacy.agentDir;
    if (!legacy.exists || legacy.files.length === 0) return [];
    // Sub-directories, unreadable files or a target that exists: state/legacy-leftovers says what to do by hand.
    if (!canMove(legacy)) return [];
    const targetDir = path.dirname(agentStorePath(paths, DEFAULT_AGENT_ID));
    return legacy.files.flatMap((file) => [
      { kind: "write" as const, file: path.join(targetDir, path.basename(file.path)), content: file.text!, from: file.path },
      { kind: "delete" as const, file: file.path },
    ]);
  },
});

/** Only regular text files move this way, and only onto free names; anything else is left for the user. */
export function canMove(legacy: { files: { path: string; status: string; text?: string }[]; subdirectories: string[]; targetNames: string[] }): boolean {
  if (legacy.subdirectories.length) return false;
  const taken = new Set(legacy.targetNames);
  return legacy.files.every((file) => file.status === "ok" && file.text !== undefined && !file.text.includes("\uFFFD") && !taken.has(path.basename(file.path)));
}
