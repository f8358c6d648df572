import { defineMigration } from "../src/migration.js";
import { isObject, valueAt } from "../src/snapshot/views.js";

// 2026.4 replaced the single-agent `agent.model` with per-agent defaults.
export default defineMigration({
  id: "agent.model-to-agents.defaults.model.primary",
  version: "2026.4.0",
  describe: "agent.model → agents.defaults.model.primary",
  plan({ snapshot, paths }) {
    const config = snapshot.config.value;
    const agent = valueAt(config, "agent");
    if (!isObject(agent) || typeof agent.model !== "string") return [];
    const model = valueAt(config, "agents", "defaults", "model");
    if (model !== undefined && !isObject(model)) return []; // a model there already, in another form: the user decides
    const primary = valueAt(model, "primary");
    if (primary !== undefined && primary !== agent.model) return []; // both set and different: the user decides
    const file = paths.configPath;
    const alone = Object.keys(agent).length === 1; // `agent` held nothing else: remove it whole
    return [
      ...(primary === undefined ? [{ kind: "json-set" as const, file, path: ["agents", "defaults", "model", "primary"], value: agent.model }] : []),
      { kind: "json-set" as const, file, path: alone ? ["agent"] : ["agent", "model"], value: undefined },
    ];
  },
});
