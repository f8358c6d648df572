// The launchd agent's plist, read with a real plist parser (XML and binary).
import fs from "node:fs";
import path from "node:path";
import { build, buildBinary } from "plist";
import { describe, expect, it, vi } from "vitest";
import { parseLaunchdAgent } from "../../src/daemon/launchd.js";
import { loadPlistParser } from "../../src/daemon/plist-parser.js";

const ROOT = path.resolve(import.meta.dirname, "../..");
const FIXTURE = fs.readFileSync(
  path.join(ROOT, "fixtures/daemon-launchd/home/Library/LaunchAgents/ai.clawdia.gateway.plist"),
  "utf8",
);

const parsePlist = await loadPlistParser();

const env = (agent: ReturnType<typeof parseLaunchdAgent>) =>
  Object.fromEntries([...agent.environment.values()].map((v) => [v.key, v.value]));

describe("parseLaunchdAgent", () => {
  it("reads EnvironmentVariables (entities decoded, comments ignored) and ProgramArguments, with lines", () => {
    const agent = parseLaunchdAgent({ text: FIXTURE }, parsePlist);
    expect(agent.problems).toEqual([]);
    expect(env(agent)).toEqual({
      PATH: "/opt/homebrew/bin:/usr/bin:/bin",
      OPENROUTER_API_KEY: "sk-or-v1-plistinlineplistinline4242",
      CLAWDIA_GATEWAY_TOKEN: "planted&plist<token>0451",
    });
    expect(agent.environment.get("OPENROUTER_API_KEY")?.line).toBe(21);
    expect(agent.programArguments).toEqual([
      "/usr/bin/env",
      "CLAWDIA_LOG_LEVEL=debug",
      "/opt/homebrew/bin/clawdia",
      "gateway",
      "--auth-token",
      "plantedlaunchdargtoken77",
    ]);
  });

  it("reads a binary plist from its bytes", () => {
    const bytes = buildBinary({
      Label: "ai.clawdia.gateway",
      ProgramArguments: ["/usr/local/bin/clawdia", "gateway"],
      EnvironmentVariables: { ANTHROPIC_API_KEY: "sk-ant-api03-binarybinarybinary" },
    });
    const agent = parseLaunchdAgent({ bytes: new Uint8Array(bytes) }, parsePlist);
    expect(env(agent)).toEqual({ ANTHROPIC_API_KEY: "sk-ant-api03-binarybinarybinary" });
    expect(agent.programArguments).toEqual(["/usr/local/bin/clawdia", "gateway"]);
  });

  it("takes Program when there are no ProgramArguments; no EnvironmentVariables is no environment", () => {
    const agent = parseLaunchdAgent({ text: build({ Label: "x", Program: "/usr/local/bin/clawdia" }) }, parsePlist);
    expect(agent).toEqual({ environment: new Map(), programArguments: ["/usr/local/bin/clawdia"], problems: [] });
  });

  it("reports values launchd ignores", () => {
    const agent = parseLaunchdAgent({ text: build({ EnvironmentVariables: { A: "1", B: 2 } }) }, parsePlist);
    expect(env(agent)).toEqual({ A: "1" });
    expect(agent.problems.map((p) => p.message)).toEqual([
      "EnvironmentVariables.B is not a string; launchd ignores it",
    ]);
  });

  it.each([
    [
      "<plist><dict><key>EnvironmentVariables</key><dict><key>K</key><string>v</dict></dict></plist>",
      /not a valid plist: .*mismatch.*\(line 1, column \d+\)/,
    ],
    ["not xml at all", /not a valid plist/],
    ["<plist><array><string>a</string></array></plist>", /top level is not a dictionary/],
  ])("a broken plist is a problem, never an exception or console output: %s", (text, message) => {
    const error = vi.spyOn(process.stderr, "write");
    const agent = parseLaunchdAgent({ text }, parsePlist);
    expect(agent.problems[0].message).toMatch(message);
    expect(error).not.toHaveBeenCalled();
    error.mockRestore();
  });
});

describe("parsePlist", () => {
  it("restores the console after parsing", () => {
    const before = console.error;
    parsePlist("<plist><dict><key>a</key></plist>");
    expect(console.error).toBe(before);
  });
});

describe("hostile plists", () => {
  const plist = (body: string) =>
    `<?xml version="1.0" encoding="UTF-8"?>\n<plist version="1.0"><dict><key>Label</key><string>ai.clawdia.gateway</string>\n${body}</dict></plist>\n`;

  // Was quadratic (each variable's line was found by slicing the text up to it): 20,000 variables took
  // 13 s here (97 s in the CLI), 50,000 took 2 minutes. Linear: a few seconds, all in the XML parser; the
  // timeout allows for a loaded machine.
  it("50,000 variables are read, each with its line, in linear time", { timeout: 30_000 }, () => {
    const vars = Array.from({ length: 50_000 }, (_, i) => `<key>V${i}</key><string>value${i}</string>\n`).join("");
    const agent = parseLaunchdAgent(
      { text: plist(`<key>EnvironmentVariables</key><dict>\n${vars}</dict>\n`) },
      parsePlist,
    );
    expect(agent.problems).toEqual([]);
    expect(agent.environment.size).toBe(50_000);
    expect(agent.environment.get("V0")?.line).toBe(4);
    expect(agent.environment.get("V49999")?.line).toBe(50_003);
  });

  it("a plist nested 100,000 deep is a problem with its line, not a stack overflow after seconds", () => {
    const deep = "<dict><key>a</key>".repeat(100_000) + "<string>x</string>" + "</dict>".repeat(100_000);
    const agent = parseLaunchdAgent({ text: plist(`<key>EnvironmentVariables</key>\n${deep}\n`) }, parsePlist);
    expect(agent.problems).toEqual([
      {
        message:
          "it nests <dict> and <array> deeper than 1024 levels (line 4); doctor does not read a plist this deep (a launchd agent's is a few levels)",
        line: 4,
      },
    ]);
    expect(agent.environment.size).toBe(0);
  });

  it("1,024 levels are read (the limit is the first level past it)", () => {
    const deep = "<array>".repeat(1023) + "</array>".repeat(1023);
    expect(
      parseLaunchdAgent(
        {
          text: plist(
            `<key>Deep</key>${deep}\n<key>EnvironmentVariables</key><dict><key>A</key><string>1</string></dict>\n`,
          ),
        },
        parsePlist,
      ).problems,
    ).toEqual([]);
  });
});
