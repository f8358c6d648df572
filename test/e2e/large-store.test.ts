// A store with 1,000 profiles: doctor runs, reports the one problem among them, exits right.
import { describe, expect, it } from "vitest";
import { HOUR, NOW, parseStdout, read, sandbox, writeJson } from "./helpers.js";

/** The healthy fixture without its auth section: with no order or configured profile, the gateway tries every stored one. */
function bigStoreSandbox() {
  const box = sandbox("healthy");
  writeJson(box.config, {
    agents: { list: [{ id: "main", default: true }] },
    models: { default: "anthropic/claude-opus-4-5" },
  });
  return box;
}

function bigStore(extra: Record<string, unknown> = {}) {
  const profiles: Record<string, unknown> = {};
  for (let i = 0; i < 1000 - Object.keys(extra).length; i++) {
    const n = String(i).padStart(4, "0");
    profiles[`anthropic:key-${n}`] = {
      type: "api_key",
      provider: "anthropic",
      key: `sk-ant-api03-BULK${n}key${"0".repeat(40)}`,
    };
  }
  return { version: 1, profiles: { ...profiles, ...extra } };
}

describe("a store with 1,000 profiles", () => {
  it("runs and exits 0 when all of them are usable", () => {
    const box = bigStoreSandbox();
    writeJson(box.store(), bigStore());
    const started = Date.now();
    const result = box.run(["doctor", "--json"]);
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(result.code).toBe(0);
    expect(parseStdout(result).summary).toMatchObject({ errors: 0, warnings: 0 });
  });

  it("finds the one expiring token among them: exactly one warning, exit 2, no write", () => {
    const box = bigStoreSandbox();
    const expiring = {
      type: "token",
      provider: "anthropic",
      token: "sk-ant-oat01-BULKexpiringTok00000000000000000000000000000000000000",
      expires: NOW + 5 * HOUR,
    };
    writeJson(box.store(), bigStore({ "anthropic:manual": expiring }));
    const before = read(box.store());

    const result = box.run(["doctor", "--json"]);
    expect(result.code).toBe(2);
    const report = parseStdout(result);
    expect(report.findings.filter((f: any) => f.severity !== "info")).toEqual([
      // (not matched on profileId: the masker mangles "anthropic", see report-formats.test.ts)
      expect.objectContaining({
        ruleId: "auth/token-expiring",
        subject: expect.objectContaining({ agentId: "main", line: expect.any(Number) }),
      }),
    ]);
    expect(read(box.store())).toBe(before);
  });

  it("applies a safe fix to it without losing any of the 1,000 profiles", () => {
    const box = sandbox("healthy");
    const store = { ...bigStore(), order: { anthropic: ["anthropic:gone", "anthropic:key-0500"] } };
    writeJson(box.store(), store);

    expect(box.run(["doctor"]).code).toBe(0);
    const after = JSON.parse(read(box.store()));
    expect(after.order).toEqual({ anthropic: ["anthropic:key-0500"] });
    expect(after.profiles).toEqual(store.profiles);
  });
});
