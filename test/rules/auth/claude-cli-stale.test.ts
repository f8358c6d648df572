import { describe, expect, it } from "vitest";
import rule from "../../../rules/auth/claude-cli-stale.js";
import { planClaudeCliSync } from "../../../src/auth/claude-sync.js";
import { applyOpsToFile } from "../../../src/engine/file-ops.js";
import { agentStorePath } from "../../../src/paths.js";
import { DAY, HOUR, NOW, TEST_PATHS, snapshotOf, type TestState } from "../../support/state.js";
import type { FileOp, RuleFinding } from "../../../src/types.js";
import { ruleTable, store } from "../table.js";

const CLI_ACCESS = "sk-ant-oat01-CLIaccessCLIaccessCLIaccess";
const CLI_REFRESH = "sk-ant-ort01-CLIrefreshCLIrefresh";
const OLD = "sk-ant-oat01-OLDtokenOLDtokenOLDtoken";
const ID = "anthropic:claude-cli";
const mainStore = agentStorePath(TEST_PATHS, "main");
const workStore = agentStorePath(TEST_PATHS, "work");

/** Claude Code's credentials file: a setup-token, or OAuth when given a refresh token. */
const claude = (expiresAt?: number, refreshToken?: string) => ({
  claudeAiOauth: { accessToken: CLI_ACCESS, refreshToken, expiresAt, subscriptionType: "max" },
});
const cliToken = (expires: number) => ({ type: "token", provider: "anthropic", token: CLI_ACCESS, expires });
const oldToken = (expires?: number) => ({ type: "token", provider: "anthropic", token: OLD, expires });
const set = (file: string, path: (string | number)[], value: unknown): FileOp => ({
  kind: "json-set",
  file,
  path,
  value,
});
const configOp = set(TEST_PATHS.configPath, ["auth", "profiles", ID], { provider: "anthropic", mode: "oauth" });
const synced = { auth: { profiles: { [ID]: { provider: "anthropic", mode: "oauth" } } } };

const FILE = "~/.claude/.credentials.json";
/** A `claude setup-token` token as Claude Code's own docs have it exported. */
const ENV_TOKEN = ("sk-ant-oat01-ENVsetupToken" + "q9W_e3R-t5Y7".repeat(9)).slice(0, 106) + "AA";
const envToken = { type: "token", provider: "anthropic", token: ENV_TOKEN };
const login = (expiresAt: number) => ({
  type: "oauth",
  provider: "anthropic",
  access: CLI_ACCESS,
  refresh: CLI_REFRESH,
  expires: expiresAt,
});
const finding = (agentId: string, file: string, reason: string, ops: FileOp[], source = FILE): RuleFinding => ({
  message: `Claude Code's credential in ${source} is not synced into agent ${agentId}: ${reason}`,
  subject: { agentId, profileId: ID, provider: "anthropic", file, path: ["profiles", ID] },
  advice: ["clawdia models status"],
  fix: { title: `sync Claude Code credentials into agent ${agentId} (${reason}) from ${source}`, safety: "safe", ops },
});

