import { defineMigration } from "../src/migration.js";
import { moveConfigKey } from "../src/migration-shapes.js";

// 2026.4 replaced the single-agent `agent.model` with per-agent defaults. A model there already in
// another form, or both set and different: the user decides. An `agent` that held nothing else goes whole.
export default defineMigration({
  id: "agent.model-to-agents.defaults.model.primary",
  version: "2026.4.0",
  describe: "agent.model → agents.defaults.model.primary",
  plan({ snapshot, paths }) {
    return moveConfigKey(snapshot.config.value, paths, ["agent", "model"], ["agents", "defaults", "model", "primary"], {
      dropEmptyParent: true,
    });
  },
});
