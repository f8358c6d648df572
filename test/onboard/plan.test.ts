// planCredential: from one answer to the file edits, on in-memory states. Each case is a state, an
// answer, and what the files hold afterwards (or the refusal).
import { describe, expect, it } from "vitest";
import { applyOpsToFile, groupOpsByFile } from "../../src/engine/file-ops.js";
import { agentStorePath } from "../../src/paths.js";
import { planCredential } from "../../src/onboard/plan.js";
import type { CredentialAnswer, CredentialPlan } from "../../src/onboard/types.js";
import { buildSnapshot } from "../../src/snapshot/snapshot.js";
import { DAY, HOUR, NOW, rawState, snapshotOf, TEST_PATHS, type TestState } from "../support/state.js";

const KEY = "sk-ant-api03-PLANTESTnewkey000000000000000000000000";
const OLD_KEY = "sk-ant-api03-PLANTESToldkey000000000000000000000000";
const CLAUDE = "sk-ant-oat01-PLANTESTclaude000000000000000000000000";
const OR_KEY = "sk-or-v1-PLANTESTrouter0000000000000000000000";
const STORE = agentStorePath(TEST_PATHS, "main");

const apiKey = (store: "dotenv" | "profile", extra: Partial<CredentialAnswer> = {}): CredentialAnswer => ({
  provider: "anthropic",
  choice: "api-key",
  secret: KEY,
  store,
  profileId: store === "profile" ? "anthropic:default" : undefined,
  ...extra,
});

function plan(state: TestState, answer: CredentialAnswer): CredentialPlan {
  return planCredential({ snapshot: snapshotOf(state), paths: TEST_PATHS, now: NOW }, answer);
}

/** The files after the plan: .env as text, JSON files parsed. */
function filesAfter(
  state: TestState,
  answer: CredentialAnswer,
): { plan: CredentialPlan; dotenv?: string; config?: any; store?: any } {
  const snapshot = snapshotOf(state);
  const result = planCredential({ snapshot, paths: TEST_PATHS, now: NOW }, answer);
  const texts = new Map<string, string | undefined>();
  for (const [file, ops] of groupOpsByFile(result.change.ops)) {
    const before =
      file === TEST_PATHS.dotenvPath
        ? snapshot.dotenv.file.text
        : file === TEST_PATHS.configPath
          ? snapshot.config.file.text
          : snapshot.agentById.get("main")?.store.file.text;
    texts.set(file, applyOpsToFile(before, ops).text ?? before);
  }
  const json = (file: string) => (texts.has(file) ? JSON.parse(texts.get(file)!) : undefined);
  return {
    plan: result,
    dotenv: texts.get(TEST_PATHS.dotenvPath),
    config: json(TEST_PATHS.configPath),
    store: json(STORE),
  };
}

describe("an API key in <state>/.env", () => {
  it("appends the variable and keeps every other line", () => {
    const { dotenv, plan } = filesAfter({ dotenv: "# mine\nOPENAI_API_KEY=sk-proj-keep\n" }, apiKey("dotenv"));
    expect(dotenv).toBe(`# mine\nOPENAI_API_KEY=sk-proj-keep\nANTHROPIC_API_KEY=${KEY}\n`);
    expect(plan.change.ops).toEqual([
      { kind: "dotenv-set", file: TEST_PATHS.dotenvPath, key: "ANTHROPIC_API_KEY", value: KEY },
    ]);
    expect(plan.change.title).toBe("onboard anthropic: set ANTHROPIC_API_KEY in ~/.clawdia/.env");
  });

  it("refuses a key dotenv could not read back, before planning anything", () => {
    expect(() => plan({}, apiKey("dotenv", { secret: `sk-ant-api03-'"\`\r` }))).toThrow(
      /the value for ANTHROPIC_API_KEY cannot be written to \.env so that the gateway reads it back/,
    );
  });

  it("the same key again plans nothing", () => {
    const result = plan({ dotenv: `ANTHROPIC_API_KEY=${KEY}\n` }, apiKey("dotenv"));
    expect(result.change.ops).toEqual([]);
    expect(result.existing?.state).toBe("same");
  });

  it("refuses to replace a different key that works, naming the line and the way to replace it", () => {
    expect(() => plan({ dotenv: `X=1\nANTHROPIC_API_KEY=${OLD_KEY}\n` }, apiKey("dotenv"))).toThrow(
      /ANTHROPIC_API_KEY in ~\/\.clawdia\/\.env \(line 2\) already holds a different credential that works \(sk-ant-api03-…0000\).*Nothing was written.*clawdia onboard.*remove the ANTHROPIC_API_KEY line/,
    );
  });

  it("replaces it when the user agreed", () => {
    const { dotenv, plan } = filesAfter(
      { dotenv: `ANTHROPIC_API_KEY=${OLD_KEY}\n` },
      apiKey("dotenv", { replace: true }),
    );
    expect(dotenv).toBe(`ANTHROPIC_API_KEY=${KEY}\n`);
    expect(plan.existing).toMatchObject({ state: "working", secret: OLD_KEY });
  });

  it("replaces a Claude Code token sitting in ANTHROPIC_API_KEY without asking, and says why", () => {
    const { dotenv, plan } = filesAfter({ dotenv: `ANTHROPIC_API_KEY=${CLAUDE}\n` }, apiKey("dotenv"));
    expect(dotenv).toBe(`ANTHROPIC_API_KEY=${KEY}\n`);
    expect(plan.existing).toMatchObject({
      state: "broken",
      reason: expect.stringMatching(/only authorized for use with Claude Code/),
    });
  });

  it("refuses an unreadable .env", () => {
    const raw = {
      ...rawState({}),
      dotenv: { path: TEST_PATHS.dotenvPath, status: "unreadable" as const, error: "permission denied" },
    };
    expect(() =>
      planCredential({ snapshot: buildSnapshot(raw), paths: TEST_PATHS, now: NOW }, apiKey("dotenv")),
    ).toThrow(/cannot be used \(permission denied\); nothing was written/);
  });
});