ruleTable(rule, {
  valid: [
    { name: "no Claude Code credentials", state: { stores: { main: store({}) } } },
    {
      name: "equal: the same access token",
      state: { claudeCode: claude(NOW + 300 * DAY), stores: { main: store({ [ID]: cliToken(NOW + DAY) }) } },
    },
    {
      name: "never replace oauth with a token, even a later one",
      state: {
        claudeCode: claude(NOW + 300 * DAY),
        stores: {
          main: store({
            [ID]: {
              type: "oauth",
              provider: "anthropic",
              access: OLD,
              refresh: "sk-ant-ort01-OLD",
              expires: NOW - HOUR,
            },
          }),
        },
      },
    },
    {
      name: "the profile expires later than Claude Code's",
      state: { claudeCode: claude(NOW + DAY), stores: { main: store({ [ID]: oldToken(NOW + 2 * DAY) }) } },
    },
    {
      name: "both expired, Claude Code's earlier",
      state: { claudeCode: claude(NOW - 2 * HOUR), stores: { main: store({ [ID]: oldToken(NOW - HOUR) }) } },
    },
    {
      name: "a fresh year-long setup-token is kept over Claude Code's 6h login",
      state: {
        claudeCode: claude(NOW + 6 * HOUR, CLI_REFRESH),
        config: synced,
        stores: { main: store({ [ID]: oldToken(NOW + 365 * DAY) }) },
      },
    },
    {
      name: "an equal token from CLAUDE_CODE_OAUTH_TOKEN",
      state: { env: { CLAUDE_CODE_OAUTH_TOKEN: ENV_TOKEN }, stores: { main: store({ [ID]: envToken }) } },
    },
    {
      name: "an invalid CLAUDE_CODE_OAUTH_TOKEN imports nothing, and the file behind it is not read",
      state: {
        env: { CLAUDE_CODE_OAUTH_TOKEN: "sk-ant-oat01-with a space" },
        claudeCode: claude(NOW + 300 * DAY),
        stores: { main: store({}) },
      },
    },
    {
      name: "a store that does not parse is skipped",
      state: { claudeCode: claude(NOW + DAY), stores: { main: "{ not json" } },
    },
    {
      name: "a store that is not an object is skipped",
      state: { claudeCode: claude(NOW + DAY), stores: { main: "[]" } },
    },
    {
      name: "a store that is not a regular file is skipped",
      state: { claudeCode: claude(NOW + DAY), stores: { main: store({}) } },
      raw: (raw) =>
        raw.stores.set("main", { path: mainStore, status: "not-a-file", error: "it is not a regular file" }),
    },
  ],
  invalid: [
    {
      name: "absent: no state at all, the default agent gets a new store (no config is created)",
      state: { claudeCode: claude(NOW + 300 * DAY) },
      findings: [
        finding("main", mainStore, `${ID} is absent`, [
          set(mainStore, ["version"], 1),
          set(mainStore, ["profiles", ID], cliToken(NOW + 300 * DAY)),
        ]),
      ],
    },
    {
      name: "absent in a store without a version; the config gains the profile",
      state: { claudeCode: claude(NOW + 300 * DAY), config: { models: {} }, stores: { main: { profiles: {} } } },
      findings: [
        finding("main", mainStore, `${ID} is absent`, [
          set(mainStore, ["version"], 1),
          set(mainStore, ["profiles", ID], cliToken(NOW + 300 * DAY)),
          configOp,
        ]),
      ],
    },
    {
      name: "a profile with no credential; Claude Code's has no expiry",
      state: {
        claudeCode: claude(),
        config: synced,
        stores: { main: store({ [ID]: { type: "token", provider: "anthropic" } }) },
      },
      findings: [
        finding("main", mainStore, `${ID} has no credential`, [
          set(mainStore, ["profiles", ID], { type: "token", provider: "anthropic", token: CLI_ACCESS }),
        ]),
      ],
    },
    {
      name: "no expiry on either side: Claude Code's current token is taken",
      state: { claudeCode: claude(), config: synced, stores: { main: store({ [ID]: oldToken() }) } },
      findings: [
        finding("main", mainStore, "Claude Code now uses another token, and neither says when it expires", [
          set(mainStore, ["profiles", ID], { type: "token", provider: "anthropic", token: CLI_ACCESS }),
        ]),
      ],
    },
    {
      name: "expired: replaced by Claude Code's token",
      state: {
        claudeCode: claude(NOW + 300 * DAY),
        config: synced,
        stores: { main: store({ [ID]: oldToken(NOW - 2 * HOUR) }) },
      },
      findings: [
        finding("main", mainStore, `${ID} expired 2h ago`, [
          set(mainStore, ["profiles", ID], cliToken(NOW + 300 * DAY)),
        ]),
      ],
    },
    {
      name: "later: Claude Code's token outlives the profile's",
      state: {
        claudeCode: claude(NOW + 300 * DAY),
        config: synced,
        stores: { main: store({ [ID]: oldToken(NOW + 2 * HOUR) }) },
      },
      findings: [
        finding("main", mainStore, `Claude Code's credential expires in 300d, ${ID} expires in 2h`, [
          set(mainStore, ["profiles", ID], cliToken(NOW + 300 * DAY)),
        ]),
      ],
    },
    {
      name: "oauth replaces oauth when it expires later, refresh token and all",
      state: {
        claudeCode: claude(NOW + 8 * HOUR, CLI_REFRESH),
        config: synced,
        stores: {
          main: store({
            [ID]: {
              type: "oauth",
              provider: "anthropic",
              access: OLD,
              refresh: "sk-ant-ort01-OLD",
              expires: NOW + HOUR,
            },
          }),
        },
      },
      findings: [
        finding("main", mainStore, `Claude Code's credential expires in 8h, ${ID} expires in 1h`, [
          set(mainStore, ["profiles", ID], {
            type: "oauth",
            provider: "anthropic",
            access: CLI_ACCESS,
            refresh: CLI_REFRESH,
            expires: NOW + 8 * HOUR,
          }),
        ]),
      ],
    },
    {
      name: "CLAUDE_CODE_OAUTH_TOKEN goes in as a static token with no expiry, and the source is named",
      state: { env: { CLAUDE_CODE_OAUTH_TOKEN: ENV_TOKEN }, config: synced, stores: { main: store({}) } },
      findings: [
        finding(
          "main",
          mainStore,
          `${ID} is absent`,
          [set(mainStore, ["profiles", ID], envToken)],
          "CLAUDE_CODE_OAUTH_TOKEN",
        ),
      ],
    },
    {
      name: "CLAUDE_CODE_OAUTH_TOKEN comes before the credentials file",
      state: {
        env: { CLAUDE_CODE_OAUTH_TOKEN: ENV_TOKEN },
        claudeCode: claude(NOW + 300 * DAY, CLI_REFRESH),
        config: synced,
        stores: { main: store({}) },
      },
      findings: [
        finding(
          "main",
          mainStore,
          `${ID} is absent`,
          [set(mainStore, ["profiles", ID], envToken)],
          "CLAUDE_CODE_OAUTH_TOKEN",
        ),
      ],
    },
    {
      name: "an empty CLAUDE_CODE_OAUTH_TOKEN counts as unset: the file is used",
      state: {
        env: { CLAUDE_CODE_OAUTH_TOKEN: "" },
        claudeCode: claude(NOW + 300 * DAY),
        config: synced,
        stores: { main: store({}) },
      },
      findings: [
        finding("main", mainStore, `${ID} is absent`, [set(mainStore, ["profiles", ID], cliToken(NOW + 300 * DAY))]),
      ],
    },
    {
      name: "the Keychain item is named as the source",
      state: { config: synced, stores: { main: store({}) } },
      raw: (raw) =>
        (raw.claudeCode = {
          source: "keychain",
          location: 'Keychain item "Claude Code-credentials"',
          text: JSON.stringify(claude(NOW + 300 * DAY)),
        }),
      findings: [
        finding(
          "main",
          mainStore,
          `${ID} is absent`,
          [set(mainStore, ["profiles", ID], cliToken(NOW + 300 * DAY))],
          'Keychain item "Claude Code-credentials"',
        ),
      ],
    },
    {
      name: "a token expiring in 1h gives way to Claude Code's refreshable login (issue 15, case 6)",
      state: {
        claudeCode: claude(NOW + 30 * 60_000, CLI_REFRESH),
        config: synced,
        stores: { main: store({ [ID]: oldToken(NOW + HOUR) }) },
      },
      findings: [
        finding(
          "main",
          mainStore,
          `${ID} expires in 1h (within the 24h warning window) and Claude Code's credential is refreshable`,
          [set(mainStore, ["profiles", ID], login(NOW + 30 * 60_000))],
        ),
      ],
    },
    {
      name: "the warning window is auth.expiryWarnHours",
      state: {
        claudeCode: claude(NOW + 6 * HOUR, CLI_REFRESH),
        config: { auth: { ...synced.auth, expiryWarnHours: 72 } },
        stores: { main: store({ [ID]: oldToken(NOW + 2 * DAY) }) },
      },
      findings: [
        finding(
          "main",
          mainStore,
          `${ID} expires in 2d (within the 72h warning window) and Claude Code's credential is refreshable`,
          [set(mainStore, ["profiles", ID], login(NOW + 6 * HOUR))],
        ),
      ],
    },
    {
      name: "several agents: a broken store is skipped, the others synced",
      state: {
        claudeCode: claude(NOW + 300 * DAY),
        config: { agents: { list: [{ id: "main", default: true }, { id: "work" }, { id: "broken" }] } },
        stores: { main: store({ [ID]: cliToken(NOW + 300 * DAY) }), broken: '{ "version": 1, ' },
      },
      findings: [
        finding("work", workStore, `${ID} is absent`, [
          set(workStore, ["version"], 1),
          set(workStore, ["profiles", ID], cliToken(NOW + 300 * DAY)),
          configOp,
        ]),
      ],
    },
  ],
});

