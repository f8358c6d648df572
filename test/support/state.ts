// Builds a snapshot in memory for rule table tests: no disk, the same parsing as a real load.
import { exampleRawState, EXAMPLE_NOW, type ExampleState } from "../../src/rule-example.js";
import { buildSnapshot, type Snapshot } from "../../src/snapshot/snapshot.js";
import type { Rule, RuleContext } from "../../src/rule.js";
import type { RuleFinding } from "../../src/types.js";

// The state builder lives in src/rule-example.ts: rules' executable examples are written in it too.
export {
  EXAMPLE_NOW as NOW,
  EXAMPLE_PATHS as TEST_PATHS,
  exampleRawState as rawState,
  type ExampleState as TestState,
} from "../../src/rule-example.js";
export { DAY, HOUR } from "../../src/rule.js";

export function snapshotOf(state: ExampleState = {}): Snapshot {
  return buildSnapshot(exampleRawState(state));
}

export function contextOf(state: ExampleState = {}, now = EXAMPLE_NOW): RuleContext {
  const snapshot = snapshotOf(state);
  return { snapshot, config: snapshot.configView, paths: snapshot.raw.paths, now };
}

export function runRule(rule: Rule, state: ExampleState = {}, now = EXAMPLE_NOW): RuleFinding[] {
  return rule.check(contextOf(state, now));
}
