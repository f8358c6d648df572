// canRebase: an edit planned on a store is made on its new content only when the gateway changed
// nothing but its usage bookkeeping, and the edit is a JSON set or removal outside it.
import { describe, expect, it } from "vitest";
import { canRebase } from "../../src/engine/rebase.js";
import type { RawFile } from "../../src/snapshot/raw-file.js";
import type { FileOp } from "../../src/types.js";

const FILE = "/s/agents/main/agent/auth-profiles.json";
const file = (value: unknown): RawFile => ({
  path: FILE,
  status: "ok",
  text: typeof value === "string" ? value : JSON.stringify(value),
});
const store = {
  version: 1,
  profiles: { "anthropic:default": { type: "api_key", provider: "anthropic", key: "k" } },
  order: { anthropic: ["anthropic:default"] },
};
const setOrder: FileOp = { kind: "json-set", file: FILE, path: ["order", "anthropic"], value: ["anthropic:default"] };

const cooling = { ...store, usageStats: { "anthropic:default": { errorCount: 3, cooldownUntil: 5 } } };
const clearCooldown: FileOp = {
  kind: "json-set",
  file: FILE,
  path: ["usageStats", "anthropic:default", "cooldownUntil"],
  value: undefined,
};

describe("canRebase", () => {
  it.each<[string, unknown, FileOp[], boolean]>([
    ["usageStats added", { ...store, usageStats: { "anthropic:default": { lastUsed: 1 } } }, [setOrder], true],
    ["lastGood changed", { ...store, lastGood: { anthropic: "anthropic:default" } }, [setOrder], true],
    ["a profile changed", { ...store, profiles: {} }, [setOrder], false],
    ["the order itself changed", { ...store, order: { anthropic: [] } }, [setOrder], false],
    [
      "the edit writes usageStats, which changed",
      { ...store, usageStats: { x: {} } },
      [{ kind: "json-set", file: FILE, path: ["usageStats", "x"], value: undefined }],
      false,
    ],
    [
      "a cooldown cleared for a profile whose record the gateway left alone",
      { ...cooling, usageStats: { ...cooling.usageStats, "anthropic:backup": { errorCount: 1 } } },
      [clearCooldown],
      true,
    ],
    [
      "a cooldown cleared for a profile the gateway recorded a new failure for",
      { ...cooling, usageStats: { "anthropic:default": { errorCount: 4, cooldownUntil: 9 } } },
      [clearCooldown],
      false,
    ],
    [
      "a cooldown cleared for a profile whose record the gateway removed",
      { ...cooling, usageStats: {} },
      [clearCooldown],
      false,
    ],
    [
      "a whole usage record removed while the gateway wrote another",
      { ...cooling, usageStats: { ...cooling.usageStats, x: {} } },
      [{ kind: "json-set", file: FILE, path: ["usageStats", "anthropic:default"], value: undefined }],
      false,
    ],
    ["a write op (not key-local)", { ...store, usageStats: {} }, [{ kind: "write", file: FILE, content: "{}" }], false],
    ["the new content does not parse", "{ broken", [setOrder], false],
    ["no ops", { ...store, usageStats: {} }, [], false],
  ])("%s → %s", (_, current, ops, expected) => {
    const planned = ops.includes(clearCooldown) ? cooling : store;
    expect(canRebase(file(planned), file(current), ops)).toBe(expected);
  });

  it("a file that was missing when planned is never rebased", () => {
    expect(canRebase({ path: FILE, status: "missing" }, file(store), [setOrder])).toBe(false);
  });
});
