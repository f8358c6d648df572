// What a rule is. Rules are pure: they read the snapshot and the clock, and return findings whose
// fixes are plans of file operations. Only the engine writes.
import type { StatePaths } from "./paths.js";
import type { Snapshot } from "./snapshot/snapshot.js";
import type { ConfigView } from "./snapshot/views.js";
import type { RuleFinding, Safety, Severity } from "./types.js";

export interface RuleContext {
  snapshot: Snapshot;
  config: ConfigView;
  paths: StatePaths;
  /** Milliseconds since the epoch; the injectable clock. */
  now: number;
}

export interface RuleDefinition {
  /** `category/what-is-wrong`. */
  id: string;
  title: string;
  severity: Severity;
  /** The fix class of this rule's fixes, or "none" when it only reports. */
  fix: Safety | "none";
  /** Why it matters, with an example of bad and good input: what `--explain` prints. */
  docs: string;
  check(context: RuleContext): RuleFinding[];
}

export interface Rule extends RuleDefinition {
  category: string;
}

export function defineRule(definition: RuleDefinition): Rule {
  return { ...definition, category: definition.id.split("/")[0] };
}
