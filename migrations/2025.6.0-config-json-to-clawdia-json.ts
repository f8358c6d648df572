import path from "node:path";
import { defineMigration } from "../src/migration.js";
import { moveFile } from "../src/migration-shapes.js";

// Before 2025.6 the config lived at <state>/config.json.
export default defineMigration({
  id: "config.json-to-clawdia.json",
  version: "2025.6.0",
  describe: "move <state>/config.json to <state>/clawdia.json",
  plan({ snapshot, paths }) {
    const legacy = snapshot.raw.legacy.config;
    // Only for the default location: a CLAWDIA_CONFIG_PATH elsewhere is the user's choice.
    if (paths.configPath !== path.join(paths.stateDir, "clawdia.json")) return [];
    // When both exist, state/legacy-leftovers reports it: which one is right is the user's call.
    if (legacy.status !== "ok" || legacy.text === undefined || snapshot.config.file.status !== "missing") return [];
    return moveFile(legacy.path, paths.configPath, legacy.text);
  },
});
