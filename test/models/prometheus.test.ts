import { describe, expect, it } from "vitest";
import { escapeLabelValue, renderPrometheus } from "../../src/models/prometheus.js";
import { modelsStatus } from "../../src/models/status.js";
import { VERSION } from "../../src/version.js";
import { DAY, HOUR, NOW, snapshotOf, type TestState } from "../support/state.js";

const OAT = "sk-ant-oat01-PLANTEDoatPLANTEDoatPLANTED";
const ORT = "sk-ant-ort01-PLANTEDortPLANTEDort";
const API = "sk-ant-api03-PLANTEDapiPLANTEDapiPLANTED";
const OR_KEY = "sk-or-v1-PLANTEDorPLANTEDorPLANTED";
const WEIRD = 'anthropic:we"ird\\id\nx';

const state: TestState = {
  config: {
    agents: { list: [{ id: "main", default: true }, { id: "work" }] },
    models: { default: "anthropic/claude-opus-4-5" },
    auth: { expiryWarnHours: 24 },
  },
  stores: {
    main: {
      version: 1,
      profiles: {
        "anthropic:manual": { type: "token", provider: "anthropic", token: OAT, expires: NOW + 5 * HOUR },
        "anthropic:claude-cli": { type: "oauth", provider: "anthropic", access: OAT, refresh: ORT, expires: NOW - DAY },
        "anthropic:default": { type: "api_key", provider: "anthropic", key: API },
        [WEIRD]: { type: "token", provider: "anthropic", token: OAT, expires: NOW - 1500 },
        "openrouter:default": { type: "api_key", provider: "openrouter", key: OR_KEY },
      },
    },
    work: { version: 1, profiles: {} },
  },
};

const SAMPLE = /^[a-zA-Z_:][a-zA-Z0-9_:]*(\{.*\})? -?[0-9.e+]+$/;
const render = (s: TestState = state) => renderPrometheus(modelsStatus(snapshotOf(s), NOW), NOW);
const samples = (text: string) => text.split("\n").filter((line) => line !== "" && !line.startsWith("#"));

