// The config values the verdict reads (agents.list, models, auth, env) that are of the wrong type: the
// gateway ignores them and uses its defaults, and so does `models status`, which must then say so
// (`auth.expiryWarnHours: "abc"` is a 24 h window, not the one the user wrote). Doctor: config/invalid.
import { ConfigSchema } from "../snapshot/config-schema.js";
import { schemaProblems, type JsonPath } from "../snapshot/json-problems.js";
import type { Snapshot } from "../snapshot/snapshot.js";

export interface ConfigProblem {
  path: JsonPath;
  /** "auth.expiryWarnHours: expected a number, got string": never the value itself. */
  message: string;
}

const READ_BY_THE_VERDICT = new Set(["agents", "models", "auth", "env"]);

export function verdictConfigProblems(snapshot: Snapshot): ConfigProblem[] {
  const value = snapshot.config.value;
  if (value === undefined) return []; // missing (the defaults) or unreadable (reported as such)
  return schemaProblems(ConfigSchema, value).filter((problem) => READ_BY_THE_VERDICT.has(String(problem.path[0])));
}
