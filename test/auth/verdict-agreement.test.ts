// Doctor and `models status --check` never disagree about the same state (issue 14). Over random
// states (stores, environment, .env, env.vars, Claude Code's credentials, odd values everywhere):
// --check exits 1 exactly when doctor reports an error-level finding about a provider in use (or
// the state cannot be read), 2 exactly when the worst such finding is an expiry warning or every
// candidate of a provider cooling down (issue 20), else 0.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { rules } from "../../rules/index.js";
import { providersInUse } from "../../src/auth/providers.js";
import { unreadableState } from "../../src/auth/state-readable.js";
import { agentIdsToCheck } from "../../src/auth/credentials.js";
import { runChecks } from "../../src/engine/plan.js";
import { modelsStatus } from "../../src/models/status.js";
import { testState } from "../reliability/arbitraries.js";
import { NOW, snapshotOf } from "../support/state.js";

const RUNS = Number(process.env.FC_RUNS ?? 300);

function doctorVerdict(state: Parameters<typeof snapshotOf>[0]): { code: 0 | 1 | 2; why: string[] } {
  const snapshot = snapshotOf(state);
  const inUse = new Set(providersInUse(snapshot.configView).keys());
  const findings = runChecks(snapshot, rules, NOW).filter(
    (f) => f.subject.provider !== undefined && inUse.has(f.subject.provider),
  );
  const unreadable = agentIdsToCheck(snapshot).some((agentId) =>
    [...inUse].some((provider) => unreadableState(snapshot, agentId, provider).length > 0),
  );
  const errors = findings.filter((f) => f.severity === "error");
  if (errors.length || unreadable)
    return {
      code: 1,
      why: [...errors.map((f) => `${f.ruleId}: ${f.message}`), ...(unreadable ? ["unreadable state"] : [])],
    };
  const expiring = findings.filter(
    (f) => f.ruleId === "auth/token-expiring" || f.ruleId === "auth/provider-cooling-down",
  );
  return { code: expiring.length ? 2 : 0, why: expiring.map((f) => f.message) };
}

describe("doctor and models status --check agree", () => {
  it(
    `on ${RUNS} random states`,
    () => {
      fc.assert(
        fc.property(testState, (state) => {
          const check = modelsStatus(snapshotOf(state), NOW).exitCode;
          const doctor = doctorVerdict(state);
          expect(
            check,
            `doctor says ${doctor.code}: ${doctor.why.join(" | ")}\nstate: ${JSON.stringify(state).slice(0, 1500)}`,
          ).toBe(doctor.code);
        }),
        { numRuns: RUNS },
      );
    },
    Math.max(30_000, RUNS * 10),
  );
});
