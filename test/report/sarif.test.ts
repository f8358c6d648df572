import { describe, expect, test } from "vitest";
import { makeLocator } from "../../src/report/locate.js";
import { toSarif } from "../../src/report/sarif.js";
import { artifactLocation, providerKeysOf, type SarifPlaces } from "../../src/report/sarif-places.js";
import { INTERRUPTED_RUN } from "../../src/engine/engine-findings.js";
import { defineRule } from "../../src/rule.js";
import { githubProblems, schemaProblems } from "../support/sarif-check.js";
import { busy, CONFIG, CONFIG_TEXT, crashed, finding, PLACES, result, rules, STORE } from "./sample.js";

const locate = makeLocator(new Map([[CONFIG, CONFIG_TEXT]]));
// As the rules report them: a provider and a daemon finding that name no file.
const unlocatedProvider = finding({
  ruleId: "auth/missing-credentials",
  severity: "error",
  message: "No credentials found for openrouter (agent main)",
  subject: { agentId: "main", provider: "openrouter" },
});
const noDaemon = finding({
  ruleId: "env/daemon-not-installed",
  severity: "info",
  message: "no gateway daemon is installed for this user",
});
const findings = [...busy.findings, crashed, unlocatedProvider, noDaemon];
const places: SarifPlaces = { ...PLACES, providerKeys: new Map([["openrouter", ["models", "aliases", "fast"]]]) };
const sarif = toSarif({ ...busy, findings }, rules, { version: "2026.11.0", locate, places });
const run = sarif.runs[0];
const byRule = (id: string) => run.results.find((r) => r.ruleId === id)!;
const locationOf = (id: string, results = run.results) =>
  results.find((r) => r.ruleId === id)!.locations[0].physicalLocation;