describe("an API key as a profile", () => {
  it("creates the store and registers the profile in the config", () => {
    const { store, config } = filesAfter({}, apiKey("profile"));
    expect(store).toEqual({
      version: 1,
      profiles: { "anthropic:default": { type: "api_key", provider: "anthropic", key: KEY } },
    });
    expect(config).toEqual({ auth: { profiles: { "anthropic:default": { provider: "anthropic", mode: "api_key" } } } });
  });

  it("with another anthropic profile configured, writes auth.order with the new one first", () => {
    const state = {
      config: { auth: { profiles: { "anthropic:claude-cli": { provider: "anthropic", mode: "oauth" } } } },
      stores: {
        main: {
          version: 1,
          profiles: { "anthropic:claude-cli": { type: "token", provider: "anthropic", token: CLAUDE } },
        },
      },
    };
    const { config, plan } = filesAfter(state, apiKey("profile"));
    expect(config.auth.order).toEqual({ anthropic: ["anthropic:default", "anthropic:claude-cli"] });
    expect(plan.notes).toEqual(["auth.order.anthropic becomes anthropic:default → anthropic:claude-cli"]);
  });

  it("keeps stored-only profiles in the order when the first one is registered in the config", () => {
    const state = {
      stores: {
        main: { version: 1, profiles: { "anthropic:manual": { type: "token", provider: "anthropic", token: CLAUDE } } },
      },
    };
    expect(filesAfter(state, apiKey("profile")).config.auth.order).toEqual({
      anthropic: ["anthropic:default", "anthropic:manual"],
    });
  });

  it("puts the new profile first in an existing config order, and leaves an order that has it alone", () => {
    const profiles = { "anthropic:a": { provider: "anthropic", mode: "token" } };
    expect(
      filesAfter({ config: { auth: { profiles, order: { anthropic: ["anthropic:a"] } } } }, apiKey("profile")).config
        .auth.order.anthropic,
    ).toEqual(["anthropic:default", "anthropic:a"]);
    const has = filesAfter(
      { config: { auth: { profiles, order: { anthropic: ["anthropic:a", "anthropic:default"] } } } },
      apiKey("profile"),
    );
    expect(has.config.auth.order.anthropic).toEqual(["anthropic:a", "anthropic:default"]);
  });

  it("adds the new profile to the agent's own order override, which would otherwise hide it", () => {
    const state = {
      stores: {
        main: {
          version: 1,
          profiles: { "anthropic:a": { type: "token", provider: "anthropic", token: CLAUDE } },
          order: { anthropic: ["anthropic:a"] },
        },
      },
    };
    expect(filesAfter(state, apiKey("profile")).store.order).toEqual({
      anthropic: ["anthropic:default", "anthropic:a"],
    });
  });

  it("replaces a Claude Code token stored as an api_key profile and drops its recorded errors", () => {
    const state = {
      stores: {
        main: {
          version: 1,
          profiles: { "anthropic:default": { type: "api_key", provider: "anthropic", key: CLAUDE } },
          usageStats: {
            "anthropic:default": {
              errorCount: 3,
              lastError:
                "This credential is only authorized for use with Claude Code and cannot be used for other API requests.",
            },
          },
        },
      },
    };
    const { store, plan } = filesAfter(state, apiKey("profile"));
    expect(store.profiles["anthropic:default"].key).toBe(KEY);
    expect(store.usageStats).toEqual({});
    expect(plan.existing?.state).toBe("broken");
    expect(plan.notes).toContain(
      "the error counts and cooldown recorded for the old credential of anthropic:default are dropped",
    );
  });

  it("replaces a credential of another provider under a configured id (the doctor's advice for router:main)", () => {
    const state = {
      config: { auth: { profiles: { "router:main": { provider: "openrouter", mode: "api_key" } } } },
      stores: {
        main: { version: 1, profiles: { "router:main": { type: "api_key", provider: "anthropic", key: OLD_KEY } } },
      },
    };
    const { store, plan } = filesAfter(state, {
      provider: "openrouter",
      choice: "api-key",
      secret: OR_KEY,
      store: "profile",
      profileId: "router:main",
    });
    expect(store.profiles["router:main"]).toEqual({ type: "api_key", provider: "openrouter", key: OR_KEY });
    expect(plan.existing).toMatchObject({ state: "broken", reason: "it holds a credential for anthropic" });
  });

  it("replaces a token whose config mode is api_key (the doctor's advice for a mode mismatch)", () => {
    const state = {
      config: { auth: { profiles: { "anthropic:default": { provider: "anthropic", mode: "api_key" } } } },
      stores: {
        main: {
          version: 1,
          profiles: { "anthropic:default": { type: "token", provider: "anthropic", token: CLAUDE } },
        },
      },
    };
    expect(plan(state, apiKey("profile")).existing).toMatchObject({
      state: "broken",
      reason: expect.stringMatching(/mode "api_key" does not accept/),
    });
  });

  it("refuses to replace a working token under the same id without consent", () => {
    const state = {
      stores: {
        main: {
          version: 1,
          profiles: {
            "anthropic:default": { type: "token", provider: "anthropic", token: CLAUDE, expires: NOW + 300 * DAY },
          },
        },
      },
    };
    expect(() => plan(state, apiKey("profile"))).toThrow(
      /anthropic:default \(agent main\) already holds a different credential that works.*another --profile-id/,
    );
  });

  it("refuses a store it cannot parse, with the position", () => {
    expect(() => plan({ stores: { main: '{ "version": 1, ' } }, apiKey("profile"))).toThrow(
      /auth-profiles\.json:1:\d+: .*nothing was written/,
    );
  });
});

