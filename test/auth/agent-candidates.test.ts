// agentCandidates is asked the same question by three auth rules, for every agent: each snapshot
// answers it once per provider, agent and clock, and a new snapshot (the state after a fix) anew.
import { describe, expect, it } from "vitest";
import { agentCandidates } from "../../src/auth/credentials.js";
import { snapshotOf } from "../support/state.js";

const STORE = {
  version: 1,
  profiles: {
    "anthropic:a": { type: "api_key", provider: "anthropic", key: "sk-ant-api03-CANDIDATESaaaaaaaaaaaaaaaa0001" },
    "anthropic:b": { type: "api_key", provider: "anthropic", key: "sk-ant-api03-CANDIDATESbbbbbbbbbbbbbbbb0002" },
  },
  order: { anthropic: ["anthropic:b", "anthropic:a"] },
};

describe("agentCandidates", () => {
  it("answers the same question from the same snapshot once", () => {
    const snapshot = snapshotOf({ stores: { main: STORE } });
    const first = agentCandidates(snapshot, "anthropic", "main", 1_000);
    expect(first.next).toBe("anthropic:b");
    expect(agentCandidates(snapshot, "anthropic", "main", 1_000)).toBe(first);
  });

  it("answers anew for another clock, provider, agent or snapshot", () => {
    const snapshot = snapshotOf({ stores: { main: STORE } });
    const first = agentCandidates(snapshot, "anthropic", "main", 1_000);
    expect(agentCandidates(snapshot, "anthropic", "main", 2_000)).not.toBe(first);
    expect(agentCandidates(snapshot, "openrouter", "main", 1_000).candidates).toEqual([]);
    expect(agentCandidates(snapshot, "anthropic", "other", 1_000).candidates).toEqual([]);
    const changed = snapshotOf({ stores: { main: { ...STORE, order: { anthropic: ["anthropic:a"] } } } });
    expect(agentCandidates(changed, "anthropic", "main", 1_000).next).toBe("anthropic:a");
  });
});
