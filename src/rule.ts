// What a rule is. Rules are pure: they read the snapshot and the clock, and return findings whose
// fixes are plans of file operations. Only the engine writes.
import type { StatePaths } from "./paths.js";
import type { ExampleState } from "./rule-example.js";
import type { Snapshot } from "./snapshot/snapshot.js";
import type { ConfigView } from "./snapshot/views.js";
import type { RuleFinding, Safety, Severity } from "./types.js";

/** The clock a rule's examples are checked at (2026-11-27T12:00:00Z), and units to write times relative to it. */
export const EXAMPLE_NOW = Date.UTC(2026, 10, 27, 12, 0, 0);
export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;

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
  /** Executable examples, checked by test/rules/index.test.ts and rendered into docs/rules.md. */
  examples: RuleExamples;
  check(context: RuleContext): RuleFinding[];
}

/** A state for a rule's examples, with a line saying what it shows. */
export interface RuleExample extends ExampleState {
  caption?: string;
}

export interface RuleExamples {
  /** Each gives at least one finding of this rule; together, every severity the rule emits. */
  bad: RuleExample[];
  /** Each gives no finding of this rule. */
  good: RuleExample[];
}

export interface Rule extends RuleDefinition {
  category: string;
}

export function defineRule(definition: RuleDefinition): Rule {
  return { ...definition, category: definition.id.split("/")[0] };
}