describe("tokens", () => {
  it("a pasted token is stored as paste-token stores it, with its expiry", () => {
    const { store, config, plan } = filesAfter(
      {},
      {
        provider: "openrouter",
        choice: "token",
        secret: OR_KEY,
        store: "profile",
        profileId: "openrouter:manual",
        expiresInMs: 30 * DAY,
      },
    );
    expect(store.profiles["openrouter:manual"]).toEqual({
      type: "token",
      provider: "openrouter",
      token: OR_KEY,
      expires: NOW + 30 * DAY,
    });
    expect(config.auth.profiles["openrouter:manual"]).toEqual({ provider: "openrouter", mode: "token" });
    expect(plan.expires).toBe(NOW + 30 * DAY);
  });

  it("renews a token that expires within the warning window without asking", () => {
    const state = {
      stores: {
        main: {
          version: 1,
          profiles: {
            "anthropic:manual": { type: "token", provider: "anthropic", token: CLAUDE, expires: NOW + 2 * HOUR },
          },
        },
      },
    };
    const next = "sk-ant-oat01-PLANTESTrenewed00000000000000000000000";
    const result = plan(state, {
      provider: "anthropic",
      choice: "token",
      secret: next,
      store: "profile",
      profileId: "anthropic:manual",
    });
    expect(result.existing).toMatchObject({ state: "broken", reason: "it expires in 2h" });
  });

  it("a setup-token pasted by hand becomes anthropic:claude-cli with config mode oauth", () => {
    const { store, config } = filesAfter(
      {},
      {
        provider: "anthropic",
        choice: "setup-token",
        secret: CLAUDE,
        store: "profile",
        profileId: "anthropic:claude-cli",
      },
    );
    expect(store.profiles["anthropic:claude-cli"]).toEqual({ type: "token", provider: "anthropic", token: CLAUDE });
    expect(config.auth.profiles["anthropic:claude-cli"]).toEqual({ provider: "anthropic", mode: "oauth" });
  });

  it("a setup-token is stored with the lifetime it was given, whatever login Claude Code holds", () => {
    const state = {
      claudeCode: {
        claudeAiOauth: {
          accessToken: "sk-ant-oat01-PLANTESTlogin000000000000000000000000",
          refreshToken: "sk-ant-ort01-PLANTESTrefresh",
          expiresAt: NOW + 6 * 3600_000,
          scopes: [],
        },
      },
    };
    const { store, plan } = filesAfter(state, {
      provider: "anthropic",
      choice: "setup-token",
      secret: CLAUDE,
      store: "profile",
      profileId: "anthropic:claude-cli",
      expiresInMs: 365 * DAY,
    });
    expect(store.profiles["anthropic:claude-cli"]).toEqual({
      type: "token",
      provider: "anthropic",
      token: CLAUDE,
      expires: NOW + 365 * DAY,
    });
    expect(plan.expires).toBe(NOW + 365 * DAY);
  });
});
