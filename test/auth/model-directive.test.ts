import { describe, expect, it } from "vitest";
import { parseModelDirective, type ModelDirective } from "../../src/auth/model-directive.js";
import { viewConfig, viewStore } from "../../src/snapshot/views.js";

const config = {
  models: {
    default: "anthropic/claude-opus-4-5",
    aliases: { opus: "anthropic/claude-opus-4-5", or: "openrouter/meta/llama-4", broken: "nowhere" },
  },
  auth: { profiles: { "anthropic:configured-only": { provider: "anthropic", mode: "api_key" } } },
};
const store = {
  version: 1,
  profiles: {
    "anthropic:work": { type: "api_key", provider: "anthropic", key: "sk-ant-api03-SECRETSECRETSECRET" },
    "anthropic:claude-cli": { type: "token", provider: "anthropic", token: "sk-ant-oat01-SECRETSECRETSECRET" },
    "openrouter:default": { type: "api_key", provider: "openrouter", key: "sk-or-v1-SECRETSECRETSECRET" },
  },
};
const context = { config, store };

const select = (
  model: string,
  resolvedModel: string,
  provider: string,
  extra: { alias?: string; profileId?: string } = {},
): ModelDirective => ({
  kind: "select",
  model,
  resolvedModel,
  provider,
  ...extra,
});

interface Case {
  input: string;
  expected: ModelDirective;
}

const withContext: Case[] = [
  { input: "/model", expected: { kind: "list" } },
  { input: "/model list", expected: { kind: "list" } },
  { input: "  /model   list  ", expected: { kind: "list" } },
  { input: "/model\tstatus", expected: { kind: "status" } },
  { input: "/model status\n", expected: { kind: "status" } },
  { input: "/model opus", expected: select("opus", "anthropic/claude-opus-4-5", "anthropic", { alias: "opus" }) },
  {
    input: "/model opus@anthropic:work",
    expected: select("opus", "anthropic/claude-opus-4-5", "anthropic", { alias: "opus", profileId: "anthropic:work" }),
  },
  {
    input: "/model opus @ anthropic:work",
    expected: select("opus", "anthropic/claude-opus-4-5", "anthropic", { alias: "opus", profileId: "anthropic:work" }),
  },
  {
    input: "/model anthropic/claude-sonnet-4-5",
    expected: select("anthropic/claude-sonnet-4-5", "anthropic/claude-sonnet-4-5", "anthropic"),
  },
  {
    input: "/model anthropic/claude-sonnet-4-5@anthropic:claude-cli",
    expected: select("anthropic/claude-sonnet-4-5", "anthropic/claude-sonnet-4-5", "anthropic", {
      profileId: "anthropic:claude-cli",
    }),
  },
  // a pin to a profile that is only in auth.profiles (the gateway may create it later)
  {
    input: "/model opus@anthropic:configured-only",
    expected: select("opus", "anthropic/claude-opus-4-5", "anthropic", {
      alias: "opus",
      profileId: "anthropic:configured-only",
    }),
  },
  {
    input: "/model or@openrouter:default",
    expected: select("or", "openrouter/meta/llama-4", "openrouter", { alias: "or", profileId: "openrouter:default" }),
  },
  { input: "/model vertex/claude-opus-4@20250514", expected: invalidPin("20250514", "vertex") },
  { input: "/model vertex/claude-opus-4@20250514@vertex:x", expected: invalidPin("vertex:x", "vertex") },
  {
    input: "/model opus@anthropic:nope",
    expected: {
      kind: "invalid",
      error: 'unknown auth profile "anthropic:nope"; /model status lists the anthropic profiles',
    },
  },
  {
    input: "/model opus@openrouter:default",
    expected: {
      kind: "invalid",
      error:
        'auth profile "openrouter:default" is for openrouter, not anthropic; /model status lists the anthropic profiles',
    },
  },
  {
    input: "/model Opus",
    expected: {
      kind: "invalid",
      error:
        'unknown model "Opus": not an alias in models.aliases and not a provider/model id such as anthropic/claude-opus-4-5',
    },
  },
  {
    input: "/model broken",
    expected: {
      kind: "invalid",
      error: 'alias "broken" in models.aliases points to "nowhere", which is not a provider/model id',
    },
  },
  { input: "/model anthropic/", expected: expect.objectContaining({ kind: "invalid" }) as ModelDirective },
  { input: "/model /claude", expected: expect.objectContaining({ kind: "invalid" }) as ModelDirective },
  {
    input: "/model @anthropic:work",
    expected: {
      kind: "invalid",
      error:
        'no model before "@anthropic:work"; use /model, /model list, /model status or /model <alias-or-provider/model>[@<profileId>]',
    },
  },
  {
    input: "/model opus@",
    expected: { kind: "invalid", error: 'no auth profile id after "opus@" (for example opus@anthropic:default)' },
  },
  {
    input: "/model opus sonnet",
    expected: expect.objectContaining({
      kind: "invalid",
      error: expect.stringContaining("more than one argument"),
    }) as ModelDirective,
  },
  { input: "/model list all", expected: expect.objectContaining({ kind: "invalid" }) as ModelDirective },
  { input: "/models", expected: { kind: "not-a-directive" } },
  { input: "/modelstatus", expected: { kind: "not-a-directive" } },
  { input: "/MODEL list", expected: { kind: "not-a-directive" } },
  { input: "hello /model opus", expected: { kind: "not-a-directive" } },
  { input: "hello", expected: { kind: "not-a-directive" } },
  { input: "", expected: { kind: "not-a-directive" } },
];

function invalidPin(pin: string, provider: string): ModelDirective {
  return { kind: "invalid", error: `unknown auth profile "${pin}"; /model status lists the ${provider} profiles` };
}

describe("parseModelDirective with the agent's config and store", () => {
  it.each(withContext)("$input", ({ input, expected }) => {
    expect(parseModelDirective(input, context)).toEqual(expected);
  });

  it("accepts views as well as parsed files", () => {
    const views = { config: viewConfig(config), store: viewStore(store, "main", "") };
    expect(parseModelDirective("/model opus@anthropic:work", views)).toEqual(
      parseModelDirective("/model opus@anthropic:work", context),
    );
    expect(parseModelDirective("/model opus@anthropic:nope", views)).toEqual(
      parseModelDirective("/model opus@anthropic:nope", context),
    );
  });

  it("an agent without an auth store can still pin a configured profile", () => {
    expect(parseModelDirective("/model opus@anthropic:configured-only", { config, store: undefined })).toMatchObject({
      kind: "select",
    });
    expect(parseModelDirective("/model opus@anthropic:work", { config, store: undefined })).toMatchObject({
      kind: "invalid",
    });
  });

  it("never echoes a secret", () => {
    for (const { input } of withContext)
      expect(JSON.stringify(parseModelDirective(input, context))).not.toContain("SECRET");
  });
});

describe("parseModelDirective without context (grammar only)", () => {
  it.each<Case>([
    { input: "/model", expected: { kind: "list" } },
    { input: "/model status", expected: { kind: "status" } },
    {
      input: "/model anthropic/claude-opus-4-5@anthropic:anything",
      expected: select("anthropic/claude-opus-4-5", "anthropic/claude-opus-4-5", "anthropic", {
        profileId: "anthropic:anything",
      }),
    },
    {
      input: "/model opus",
      expected: expect.objectContaining({
        kind: "invalid",
        error: expect.stringContaining('unknown model "opus"'),
      }) as ModelDirective,
    },
  ])("$input", ({ input, expected }) => {
    expect(parseModelDirective(input)).toEqual(expected);
  });
});