describe("toSarif", () => {
  test("an engine finding's rule is declared from its docs (src/engine/engine-findings.ts)", () => {
    const interrupted = finding({
      ruleId: INTERRUPTED_RUN.id,
      severity: "warning",
      message: "an earlier run (r1) was interrupted before it finished",
    });
    const declared = toSarif({ ...busy, findings: [interrupted] }, rules, {
      version: "2026.11.0",
      locate,
      places,
    }).runs[0].tool.driver.rules.at(-1);
    expect(declared).toMatchObject({
      id: INTERRUPTED_RUN.id,
      name: INTERRUPTED_RUN.title,
      help: { text: INTERRUPTED_RUN.docs },
      defaultConfiguration: { level: "warning" },
      properties: { category: "engine", fix: "manual" },
    });
  });

  test("is a SARIF 2.1.0 log with one run", () => {
    expect(sarif.$schema).toBe("https://json.schemastore.org/sarif-2.1.0.json");
    expect(sarif.version).toBe("2.1.0");
    expect(sarif.runs).toHaveLength(1);
    expect(run.tool.driver).toMatchObject({ name: "clawdia-doctor", version: "2026.11.0" });
    expect(run.invocations).toEqual([{ executionSuccessful: true, exitCode: 1 }]);
  });

  test("valid against the official SARIF 2.1.0 schema and GitHub's upload rules", () => {
    expect(schemaProblems(sarif)).toEqual([]);
    expect(githubProblems(sarif)).toEqual([]);
  });

  test.each([
    {
      why: "a result without locations (code scanning does not show it)",
      spoil: (r: any) => delete r.locations,
      want: /1 to 10 locations/,
    },
    {
      why: "a location without a region",
      spoil: (r: any) => delete r.locations[0].physicalLocation.region,
      want: /region.startLine is required/,
    },
    {
      why: "a uriBaseId not declared",
      spoil: (r: any) => (r.locations[0].physicalLocation.artifactLocation.uriBaseId = "SRCROOT"),
      want: /not declared/,
    },
    {
      why: "an absolute path with no base",
      spoil: (r: any) => (r.locations[0].physicalLocation.artifactLocation = { uri: "/home/u/x" }),
      want: /absolute file URI/,
    },
    { why: "no fingerprint", spoil: (r: any) => delete r.partialFingerprints, want: /primaryLocationLineHash/ },
    { why: "an empty message", spoil: (r: any) => (r.message.text = ""), want: /message.text is required/ },
  ])("the GitHub check catches $why", ({ spoil, want }) => {
    const copy = JSON.parse(JSON.stringify(sarif));
    spoil(copy.runs[0].results[0]);
    expect(githubProblems(copy).join("\n")).toMatch(want);
  });

  test("the schema check catches what the schema forbids", () => {
    const copy = JSON.parse(JSON.stringify(sarif));
    copy.runs[0].results[0].locations[0].physicalLocation.region.startLine = 0;
    delete copy.runs[0].results[1].message;
    expect(schemaProblems(copy)).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/region\/startLine: must be >= 1/),
        expect.stringMatching(/results\/1: must have required property 'message'/),
      ]),
    );
  });

  test("declares every rule passed, even those with no finding, then engine rule ids", () => {
    expect(run.tool.driver.rules.map((r) => r.id)).toEqual([
      ...rules.map((r) => r.id),
      "engine/rule-crashed",
      "env/daemon-not-installed",
    ]);
    expect(run.tool.driver.rules[2]).toEqual({
      id: "config/profile-mode-mismatch",
      name: "Profile mode does not match its credential",
      shortDescription: { text: "Profile mode does not match its credential" },
      fullDescription: { text: "mode token → oauth." },
      help: { text: "mode token → oauth." },
      defaultConfiguration: { level: "warning" },
      properties: { category: "config", fix: "unsafe" },
    });
    expect(run.tool.driver.rules.find((r) => r.id === "engine/rule-crashed")).toMatchObject({
      defaultConfiguration: { level: "error" },
      properties: { category: "engine", fix: "none" },
    });
  });

  test("docs longer than GitHub's 1024 characters give their first paragraph as fullDescription; help keeps them whole", () => {
    const docs = `${"Why it matters. ".repeat(20)}\n\n${"Bad: x. Good: y. ".repeat(80)}`;
    const long = defineRule({
      id: "auth/long-docs",
      title: "Long docs",
      severity: "warning",
      fix: "none",
      docs,
      examples: { bad: [], good: [] },
      check: () => [],
    });
    const rule = toSarif(result(), [long], { version: "1", places }).runs[0].tool.driver.rules[0];
    expect(rule.fullDescription.text).toBe("Why it matters. ".repeat(20));
    expect(rule.help.text).toBe(docs);
    const huge = defineRule({ ...long, docs: "x".repeat(3000) });
    expect(
      toSarif(result(), [huge], { version: "1", places }).runs[0].tool.driver.rules[0].fullDescription.text,
    ).toHaveLength(1024);
  });

  test("every result points at its declared rule", () => {
    for (const r of run.results) expect(run.tool.driver.rules[r.ruleIndex].id).toBe(r.ruleId);
  });

  test.each([
    { ruleId: "auth/missing-credentials", level: "error" },
    { ruleId: "config/profile-mode-mismatch", level: "warning" },
    { ruleId: "files/permissions", level: "note" },
    { ruleId: "engine/rule-crashed", level: "error" },
  ])("$ruleId is level $level", ({ ruleId, level }) => {
    expect(byRule(ruleId).level).toBe(level);
    expect(run.tool.driver.rules.find((r) => r.id === ruleId)!.defaultConfiguration.level).toBe(level);
  });

  test("declares the state dir and the home as uriBaseIds: absolute file URIs ending in /", () => {
    expect(run.originalUriBaseIds).toEqual({
      STATEDIR: { uri: "file:///home/u/.clawdia/", description: { text: "The Clawdia state directory." } },
      HOME: { uri: "file:///home/u/", description: { text: "The home directory of the user doctor ran as." } },
    });
  });

  test("locates findings in JSONC with comments, relative to the state dir", () => {
    expect(byRule("auth/missing-credentials").locations).toEqual([
      {
        physicalLocation: {
          artifactLocation: { uri: "clawdia.json", uriBaseId: "STATEDIR" },
          region: { startLine: 5, startColumn: 5 },
        },
      },
    ]);
    expect(locationOf("config/profile-mode-mismatch").region).toEqual({ startLine: 9, startColumn: 58 });
    expect(run.columnKind).toBe("utf16CodeUnits");
  });

  test.each([
    {
      why: "a file without a JSON path, at its first line",
      ruleId: "files/permissions",
      uri: "agents/main/agent/auth-profiles.json",
      base: "STATEDIR",
      line: 1,
      column: 1,
    },
    {
      why: "a finding with no subject, at the config's first line",
      ruleId: "engine/rule-crashed",
      uri: "clawdia.json",
      base: "STATEDIR",
      line: 1,
      column: 1,
    },
    {
      why: "a provider's finding, at the config key that puts it in use",
      ruleId: "auth/missing-credentials",
      index: 1,
      uri: "clawdia.json",
      base: "STATEDIR",
      line: 4,
      column: 3,
    },
    {
      why: "a daemon finding, at the unit (relative to the home)",
      ruleId: "env/daemon-not-installed",
      uri: ".config/systemd/user/clawdia-gateway.service",
      base: "HOME",
      line: 1,
      column: 1,
    },
  ])("every result has a location with a region: $why", ({ ruleId, index = 0, uri, base, line, column }) => {
    const location = run.results.filter((r) => r.ruleId === ruleId)[index].locations[0].physicalLocation;
    expect(location).toEqual({
      artifactLocation: { uri, uriBaseId: base },
      region: { startLine: line, startColumn: column },
    });
  });

  test("without a daemon file or the provider's key, those findings are at the config's first line", () => {
    const bare = toSarif({ ...busy, findings }, rules, {
      version: "1",
      locate,
      places: { ...PLACES, daemonFile: undefined },
    }).runs[0].results;
    for (const result of bare.slice(-2))
      expect(result.locations[0].physicalLocation).toEqual({
        artifactLocation: { uri: "clawdia.json", uriBaseId: "STATEDIR" },
        region: { startLine: 1, startColumn: 1 },
      });
  });

  test.each([
    {
      why: "under the state dir",
      file: "/home/u/.clawdia/agents/main/agent/auth-profiles.json",
      want: { uri: "agents/main/agent/auth-profiles.json", uriBaseId: "STATEDIR" },
    },
    {
      why: "under the home only",
      file: "/home/u/.claude/.credentials.json",
      want: { uri: ".claude/.credentials.json", uriBaseId: "HOME" },
    },
    {
      why: "the state dir itself, relative to the home",
      file: "/home/u/.clawdia",
      want: { uri: ".clawdia", uriBaseId: "HOME" },
    },
    {
      why: "odd characters, each segment encoded",
      file: "/home/u/.clawdia/agents/a:b c%/x#y.json",
      want: { uri: "agents/a%3Ab%20c%25/x%23y.json", uriBaseId: "STATEDIR" },
    },
    {
      why: "outside both: an absolute file URI, no base",
      file: "/etc/clawdia/gateway.env",
      want: { uri: "file:///etc/clawdia/gateway.env" },
    },
    {
      why: "a sibling whose name starts like the home",
      file: "/home/u2/x.json",
      want: { uri: "file:///home/u2/x.json" },
    },
  ])("artifactLocation: $why", ({ file, want }) => {
    expect(artifactLocation(file, PLACES)).toEqual(want);
  });

  test("the message carries the advice; properties carry subject and fix", () => {
    const missing = byRule("auth/missing-credentials");
    expect(missing.message.text).toBe(
      "No credentials found for anthropic\n→ claude setup-token\n→ export ANTHROPIC_API_KEY=…",
    );
    expect(missing.properties).toEqual({
      subject: { provider: "anthropic", file: CONFIG, path: ["models", "default"] },
    });
    expect(byRule("config/profile-mode-mismatch").properties.fix).toEqual({
      id: "fix:mode",
      title: "Set the mode to oauth",
      safety: "unsafe",
      applied: false,
    });
  });

  test("an empty run still declares the rules and has no results", () => {
    const empty = toSarif(result(), rules, { version: "1", places }).runs[0];
    expect(empty.tool.driver.rules).toHaveLength(rules.length);
    expect(empty.results).toEqual([]);
  });

  test("survives a JSON round trip unchanged (no undefined values)", () => {
    expect(JSON.parse(JSON.stringify(sarif))).toStrictEqual(sarif);
  });
});

