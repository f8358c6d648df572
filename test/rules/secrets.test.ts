// No rule may put a credential in what users, logs and support bundles see: message, advice, subject,
// fix title. (Fix ops may carry secrets: they are written to files, never printed.)
import { describe, expect, it } from "vitest";
import { rules } from "../../rules/index.js";
import { DAY, HOUR, NOW, runRule, type TestState } from "../support/state.js";

const SECRETS = {
  envOat: "sk-ant-oat01-PLANTEDenvOATenvOATenvOAT0001",
  dotenvOat: "sk-ant-oat01-PLANTEDdotenvOATdotenvOAT02",
  varsOat: "sk-ant-oat01-PLANTEDvarsOATvarsOATvars003",
  storedOat: "sk-ant-oat01-PLANTEDstoredOATstoredOAT04",
  expired: "sk-ant-oat01-PLANTEDexpiredTOKENexpired5",
  expiring: "sk-ant-oat01-PLANTEDexpiringTOKENexpir6",
  asType: "sk-ant-api03-PLANTEDtypeFIELDtypeFIELD07",
  inError: "sk-ant-api03-PLANTEDinERRORinERRORinE08",
  inBrokenStore: "sk-ant-api03-PLANTEDbrokenSTOREbroken9",
  claudeCode: "sk-ant-oat01-PLANTEDclaudeCODEclaudeC10",
  refresh: "sk-ant-ort01-PLANTEDrefreshREFRESHref11",
  wrongTypeVar: "sk-or-v1-PLANTEDwrongTYPEwrongTYPEw12",
  cooling: "sk-ant-api03-PLANTEDcoolingCOOLINGcool13",
  inRateLimit: "sk-ant-api03-PLANTEDrateLIMITrateLIMI14",
};

/** Agents resting after errors (the cooldown rules), with a key quoted in the recorded error. */
const rested = (until: number) => ({ errorCount: 2, cooldownUntil: until, lastError: `429 rate_limit_error for ${SECRETS.inRateLimit}` });

const state: TestState = {
  env: { ANTHROPIC_API_KEY: SECRETS.envOat },
  dotenv: `ANTHROPIC_API_KEY=${SECRETS.dotenvOat}\n`,
  config: {
    agents: { list: [{ id: "main", default: true }, { id: "work" }] },
    models: { aliases: { fast: "openrouter/x" } },
    auth: {
      profiles: { "anthropic:manual": { provider: "openrouter", mode: "api_key" } },
      order: { anthropic: ["anthropic:gone"], OpenRouter: ["openrouter:gone"] },
      expiryWarnHours: "soon",
      typo: SECRETS.wrongTypeVar,
    },
    env: { vars: { ANTHROPIC_API_KEY: SECRETS.varsOat, [SECRETS.wrongTypeVar.slice(0, 3)]: 1 } },
  },
  stores: {
    main: {
      version: 1,
      profiles: {
        "anthropic:default": { type: "api_key", provider: "anthropic", key: SECRETS.storedOat },
        "anthropic:manual": { type: "token", provider: "anthropic", token: SECRETS.expired, expires: NOW - HOUR },
        "anthropic:soon": { type: "token", provider: "anthropic", token: SECRETS.expiring, expires: NOW + HOUR },
        "anthropic:odd": { type: SECRETS.asType, provider: "anthropic", key: SECRETS.asType },
        "anthropic:claude-cli": { type: "token", provider: "anthropic", token: SECRETS.expired, expires: NOW - DAY },
      },
      order: { anthropic: ["anthropic:gone", "anthropic:default"] },
      usageStats: {
        "anthropic:default": { errorCount: 1, lastError: `This credential is only authorized for use with Claude Code (key ${SECRETS.inError})` },
      },
    },
    resting: {
      version: 1,
      profiles: { "anthropic:a": { type: "api_key", provider: "anthropic", key: SECRETS.cooling }, "anthropic:b": { type: "api_key", provider: "anthropic", key: SECRETS.asType } },
      order: { anthropic: ["anthropic:a", "anthropic:b"] },
      usageStats: { "anthropic:a": rested(NOW + 30 * DAY), "anthropic:b": rested(NOW - HOUR) },
    },
    stuck: { version: 1, profiles: { "anthropic:a": { type: "api_key", provider: "anthropic", key: SECRETS.cooling } }, order: { anthropic: ["anthropic:a"] }, usageStats: { "anthropic:a": rested(NOW + HOUR / 2) } },
    work: `{ "profiles": { "anthropic:default": { "type": "api_key", "key": "${SECRETS.inBrokenStore}" `,
  },
  claudeCode: { claudeAiOauth: { accessToken: SECRETS.claudeCode, refreshToken: SECRETS.refresh, expiresAt: NOW + DAY } },
  modes: { config: 0o644, dotenv: 0o644, "store:main": 0o644 },
};

describe("secrets never appear in findings", () => {
  const findings = rules.flatMap((rule) => runRule(rule, state).map((finding) => ({ rule: rule.id, finding })));

  it("every rule about credentials and files has something to say about this state", () => {
    const silent = rules.map((rule) => rule.id).filter((id) => !findings.some((f) => f.rule === id));
    // The rest are about the state's layout and versions, which this state does not exercise.
    // The env/* rules need a daemon definition, which this in-memory state has none of;
    // test/rules/env/secrets.test.ts plants secrets in units, plists and environment files instead.
    expect(silent).toEqual([
      "state/not-initialised",
      "config/newer-version",
      "state/legacy-leftovers",
      "auth/claude-code-credentials-invalid", // below: a broken file, with a planted secret in it
      ...rules.map((rule) => rule.id).filter((id) => id.startsWith("env/")),
    ]);
  });

  it("a broken Claude Code file with a token in it: the finding names the position, never the token", () => {
    const broken = { ...state, claudeCode: `{ "claudeAiOauth": { "accessToken": "${SECRETS.claudeCode}", ` };
    const [finding] = rules.filter((rule) => rule.id === "auth/claude-code-credentials-invalid").flatMap((rule) => runRule(rule, broken));
    expect(finding.message).toMatch(/:1:\d+ cannot be used/);
    expect(JSON.stringify(finding)).not.toContain(SECRETS.claudeCode);
  });

  it.each(Object.entries(SECRETS))("%s is in no message, advice, subject or fix title", (_, secret) => {
    for (const { rule, finding } of findings) {
      const shown = JSON.stringify([finding.message, finding.advice, finding.subject, finding.fix?.title]);
      expect(shown, `${rule}: ${finding.message}`).not.toContain(secret);
    }
  });
});
