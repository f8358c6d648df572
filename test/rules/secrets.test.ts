// No rule may put a credential in what users, logs and support bundles see: message, advice, subject,
// fix title. (Fix ops may carry secrets: they are written to files, never printed.)
import { describe, expect, it } from "vitest";
import { rules } from "../../rules/index.js";
import { keyShapePattern } from "../../src/redact/key-shapes.js";
import { checkExample } from "../../src/rule-example.js";
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
const rested = (until: number) => ({
  errorCount: 2,
  cooldownUntil: until,
  lastError: `429 rate_limit_error for ${SECRETS.inRateLimit}`,
});

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
        "anthropic:default": {
          errorCount: 1,
          lastError: `This credential is only authorized for use with Claude Code (key ${SECRETS.inError})`,
        },
      },
    },
    resting: {
      version: 1,
      profiles: {
        "anthropic:a": { type: "api_key", provider: "anthropic", key: SECRETS.cooling },
        "anthropic:b": { type: "api_key", provider: "anthropic", key: SECRETS.asType },
      },
      order: { anthropic: ["anthropic:a", "anthropic:b"] },
      usageStats: { "anthropic:a": rested(NOW + 30 * DAY), "anthropic:b": rested(NOW - HOUR) },
    },
    stuck: {
      version: 1,
      profiles: { "anthropic:a": { type: "api_key", provider: "anthropic", key: SECRETS.cooling } },
      order: { anthropic: ["anthropic:a"] },
      usageStats: { "anthropic:a": rested(NOW + HOUR / 2) },
    },
    work: `{ "profiles": { "anthropic:default": { "type": "api_key", "key": "${SECRETS.inBrokenStore}" `,
  },
  claudeCode: {
    claudeAiOauth: { accessToken: SECRETS.claudeCode, refreshToken: SECRETS.refresh, expiresAt: NOW + DAY },
  },
  modes: { config: 0o644, dotenv: 0o644, "store:main": 0o644 },
};

const ABOUT_CREDENTIALS = [
  "config/invalid",
  "store/invalid",
  "files/permissions",
  "auth/missing-credentials",
  "auth/token-expired",
  "auth/token-expiring",
  "auth/claude-code-only-credential",
  "auth/profile-mode-mismatch",
  "auth/order-provider-case",
  "auth/order-unknown-profile",
  "auth/claude-cli-stale",
];

describe("secrets never appear in findings", () => {
  const findings = rules.flatMap((rule) => runRule(rule, state).map((finding) => ({ rule: rule.id, finding })));

  // Named, so that a new rule about something else needs no line here; every rule's own examples are
  // checked below as well.
  it("every rule about credentials and files has something to say about this state", () => {
    const speaking = new Set(findings.map((f) => f.rule));
    // The others are about the state's layout and versions, which this state does not exercise, or
    // need a daemon definition: test/rules/env/secrets.test.ts plants secrets in units, plists and
    // environment files instead; auth/claude-code-credentials-invalid is below (a broken file).
    expect(ABOUT_CREDENTIALS.filter((id) => !speaking.has(id))).toEqual([]);
  });

  it("a broken Claude Code file with a token in it: the finding names the position, never the token", () => {
    const broken = { ...state, claudeCode: `{ "claudeAiOauth": { "accessToken": "${SECRETS.claudeCode}", ` };
    const [finding] = rules
      .filter((rule) => rule.id === "auth/claude-code-credentials-invalid")
      .flatMap((rule) => runRule(rule, broken));
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

// Every rule's bad examples (which give findings by construction): no key-shaped value of the state
// is in what the findings show.
describe.each(rules.map((rule) => [rule.id, rule] as const))("%s: its examples show no secret", (_, rule) => {
  it.each(rule.examples.bad.map((example, i) => [i + 1, example] as const))("bad example %i", (_, example) => {
    const secrets = [...JSON.stringify(example).matchAll(keyShapePattern())].map((match) => match[0]);
    for (const finding of checkExample(rule, example)) {
      const shown = JSON.stringify([finding.message, finding.advice, finding.subject, finding.fix?.title]);
      for (const secret of secrets) expect(shown, finding.message).not.toContain(secret);
    }
  });
});
