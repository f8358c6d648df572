// Issue 14, case 10: the order of candidates is the gateway's. Profiles resting after errors go last,
// soonest-ending first; an order key written in another case ("Anthropic") is still that provider's
// order, and it is reported (renamed by a safe fix when nothing else names the provider).
import fs from "node:fs";
import { parse } from "jsonc-parser";
import { describe, expect, it } from "vitest";
import { HOUR, NOW, parseStdout, read, readJson, sandbox, writeJson } from "../helpers.js";

const key = (n: number) => ({
  type: "api_key",
  provider: "anthropic",
  key: `sk-ant-api03-CANDIDATEORDER${n}${"0".repeat(40)}`,
});

function resolution(box: ReturnType<typeof sandbox>, agent = "main") {
  const status = parseStdout(box.run(["models", "status", "--json"]));
  const provider = status.agents
    .find((a: any) => a.agentId === agent)
    .providers.find((p: any) => p.provider === "anthropic");
  return provider.resolution;
}

describe("cooldowns: last, soonest-ending first", () => {
  it("two profiles in cooldown go after the rested one, the one whose cooldown ends first before the other", () => {
    const box = sandbox();
    writeJson(box.store(), {
      version: 1,
      profiles: { "anthropic:late": key(1), "anthropic:soon": key(2), "anthropic:rested": key(3) },
      usageStats: {
        "anthropic:late": { cooldownUntil: NOW + 3 * HOUR, errorCount: 3 },
        "anthropic:soon": { cooldownUntil: NOW + HOUR, errorCount: 1 },
      },
    });
    const { candidates, next } = resolution(box);
    expect(candidates.map((c: any) => c.profileId)).toEqual(["anthropic:rested", "anthropic:soon", "anthropic:late"]);
    expect(next).toBe("anthropic:rested");
  });

  it("all in cooldown: the next is the one that rests the shortest, whatever the order says", () => {
    const box = sandbox();
    writeJson(box.config, { auth: { order: { anthropic: ["anthropic:a", "anthropic:b", "anthropic:c"] } } });
    writeJson(box.store(), {
      version: 1,
      profiles: { "anthropic:a": key(1), "anthropic:b": key(2), "anthropic:c": key(3) },
      usageStats: {
        "anthropic:a": { cooldownUntil: NOW + 2 * HOUR },
        "anthropic:b": { cooldownUntil: NOW + 3 * HOUR },
        "anthropic:c": { cooldownUntil: NOW + HOUR },
      },
    });
    const { candidates, next } = resolution(box);
    expect(candidates.map((c: any) => c.profileId)).toEqual(["anthropic:c", "anthropic:a", "anthropic:b"]);
    expect(next).toBe("anthropic:c");
    expect(box.run(["models", "status"]).stdout).toContain("candidates: anthropic:c → anthropic:a → anthropic:b");
  });

  it("a cooldown that has ended counts as none: the order is kept", () => {
    const box = sandbox();
    writeJson(box.config, { auth: { order: { anthropic: ["anthropic:a", "anthropic:b"] } } });
    writeJson(box.store(), {
      version: 1,
      profiles: { "anthropic:a": key(1), "anthropic:b": key(2) },
      usageStats: { "anthropic:a": { cooldownUntil: NOW - HOUR } },
    });
    expect(resolution(box).candidates.map((c: any) => c.profileId)).toEqual(["anthropic:a", "anthropic:b"]);
  });
});

