// `clawdia models auth paste-token`: the token from stdin, validated, stored, config updated.
import fs from "node:fs";
import { describe, expect, it } from "vitest";
import { DAY, NOW, read, readJson, sandbox, writeJson } from "../helpers.js";

const TOKEN = "sk-ant-oat01-PASTETESTtoken" + "0".repeat(81) + "AA"; // a setup-token is 108 characters
const OR_TOKEN = "sk-or-v1-PASTETESTopenrouter000000000000000000000";

describe("models auth paste-token", () => {
  it("stores an anthropic token as anthropic:manual with its expiry, and registers it in the config", () => {
    const box = sandbox();
    const result = box.run(["models", "auth", "paste-token", "--provider", "anthropic", "--expires-in", "365d"], {
      input: TOKEN + "\n",
    });
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("anthropic:manual");
    expect(result.stdout).not.toContain(TOKEN);
    expect(readJson(box.store("main"))).toEqual({
      version: 1,
      profiles: {
        "anthropic:manual": { type: "token", provider: "anthropic", token: TOKEN, expires: NOW + 365 * DAY },
      },
    });
    expect(readJson(box.config).auth.profiles["anthropic:manual"]).toEqual({ provider: "anthropic", mode: "token" });
    expect(fs.statSync(box.store("main")).mode & 0o777).toBe(0o600);
    expect(fs.statSync(box.config).mode & 0o777).toBe(0o600);
    expect(box.run(["models", "status", "--check"]).code).toBe(0);
  });

  it("works for openrouter with a custom profile id, and keeps the comments of an existing config", () => {
    const box = sandbox();
    fs.mkdirSync(box.stateDir, { mode: 0o700 });
    fs.writeFileSync(box.config, '{\n  // my gateway\n  "models": { "default": "openrouter/x/y" },\n}\n', {
      mode: 0o600,
    });
    const result = box.run(
      ["models", "auth", "paste-token", "--provider", "openrouter", "--profile-id", "openrouter:work"],
      { input: OR_TOKEN },
    );
    expect(result.code).toBe(0);
    expect(readJson(box.store("main")).profiles["openrouter:work"]).toEqual({
      type: "token",
      provider: "openrouter",
      token: OR_TOKEN,
    });
    const config = read(box.config);
    expect(config).toContain("// my gateway");
    expect(config).toContain('"openrouter:work"');
  });

  it("running it again with the same token changes nothing", () => {
    const box = sandbox();
    box.run(["models", "auth", "paste-token", "--provider", "anthropic"], { input: TOKEN });
    const history = read(box.state("doctor", "history.jsonl"));
    const again = box.run(["models", "auth", "paste-token", "--provider", "anthropic"], { input: TOKEN });
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/nothing changed/);
    expect(read(box.state("doctor", "history.jsonl"))).toBe(history);
  });

  it("keeps the other profiles of an existing store", () => {
    const box = sandbox();
    const other = {
      type: "api_key",
      provider: "anthropic",
      key: "sk-ant-api03-PASTETESTother000000000000000000000000",
    };
    writeJson(box.store("main"), {
      version: 1,
      profiles: { "anthropic:default": other },
      lastGood: { anthropic: "anthropic:default" },
    });
    expect(box.run(["models", "auth", "paste-token", "--provider", "anthropic"], { input: TOKEN }).code).toBe(0);
    const store = readJson(box.store("main"));
    expect(store.profiles["anthropic:default"]).toEqual(other);
    expect(store.lastGood).toEqual({ anthropic: "anthropic:default" });
  });

  it.each([
    ["an empty token", "", /empty/, 1],
    ["a token with a space", "sk-ant-oat01-abc def", /whitespace/, 1],
    ["a token on two lines", "sk-ant-oat01-abc\nsk-ant-oat01-def\n", /whitespace or a line break/, 1],
    ["not an Anthropic shape", "hello-world-token", /starts with "sk-ant-"/, 1],
    ["an API key given as a token", "sk-ant-api03-PASTETESTapikey00000000000000000", /API key, not a token/, 1],
    ["an escape sequence inside", `${TOKEN.slice(0, 40)}\x1b[31m${TOKEN.slice(40)}`, /control characters/, 1],
    [
      "a setup-token cut where the terminal wrapped it",
      TOKEN.slice(0, 80),
      /80 characters long.*cut where the terminal wrapped it/,
      1,
    ],
  ])("refuses %s and writes nothing", (_name, input, message, code) => {
    const box = sandbox();
    const result = box.run(["models", "auth", "paste-token", "--provider", "anthropic"], { input });
    expect(result.code).toBe(code);
    expect(result.stderr).toMatch(message);
    expect(result.stderr).not.toContain(input.trim() || "∅");
    expect(fs.existsSync(box.stateDir)).toBe(false);
  });

  it("refuses a Claude Code token for any provider but anthropic, and writes nothing", () => {
    for (const provider of ["openrouter", "openai", "groq"]) {
      const box = sandbox();
      const result = box.run(["models", "auth", "paste-token", "--provider", provider], { input: TOKEN });
      expect(result.code, provider).toBe(1);
      expect(result.stderr).toMatch(
        /is a Claude Code token \(it starts with "sk-ant-oat"\), which only Anthropic accepts/,
      );
      expect(result.stderr).not.toContain(TOKEN);
      expect(fs.existsSync(box.stateDir)).toBe(false);
    }
  });

  it("without --expires-in, says that no expiry was recorded and how to record one", () => {
    const box = sandbox();
    const result = box.run(
      ["models", "auth", "paste-token", "--provider", "anthropic", "--profile-id", "anthropic:claude-cli"],
      { input: TOKEN },
    );
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/no expiry recorded/);
    expect(result.stdout).toContain(
      "No expiry was recorded, so Clawdia cannot warn you before this token stops working. To record one, paste it again with its lifetime: clawdia models auth paste-token --provider anthropic --profile-id anthropic:claude-cli --expires-in 365d",
    );
    const again = box.run(
      [
        "models",
        "auth",
        "paste-token",
        "--provider",
        "anthropic",
        "--profile-id",
        "anthropic:claude-cli",
        "--expires-in",
        "365d",
      ],
      { input: TOKEN },
    );
    expect(again.code).toBe(0);
    expect(again.stdout).not.toMatch(/No expiry was recorded/);
    expect(readJson(box.store("main")).profiles["anthropic:claude-cli"]).toEqual({
      type: "token",
      provider: "anthropic",
      token: TOKEN,
      expires: NOW + 365 * DAY,
    });
    expect(readJson(box.config).auth.profiles["anthropic:claude-cli"]).toEqual({
      provider: "anthropic",
      mode: "oauth",
    });
  });

  it.each([
    [["--expires-in", "0d"], /more than zero/],
    [["--expires-in", "-5d"], /not a duration/],
    [["--expires-in", "soon"], /not a duration/],
    [["--profile-id", "openrouter:x"], /--profile-id must be "anthropic:<name>"/],
    [["--agent", "ghost"], /unknown agent/],
  ])("bad usage %j exits 64 before reading the token, and writes nothing", (args, message) => {
    const box = sandbox();
    const result = box.run(["models", "auth", "paste-token", "--provider", "anthropic", ...args], { input: TOKEN });
    expect(result.code).toBe(64);
    expect(result.stderr).toMatch(message);
    expect(fs.existsSync(box.stateDir)).toBe(false);
  });

  it("an unknown provider is bad usage", () => {
    const box = sandbox();
    const result = box.run(["models", "auth", "paste-token", "--provider", "nosuch"], { input: TOKEN });
    expect(result.code).toBe(64);
    expect(result.stderr).toMatch(/unknown provider "nosuch"/);
  });

  it("never accepts the token as an argument", () => {
    const box = sandbox();
    const result = box.run(["models", "auth", "paste-token", "--provider", "anthropic", "--token", TOKEN]);
    expect(result.code).toBe(64);
    expect(result.stderr).not.toContain(TOKEN);
  });
});