describe("partialFingerprints", () => {
  const fingerprintsOf = (list = findings, at = places) =>
    toSarif(result({ findings: list }), rules, { version: "1", locate, places: at }).runs[0].results.map(
      (r) => r.partialFingerprints.primaryLocationLineHash,
    );
  const moved = (file: string) => file.replace("/home/u/", "/Users/someone/");

  test("one primaryLocationLineHash per result (the key code scanning reads), a hash and an occurrence", () => {
    const all = fingerprintsOf();
    for (const fingerprint of all) expect(fingerprint).toMatch(/^[0-9a-f]{16}:1$/);
    expect(new Set(all).size).toBe(all.length);
  });

  test("the same on another machine: the home path is not part of it", () => {
    const elsewhere = findings.map((f) => ({
      ...f,
      subject: { ...f.subject, ...(f.subject.file && { file: moved(f.subject.file) }) },
    }));
    const placesElsewhere = {
      ...places,
      stateDir: moved(places.stateDir),
      home: "/Users/someone",
      configPath: moved(CONFIG),
      daemonFile: undefined,
    };
    expect(fingerprintsOf(elsewhere, placesElsewhere)).toEqual(fingerprintsOf());
  });

  test("neither the line, the message nor the fix status changes it", () => {
    const changed = findings.map((f) => ({
      ...f,
      message: f.message + " (3h ago)",
      subject: { ...f.subject, line: 42, column: 7 },
      fix: undefined,
    }));
    expect(fingerprintsOf(changed)).toEqual(fingerprintsOf());
  });

  test.each([
    { why: "rule", change: { ruleId: "auth/token-expiring" } },
    { why: "agent", change: { subject: { ...unlocatedProvider.subject, agentId: "work" } } },
    { why: "provider", change: { subject: { ...unlocatedProvider.subject, provider: "openai" } } },
    { why: "file", change: { subject: { ...unlocatedProvider.subject, file: STORE } } },
    { why: "JSON path", change: { subject: { ...unlocatedProvider.subject, path: ["a"] } } },
  ])("a different $why is a different result", ({ change }) => {
    const [one] = fingerprintsOf([unlocatedProvider]);
    const [other] = fingerprintsOf([{ ...unlocatedProvider, ...change }]);
    expect(other.split(":")[0]).not.toBe(one.split(":")[0]);
  });

  test("findings of the same identity (dotenv lines known by line only) are told apart by occurrence", () => {
    const line = (n: number) =>
      finding({
        ruleId: "env/dotenv-syntax",
        severity: "warning",
        message: `line ${n}`,
        subject: { file: "/home/u/.clawdia/.env", line: n },
      });
    const [a, b, c] = fingerprintsOf([line(3), line(9), line(12)]);
    const hash = a.split(":")[0];
    expect([a, b, c]).toEqual([`${hash}:1`, `${hash}:2`, `${hash}:3`]);
  });
});