describe("planClaudeCliSync", () => {
  const plan = (state: TestState) => planClaudeCliSync(snapshotOf(state), NOW);

  it("is empty without Claude Code credentials", () => {
    expect(plan({ stores: { main: store({ [ID]: oldToken(NOW - DAY) }) } })).toEqual([]);
  });

  it("writes a valid store from nothing, and is a no-op once applied", () => {
    const [first] = plan({ claudeCode: claude(NOW + DAY) });
    const text = applyOpsToFile(undefined, first.ops).text!;
    expect(JSON.parse(text)).toEqual({ version: 1, profiles: { [ID]: cliToken(NOW + DAY) } });
    expect(plan({ claudeCode: claude(NOW + DAY), stores: { main: text } })).toEqual([]);
  });

  it("keeps the rest of the store and of the config", () => {
    const state = {
      claudeCode: claude(NOW + DAY),
      config: '{\n  // mine\n  "gateway": { "port": 1 },\n}\n',
      stores: {
        main: store(
          { "anthropic:default": { type: "api_key", provider: "anthropic", key: "sk-ant-api03-K" } },
          { lastGood: { anthropic: "anthropic:default" } },
        ),
      },
    };
    const [only] = plan(state);
    const storeOps = only.ops.filter((op) => op.file === mainStore);
    const configOps = only.ops.filter((op) => op.file === TEST_PATHS.configPath);
    const newStore = JSON.parse(applyOpsToFile(JSON.stringify(state.stores.main), storeOps).text!);
    expect(Object.keys(newStore.profiles)).toEqual(["anthropic:default", ID]);
    expect(newStore.lastGood).toEqual({ anthropic: "anthropic:default" });
    const newConfig = applyOpsToFile(state.config, configOps).text!;
    expect(newConfig).toContain("// mine");
    expect(newConfig).toContain('"port": 1');
    expect(snapshotOf({ config: newConfig }).configView.profiles[ID]).toEqual({ provider: "anthropic", mode: "oauth" });
  });

  it("leaves a config that does not parse alone", () => {
    const [only] = plan({ claudeCode: claude(NOW + DAY), config: "{ oops" });
    expect(only.ops.map((op) => op.file)).toEqual([mainStore, mainStore]);
  });

  it("does not sync an expired token over an expired profile it does not outlive", () => {
    expect(plan({ claudeCode: claude(NOW - DAY), stores: { main: store({ [ID]: oldToken(NOW - HOUR) }) } })).toEqual(
      [],
    );
  });
});
