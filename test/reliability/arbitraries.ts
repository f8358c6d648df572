// fast-check generators for whole states: configs, auth stores, .env files and Claude Code
// credentials that are mostly the right shape and often wrong in one place (a wrong type, a
// missing field, a number in seconds, a key that names nothing), plus plain garbage.
import fc from "fast-check";
import type { TestState } from "../support/state.js";
import { NOW } from "../support/state.js";

const DAY = 86_400_000;

// Mostly a few common ids (so configs, stores and orders name each other), sometimes anything.
const agentId = fc.oneof(
  { weight: 8, arbitrary: fc.constantFrom("main", "work", "ops") },
  {
    weight: 1,
    arbitrary: fc.oneof(
      fc.constantFrom("a-b_c", "Main", "", "../x", "a/b", ".", "__proto__", "constructor"),
      fc.string({ maxLength: 6 }),
    ),
  },
);
const provider = fc.oneof(
  { weight: 8, arbitrary: fc.constantFrom("anthropic", "openrouter", "openai", "github-copilot") },
  { weight: 1, arbitrary: fc.string({ maxLength: 8 }) },
);
const profileId = fc.oneof(
  {
    weight: 8,
    arbitrary: fc.constantFrom(
      "anthropic:default",
      "anthropic:claude-cli",
      "anthropic:manual",
      "openrouter:default",
      "openai:work",
    ),
  },
  {
    weight: 1,
    arbitrary: fc.constantFrom("anthropic", ":", "x:y:z", "openrouter:claude-cli", "__proto__", "constructor"),
  },
  { weight: 1, arbitrary: fc.tuple(provider, fc.string({ maxLength: 6 })).map(([p, name]) => `${p}:${name}`) },
);
const mode = fc.oneof(
  { weight: 8, arbitrary: fc.constantFrom("api_key", "oauth", "token") },
  { weight: 1, arbitrary: fc.oneof(fc.string({ maxLength: 6 }), fc.integer(), fc.constant(null)) },
);

/** Secret-shaped strings (what the masker and the Claude-Code-only rule look at), and odd ones. */
const secret = fc.oneof(
  fc
    .constantFrom("sk-ant-oat01-", "sk-ant-ort01-", "sk-ant-api03-", "sk-or-v1-", "sk-proj-", "ghu_")
    .chain((prefix) => fc.stringMatching(/^[A-Za-z0-9_-]{0,60}$/).map((rest) => prefix + rest)),
  fc.string({ maxLength: 12 }),
  fc.constant(""),
);

/** Milliseconds around the test clock, seconds by mistake, and things that are not a time at all. */
export const expires = fc.oneof(
  { weight: 4, arbitrary: fc.integer({ min: NOW - 400 * DAY, max: NOW + 400 * DAY }) },
  { weight: 2, arbitrary: fc.integer({ min: NOW - 2 * DAY, max: NOW + 2 * DAY }) }, // expiring soon, just expired
  {
    weight: 1,
    arbitrary: fc.integer({ min: Math.floor(NOW / 1000) - 400 * 86_400, max: Math.floor(NOW / 1000) + 400 * 86_400 }),
  }, // seconds
  { weight: 1, arbitrary: fc.constantFrom(0, -1, -NOW, Number.MAX_SAFE_INTEGER, 1.5, 1e308) },
  { weight: 1, arbitrary: fc.constantFrom("NaN", "Infinity", "1767225600000", "tomorrow", "", null, true) },
  { weight: 2, arbitrary: fc.constant(undefined) },
);

const json = fc.jsonValue({ maxDepth: 2 });

/** Usually `arb`, now and then any JSON value at all (a wrong type in one place). */
function orJson(...arbs: fc.Arbitrary<unknown>[]): fc.Arbitrary<unknown> {
  return fc.oneof(
    { weight: 12, arbitrary: arbs.length === 1 ? arbs[0] : fc.oneof(...arbs) },
    { weight: 1, arbitrary: json },
  );
}