describe("providerKeysOf", () => {
  test.each([
    {
      why: "the default model",
      config: { models: { default: "OpenRouter/x" } },
      provider: "openrouter",
      want: ["models", "default"],
    },
    {
      why: "an alias, when the default is another provider's",
      config: { models: { default: "anthropic/x", aliases: { fast: "openrouter/y" } } },
      provider: "openrouter",
      want: ["models", "aliases", "fast"],
    },
    {
      why: "a profile's provider key",
      config: { auth: { profiles: { "mine:1": { provider: "openai" } } } },
      provider: "openai",
      want: ["auth", "profiles", "mine:1", "provider"],
    },
    {
      why: "a profile's id",
      config: { auth: { profiles: { "openai:default": {} } } },
      provider: "openai",
      want: ["auth", "profiles", "openai:default"],
    },
    {
      why: "the first reason wins",
      config: { models: { default: "openai/x", aliases: { o: "openai/y" } } },
      provider: "openai",
      want: ["models", "default"],
    },
    { why: "the built-in default model is written nowhere", config: {}, provider: "anthropic", want: undefined },
    { why: "a config that is not an object", config: "broken", provider: "anthropic", want: undefined },
  ])("$why", ({ config, provider, want }) => {
    expect(providerKeysOf(config).get(provider)).toEqual(want);
  });
});
