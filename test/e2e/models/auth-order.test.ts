// `clawdia models auth order get|set|clear`: stored in the agent's auth-profiles.json.
import fs from "node:fs";
import { parse } from "jsonc-parser";
import { describe, expect, it } from "vitest";
import { read, readJson, sandbox, writeJson } from "../helpers.js";

const KEY = "sk-ant-api03-ORDERTESTkey00000000000000000000000000000000";
const TOKEN = "sk-ant-oat01-ORDERTESTtoken000000000000000000000000000000";

function withProfiles() {
  const box = sandbox();
  writeJson(box.config, { agents: { list: [{ id: "main", default: true }, { id: "work" }] } });
  const profiles = {
    "anthropic:default": { type: "api_key", provider: "anthropic", key: KEY },
    "anthropic:claude-cli": { type: "token", provider: "anthropic", token: TOKEN },
    "openrouter:default": {
      type: "api_key",
      provider: "openrouter",
      key: "sk-or-v1-ORDERTESTopenrouter0000000000000000",
    },
  };
  writeJson(box.store("main"), { version: 1, profiles, usageStats: { "anthropic:default": { lastUsed: 5 } } });
  writeJson(box.store("work"), { version: 1, profiles: { "anthropic:default": profiles["anthropic:default"] } });
  return box;
}

describe("models auth order", () => {
  it("set stores the order in the default agent's store, keeping everything else", () => {
    const box = withProfiles();
    const before = readJson(box.store("main"));
    const result = box.run([
      "models",
      "auth",
      "order",
      "set",
      "--provider",
      "anthropic",
      "anthropic:claude-cli",
      "anthropic:default",
    ]);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    const after = readJson(box.store("main"));
    expect(after.order).toEqual({ anthropic: ["anthropic:claude-cli", "anthropic:default"] });
    expect({ ...after, order: undefined }).toEqual({ ...before, order: undefined });
    expect(fs.statSync(box.store("main")).mode & 0o777).toBe(0o600);
    expect(readJson(box.store("work")).order).toBeUndefined();
  });

  it("get shows the override, or where the order comes from without one", () => {
    const box = withProfiles();
    expect(box.run(["models", "auth", "order", "get", "--provider", "anthropic"]).stdout).toMatch(/no override/);
    box.run(["models", "auth", "order", "set", "--provider", "anthropic", "anthropic:default"]);
    const json = JSON.parse(box.run(["models", "auth", "order", "get", "--provider", "anthropic", "--json"]).stdout);
    expect(json).toMatchObject({
      agent: "main",
      provider: "anthropic",
      order: ["anthropic:default"],
      next: "anthropic:default",
    });
  });

  it("--agent targets another agent", () => {
    const box = withProfiles();
    expect(
      box.run(["models", "auth", "order", "set", "--provider", "anthropic", "--agent", "work", "anthropic:default"])
        .code,
    ).toBe(0);
    expect(readJson(box.store("work")).order).toEqual({ anthropic: ["anthropic:default"] });
    expect(readJson(box.store("main")).order).toBeUndefined();
  });

  it("clear removes the override and is undoable with doctor --undo", () => {
    const box = withProfiles();
    box.run(["models", "auth", "order", "set", "--provider", "anthropic", "anthropic:default"]);
    const withOrder = read(box.store("main"));
    expect(box.run(["models", "auth", "order", "clear", "--provider", "anthropic"]).code).toBe(0);
    expect(readJson(box.store("main")).order).toEqual({});
    expect(box.run(["doctor", "--undo"]).code).toBe(0);
    expect(read(box.store("main"))).toBe(withOrder);
  });

  it.each([
    [["anthropic:nope"], /not a profile/],
    [["openrouter:default"], /is a openrouter profile, not anthropic/],
  ])("set refuses %j and writes nothing", (ids, message) => {
    const box = withProfiles();
    const before = read(box.store("main"));
    const result = box.run(["models", "auth", "order", "set", "--provider", "anthropic", ...ids]);
    expect(result.code).toBe(64);
    expect(result.stderr).toMatch(message);
    expect(read(box.store("main"))).toBe(before);
  });

  it.each([
    [["models", "auth", "order", "set", "--provider", "anthropic"], /missing required argument/],
    [["models", "auth", "order", "get"], /--provider/],
    [["models", "auth", "order", "get", "--provider", "nosuchprovider"], /unknown provider/],
    [["models", "auth", "order", "get", "--provider", "anthropic", "--agent", "ghost"], /unknown agent "ghost"/],
  ])("bad usage %j exits 64", (args, message) => {
    const box = withProfiles();
    const result = box.run(args);
    expect(result.code).toBe(64);
    expect(result.stderr).toMatch(message);
  });

  it("a store locked by the gateway: waits, then a clear message and nothing written", () => {
    const box = withProfiles();
    fs.mkdirSync(box.store("main") + ".lock");
    const before = read(box.store("main"));
    const result = box.run(["models", "auth", "order", "set", "--provider", "anthropic", "anthropic:default"]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/locked by another process/);
    expect(result.stderr).not.toMatch(/\n\s+at /);
    expect(read(box.store("main"))).toBe(before);
  });

  it("clear on a one-line order with a trailing comma leaves a store that parses, and the key is still found", () => {
    const box = withProfiles();
    const store = `{
  "version": 1,
  "profiles": {
    "anthropic:default": { "type": "api_key", "provider": "anthropic", "key": "${KEY}" }
  },
  "order": { "anthropic": ["anthropic:default"], }
}
`;
    fs.writeFileSync(box.store("main"), store);
    const result = box.run(["models", "auth", "order", "clear", "--provider", "anthropic"]);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    const after = read(box.store("main"));
    expect(after).toBe(store.replace('{ "anthropic": ["anthropic:default"], }', "{ }"));
    const errors: unknown[] = [];
    expect(parse(after, errors as never, { allowTrailingComma: true }).order).toEqual({});
    expect(errors).toEqual([]);
    const status = box.run(["models", "status", "--check"]);
    expect(status.stdout).toMatch(/credential: profile anthropic:default/);
    expect(status.code).toBe(0);
  });

  it("a broken store is never rewritten", () => {
    const box = withProfiles();
    fs.writeFileSync(box.store("main"), '{ "version": 1, "profiles": { ');
    const result = box.run(["models", "auth", "order", "set", "--provider", "anthropic", "anthropic:default"]);
    expect(result.code).not.toBe(0);
    expect(read(box.store("main"))).toBe('{ "version": 1, "profiles": { ');
  });
});