describe("renderPrometheus", () => {
  const text = render();

  it("is valid exposition text: every sample line parses, HELP and TYPE once per metric, before its samples", () => {
    expect(text.endsWith("\n")).toBe(true);
    for (const line of samples(text)) expect(line).toMatch(SAMPLE);
    const seen = new Map<string, string[]>();
    let current = "";
    for (const line of text.trimEnd().split("\n")) {
      const comment = /^# (HELP|TYPE) (\S+) /.exec(line);
      if (comment) {
        seen.set(comment[2], [...(seen.get(comment[2]) ?? []), comment[1]]);
        current = comment[2];
      } else {
        expect(line.startsWith(current + "{") || line.startsWith(current + " ")).toBe(true);
      }
    }
    for (const [, kinds] of seen) expect(kinds).toEqual(["HELP", "TYPE"]);
    expect([...seen.keys()]).toEqual([
      "clawdia_auth_profile_expiry_timestamp_seconds",
      "clawdia_auth_profile_refreshable",
      "clawdia_auth_profile_errors",
      "clawdia_auth_profile_status",
      "clawdia_auth_provider_health",
      "clawdia_auth_provider_in_use",
      "clawdia_auth_provider_credential_source",
      "clawdia_auth_check_exit_code",
      "clawdia_state_readable",
      "clawdia_auth_status_generated_timestamp_seconds",
      "clawdia_build_info",
    ]);
    expect(text).toContain("# TYPE clawdia_auth_profile_status gauge\n");
  });

  it("exports expiry timestamps in seconds, only for profiles that have one", () => {
    const expiry = samples(text).filter((line) => line.startsWith("clawdia_auth_profile_expiry_timestamp_seconds"));
    expect(expiry).toContain(
      `clawdia_auth_profile_expiry_timestamp_seconds{agent="main",provider="anthropic",profile="anthropic:manual",type="token"} ${(NOW + 5 * HOUR) / 1000}`,
    );
    expect(expiry).toContain(
      `clawdia_auth_profile_expiry_timestamp_seconds{agent="main",provider="anthropic",profile="anthropic:claude-cli",type="oauth"} ${(NOW - DAY) / 1000}`,
    );
    expect(expiry).toHaveLength(3);
    expect(expiry.join("\n")).not.toContain("anthropic:default");
  });

  it("has one status series per profile and status (a state set): 1 for its current status, 0 for the others", () => {
    const status = samples(text).filter((line) => line.startsWith("clawdia_auth_profile_status{"));
    expect(status).toHaveLength(5 * 6);
    expect(status.filter((line) => line.endsWith(" 1"))).toEqual([
      'clawdia_auth_profile_status{agent="main",provider="anthropic",profile="anthropic:manual",type="token",status="expiring"} 1',
      'clawdia_auth_profile_status{agent="main",provider="anthropic",profile="anthropic:claude-cli",type="oauth",status="ok"} 1',
      'clawdia_auth_profile_status{agent="main",provider="anthropic",profile="anthropic:default",type="api_key",status="static"} 1',
      'clawdia_auth_profile_status{agent="main",provider="anthropic",profile="anthropic:we\\"ird\\\\id\\nx",type="token",status="expired"} 1',
      'clawdia_auth_profile_status{agent="main",provider="openrouter",profile="openrouter:default",type="api_key",status="static"} 1',
    ]);
    expect(
      status
        .filter((line) => line.includes('profile="anthropic:manual"'))
        .map((line) => /status="(\w+)"\} (\d)/.exec(line)!.slice(1).join("=")),
    ).toEqual(["ok=0", "expiring=1", "expired=0", "missing=0", "static=0", "invalid=0"]);
    expect(text).toContain(
      'clawdia_auth_profile_refreshable{agent="main",provider="anthropic",profile="anthropic:claude-cli",type="oauth"} 1',
    );
    expect(text).toContain(
      'clawdia_auth_profile_refreshable{agent="main",provider="anthropic",profile="anthropic:manual",type="token"} 0',
    );
  });

  it("reports provider health and use per agent, the check's exit code and when it was generated", () => {
    const status = modelsStatus(snapshotOf(state), NOW);
    const lines = samples(text);
    expect(lines).toContain('clawdia_auth_provider_health{agent="work",provider="anthropic",health="missing"} 1');
    expect(lines).toContain('clawdia_auth_provider_in_use{agent="main",provider="anthropic"} 1');
    expect(lines).toContain('clawdia_auth_provider_in_use{agent="main",provider="openrouter"} 0');
    expect(lines).toContain(`clawdia_auth_check_exit_code ${status.exitCode}`);
    expect(status.exitCode).toBe(1);
    expect(lines).toContain(`clawdia_auth_status_generated_timestamp_seconds ${NOW / 1000}`);
    const healthLines = lines.filter((line) => line.startsWith("clawdia_auth_provider_health{"));
    const providers = status.agents.reduce((n, agent) => n + agent.providers.length, 0);
    expect(healthLines).toHaveLength(providers * 6);
    expect(healthLines.filter((line) => line.endsWith(" 1"))).toHaveLength(providers);
    expect(lines).toContain('clawdia_auth_provider_health{agent="work",provider="anthropic",health="ok"} 0');
  });

  it("exports when each recorded cooldown ends, and every profile's error count (issue 20)", () => {
    const main = (state.stores as Record<string, Record<string, unknown>>).main;
    const cooling: TestState = {
      ...state,
      stores: {
        ...state.stores,
        main: {
          ...main,
          order: { anthropic: ["anthropic:default"] },
          usageStats: {
            "anthropic:default": { errorCount: 4, cooldownUntil: NOW + 20 * 60_000 },
            "anthropic:manual": { errorCount: 0, cooldownUntil: 0 },
          },
        },
      },
    };
    const lines = samples(render(cooling));
    const labels = 'agent="main",provider="anthropic",profile="anthropic:default",type="api_key"';
    expect(lines.filter((line) => line.startsWith("clawdia_auth_profile_cooldown_until_timestamp_seconds"))).toEqual([
      `clawdia_auth_profile_cooldown_until_timestamp_seconds{${labels}} ${(NOW + 20 * 60_000) / 1000}`,
    ]);
    expect(lines).toContain(`clawdia_auth_profile_errors{${labels}} 4`);
    expect(lines).toContain(
      'clawdia_auth_profile_errors{agent="main",provider="anthropic",profile="anthropic:manual",type="token"} 0',
    );
    expect(lines).toContain('clawdia_auth_provider_health{agent="main",provider="anthropic",health="cooling-down"} 1');
  });

  it("says which Clawdia wrote the metrics (clawdia_build_info)", () => {
    expect(samples(text)).toContain(`clawdia_build_info{version="${VERSION}",node="${process.version}"} 1`);
  });

  it("never carries a secret or a fingerprint", () => {
    for (const secret of [OAT, ORT, API, OR_KEY]) {
      expect(text).not.toContain(secret);
      expect(text).not.toContain(secret.slice(-4)); // the tail a fingerprint shows
    }
    expect(text).not.toContain("…");
    expect(text).not.toContain("sk-");
  });

  it("leaves out a metric with no samples instead of printing a bare TYPE line", () => {
    const empty = render({});
    expect(empty).not.toContain("clawdia_auth_profile_expiry_timestamp_seconds");
    expect(empty).toContain('clawdia_auth_provider_health{agent="main",provider="anthropic",health="missing"} 1');
    for (const line of samples(empty)) expect(line).toMatch(SAMPLE);
  });
});

describe("escapeLabelValue", () => {
  it.each([
    ["plain", "plain"],
    ['a"b', 'a\\"b'],
    ["a\\b", "a\\\\b"],
    ["a\nb", "a\\nb"],
    ['\\"\n', '\\\\\\"\\n'],
    // No escape exists for other control characters: they become printable()'s text (the label is
    // then `anthropic:\x1b]0;pwned\x07x`, as models status shows it), whose backslashes are escaped.
    ["anthropic:\u001b]0;pwned\u0007x", "anthropic:\\\\x1b]0;pwned\\\\x07x"],
    ["anthropic:a\rb", "anthropic:a\\\\rb"],
    ["tab\tdel\u007fc1\u009b", "tab\\\\tdel\\\\x7fc1\\\\x9b"],
  ])("%j → %j", (input, expected) => {
    expect(escapeLabelValue(input)).toBe(expected);
  });
});
