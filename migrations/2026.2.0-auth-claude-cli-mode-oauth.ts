import { defineMigration } from "../src/migration.js";
import { valueAt } from "../src/snapshot/views.js";

// The documentation: "Older configs that used 'token' are auto-migrated on load".
export default defineMigration({
  id: "auth.claude-cli-mode-oauth",
  version: "2026.2.0",
  describe: 'auth.profiles["anthropic:claude-cli"].mode "token" → "oauth"',
  plan({ snapshot, paths }) {
    if (valueAt(snapshot.config.value, "auth", "profiles", "anthropic:claude-cli", "mode") !== "token") return [];
    return [
      {
        kind: "json-set",
        file: paths.configPath,
        path: ["auth", "profiles", "anthropic:claude-cli", "mode"],
        value: "oauth",
      },
    ];
  },
});