describe("order keys are provider ids matched ignoring case", () => {
  const profiles = { "anthropic:a": key(1), "anthropic:b": key(2) };

  it("config auth.order.Anthropic is anthropic's order; doctor reports it and renames the key (safe), keeping the comments", () => {
    const box = sandbox();
    fs.mkdirSync(box.stateDir, { recursive: true, mode: 0o700 });
    fs.writeFileSync(
      box.config,
      `{\n  // b first: a is the spare\n  "auth": { "order": { "Anthropic": ["anthropic:b", "anthropic:a"] } }\n}\n`,
      { mode: 0o600 },
    );
    writeJson(box.store(), { version: 1, profiles });
    const before = resolution(box);
    expect(before.orderSource).toBe("config-order");
    expect(before.next).toBe("anthropic:b");

    const report = parseStdout(box.run(["doctor", "--json", "--dry-run"]));
    const finding = report.findings.find((f: any) => f.ruleId === "auth/order-provider-case");
    expect(finding.message).toBe(
      'auth.order.Anthropic: provider ids are lower-case; this is the order of anthropic, write the key as "anthropic"',
    );
    expect(finding.fix.safety).toBe("safe");

    box.run(["doctor"]);
    const text = read(box.config);
    expect(text).toContain("// b first: a is the spare");
    expect(parse(text)).toEqual({ auth: { order: { anthropic: ["anthropic:b", "anthropic:a"] } } });
    expect(resolution(box).next).toBe("anthropic:b");
    expect(parseStdout(box.run(["doctor", "--json"])).findings.map((f: any) => f.ruleId)).not.toContain(
      "auth/order-provider-case",
    );
  });

  it("Anthropic naming a profile that does not exist: one doctor run renames the key and drops the dangling id", () => {
    const box = sandbox();
    writeJson(box.config, { auth: { order: { Anthropic: ["anthropic:gone", "anthropic:a"] } } });
    writeJson(box.store(), { version: 1, profiles });
    const result = box.run(["doctor", "--json"]);
    expect(parseStdout(result).findings.filter((f: any) => f.severity !== "info")).toEqual([]);
    expect(result.code).toBe(0);
    expect(readJson(box.config)).toEqual({ auth: { order: { anthropic: ["anthropic:a"] } } });
  });

  it("an agent store's order.ANTHROPIC is that agent's order; models auth order get shows it, clear removes it", () => {
    const box = sandbox();
    writeJson(box.store(), { version: 1, profiles, order: { ANTHROPIC: ["anthropic:b"] } });
    const found = resolution(box);
    expect(found.orderSource).toBe("agent-order");
    expect(found.order).toEqual(["anthropic:b"]);
    expect(box.run(["models", "auth", "order", "get", "--provider", "anthropic"]).stdout).toBe(
      "anthropic (agent main): anthropic:b\n",
    );
    expect(box.run(["models", "auth", "order", "clear", "--provider", "anthropic"]).code).toBe(0);
    expect(readJson(box.store()).order).toEqual({});
  });

  it("models auth order set writes the lower-case key and drops the odd one", () => {
    const box = sandbox();
    writeJson(box.store(), { version: 1, profiles, order: { Anthropic: ["anthropic:b"] } });
    expect(box.run(["models", "auth", "order", "set", "--provider", "anthropic", "anthropic:a"]).code).toBe(0);
    expect(readJson(box.store()).order).toEqual({ anthropic: ["anthropic:a"] });
  });

  it("two keys differing only in case: the lower-case one is used, the finding says so, nothing is rewritten", () => {
    const box = sandbox();
    writeJson(box.config, { auth: { order: { Anthropic: ["anthropic:b"], anthropic: ["anthropic:a"] } } });
    writeJson(box.store(), { version: 1, profiles });
    const before = read(box.config);
    expect(resolution(box).next).toBe("anthropic:a");
    const result = box.run(["doctor", "--json"]);
    expect(result.code).toBe(2);
    const finding = parseStdout(result).findings.find((f: any) => f.ruleId === "auth/order-provider-case");
    expect(finding.message).toBe(
      'auth.order has 2 keys for anthropic ("Anthropic", "anthropic"): "anthropic" is used, "Anthropic" ignored; keep one list, under "anthropic"',
    );
    expect(finding.fix).toBeUndefined();
    expect(read(box.config)).toBe(before);
  });
});