/** Replaces some values of an object with anything at all (the shape is right everywhere else). */
function spoil<T extends Record<string, unknown>>(arb: fc.Arbitrary<T>): fc.Arbitrary<unknown> {
  return fc.oneof(
    { weight: 20, arbitrary: arb },
    {
      weight: 2,
      arbitrary: fc
        .tuple(arb, fc.dictionary(fc.string({ maxLength: 8 }), json, { maxKeys: 2 }))
        .map(([value, extra]) => ({ ...value, ...extra })),
    },
    { weight: 1, arbitrary: json },
  );
}

const storedProfile = fc.oneof(
  // The three shapes the gateway writes, each with its own fields...
  fc.record(
    {
      type: fc.constant("oauth"),
      provider,
      access: secret,
      refresh: fc.oneof(secret, fc.constant(undefined)),
      expires,
    },
    { requiredKeys: ["type", "provider", "access"] },
  ),
  fc.record(
    { type: fc.constant("token"), provider, token: secret, expires },
    { requiredKeys: ["type", "provider", "token"] },
  ),
  fc.record({ type: fc.constant("api_key"), provider, key: secret }, { requiredKeys: ["type", "provider", "key"] }),
  // ...and any mix of fields under any type.
  fc.record(
    {
      type: fc.oneof(
        fc.constantFrom("oauth", "token", "api_key", "aws-sdk", "OAuth"),
        fc.string({ maxLength: 6 }),
        fc.integer(),
      ),
      provider,
      access: secret,
      refresh: secret,
      token: secret,
      key: secret,
      expires,
      email: fc.emailAddress(),
    },
    { requiredKeys: ["type"] },
  ),
);

const usage = fc.record(
  {
    lastUsed: orJson(fc.integer({ min: 0, max: NOW })),
    errorCount: orJson(fc.nat(50)),
    cooldownUntil: orJson(fc.integer({ min: 0, max: NOW + DAY })),
    lastError: fc.oneof(
      fc.constant(
        "This credential is only authorized for use with Claude Code and cannot be used for other API requests.",
      ),
      fc.constant("429 rate_limit_error"),
      fc.string({ maxLength: 20 }),
    ),
  },
  { requiredKeys: [] },
);

export const store: fc.Arbitrary<unknown> = spoil(
  fc.record(
    {
      version: orJson(fc.constant(1), fc.constant(2)),
      profiles: fc.oneof(
        { weight: 8, arbitrary: fc.dictionary(profileId, spoil(storedProfile), { maxKeys: 4 }) },
        { weight: 1, arbitrary: json },
      ),
      order: orJson(fc.dictionary(provider, orJson(fc.array(profileId, { maxLength: 4 })), { maxKeys: 3 })),
      lastGood: fc.dictionary(provider, orJson(profileId), { maxKeys: 2 }),
      usageStats: fc.dictionary(profileId, spoil(usage), { maxKeys: 2 }),
    },
    { requiredKeys: [] },
  ),
);

const configProfile = fc.record({ provider, mode }, { requiredKeys: ["provider", "mode"] });

