// Runs a rule's table of cases, ESLint-style: valid states give no finding, invalid ones exactly these.
import { describe, expect, it } from "vitest";
import type { Rule } from "../../src/rule.js";
import type { RawState } from "../../src/snapshot/read-state.js";
import { buildSnapshot } from "../../src/snapshot/snapshot.js";
import type { RuleFinding } from "../../src/types.js";
import { NOW, rawState, type TestState } from "../support/state.js";

export interface ValidCase {
  name: string;
  state: TestState;
  now?: number;
  /** Changes what TestState cannot say (a missing state dir, an unreadable file, a symlink). */
  raw?: (raw: RawState) => void;
}

export interface InvalidCase extends ValidCase {
  findings: RuleFinding[];
}

export function check(rule: Rule, { state, now = NOW, raw }: ValidCase): RuleFinding[] {
  const rawInput = rawState(state);
  raw?.(rawInput);
  const snapshot = buildSnapshot(rawInput);
  return rule.check({ snapshot, config: snapshot.configView, paths: snapshot.raw.paths, now });
}

export function ruleTable(rule: Rule, cases: { valid: ValidCase[]; invalid: InvalidCase[] }): void {
  describe(rule.id, () => {
    it.each(cases.valid)("valid: $name", (testCase) => {
      expect(check(rule, testCase)).toEqual([]);
    });
    it.each(cases.invalid)("invalid: $name", (testCase) => {
      expect(check(rule, testCase)).toEqual(testCase.findings);
    });
  });
}

/** An auth store holding these profiles. */
export function store(profiles: Record<string, unknown>, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { version: 1, profiles, ...extra };
}