export const config: fc.Arbitrary<unknown> = spoil(
  fc.record(
    {
      meta: fc.record(
        {
          lastTouchedVersion: orJson(fc.constantFrom("2025.10.4", "2026.11.0", "2027.1.0", "garbage")),
          lastTouchedAt: fc.string({ maxLength: 10 }),
        },
        { requiredKeys: [] },
      ),
      agents: fc.record(
        {
          list: orJson(
            fc.array(spoil(fc.record({ id: agentId, default: fc.boolean() }, { requiredKeys: ["id"] })), {
              maxLength: 3,
            }),
          ),
        },
        { requiredKeys: [] },
      ),
      models: fc.record(
        {
          default: orJson(fc.constantFrom("anthropic/claude-opus-4-5", "openrouter/x", "openai/gpt-5", "nope", "")),
          aliases: fc.dictionary(
            fc.string({ maxLength: 5 }),
            orJson(fc.constantFrom("anthropic/claude-opus-4-5", "openai/gpt-5")),
            { maxKeys: 2 },
          ),
        },
        { requiredKeys: [] },
      ),
      auth: fc.record(
        {
          profiles: orJson(fc.dictionary(profileId, spoil(configProfile), { maxKeys: 4 })),
          order: orJson(fc.dictionary(provider, orJson(fc.array(profileId, { maxLength: 4 })), { maxKeys: 3 })),
          expiryWarnHours: orJson(fc.integer({ min: -5, max: 1000 })),
        },
        { requiredKeys: [] },
      ),
      // Shapes of older releases, for the migrations.
      agent: fc.record(
        {
          model: orJson(fc.constantFrom("anthropic/claude-opus-4-5", "openai/gpt-5")),
          workspace: fc.string({ maxLength: 5 }),
        },
        { requiredKeys: [] },
      ),
      gateway: fc.record(
        {
          token: orJson(secret),
          port: fc.nat(65535),
          auth: orJson(fc.record({ token: secret }, { requiredKeys: [] })),
        },
        { requiredKeys: [] },
      ),
      env: fc.record(
        {
          shellEnv: fc.record(
            { enabled: orJson(fc.boolean()), timeoutMs: orJson(fc.nat(60_000)) },
            { requiredKeys: [] },
          ),
          vars: fc.dictionary(fc.constantFrom("ANTHROPIC_API_KEY", "OPENROUTER_API_KEY", "X", ""), orJson(secret), {
            maxKeys: 2,
          }),
        },
        { requiredKeys: [] },
      ),
    },
    { requiredKeys: [] },
  ),
);

export const dotenv = fc.oneof(
  fc
    .array(
      fc.oneof(
        fc
          .tuple(
            fc.constantFrom("ANTHROPIC_API_KEY", "OPENROUTER_API_KEY", "CLAWDIA_LOG_LEVEL", "export FOO", "1BAD", ""),
            secret,
          )
          .map(([k, v]) => `${k}=${v}`),
        fc.constantFrom("# comment", "", "   ", "NOEQUALS", 'Q="unterminated', "K='a b'", 'K="a\\nb"'),
        fc.string({ maxLength: 20 }),
      ),
      { maxLength: 5 },
    )
    .map((lines) => lines.join("\n")),
  fc.constant(undefined),
);

export const claudeCode = fc.oneof(
  fc.constant(undefined),
  spoil(
    fc.record(
      {
        claudeAiOauth: spoil(
          fc.record(
            {
              accessToken: secret,
              refreshToken: secret,
              expiresAt: expires,
              scopes: fc.array(fc.string({ maxLength: 8 }), { maxLength: 2 }),
              subscriptionType: fc.constantFrom("max", "pro", ""),
            },
            { requiredKeys: [] },
          ),
        ),
      },
      { requiredKeys: [] },
    ),
  ),
);

const fileMode = fc.constantFrom(0o600, 0o644, 0o640, 0o400, 0o666, 0o700, 0o000);

/** A whole state for the in-memory builder (test/support/state.ts). */
export const testState: fc.Arbitrary<TestState> = fc.record({
  config: fc.oneof(
    { weight: 8, arbitrary: config },
    { weight: 1, arbitrary: fc.string({ maxLength: 40 }) },
    { weight: 1, arbitrary: fc.constant(undefined) },
  ),
  stores: fc.dictionary(
    fc.constantFrom("main", "work", "ops"),
    fc.oneof({ weight: 8, arbitrary: store }, { weight: 1, arbitrary: fc.string({ maxLength: 40 }) }),
    { maxKeys: 2 },
  ),
  dotenv,
  env: fc.dictionary(fc.constantFrom("ANTHROPIC_API_KEY", "OPENROUTER_API_KEY", "OPENAI_API_KEY", "HOME"), secret, {
    maxKeys: 2,
  }),
  claudeCode,
  modes: fc.record(
    {
      config: fileMode,
      dotenv: fileMode,
      stateDir: fc.constantFrom(0o700, 0o755, 0o750),
      "store:main": fileMode,
      "store:work": fileMode,
    },
    { requiredKeys: [] },
  ),
  platform: fc.constantFrom("linux" as const, "darwin" as const),
}) as fc.Arbitrary<TestState>;
