import { describe, expect, it } from "vitest";
import rule from "../../../rules/auth/order-unknown-profile.js";
import { applyOpsToFile } from "../../../src/engine/file-ops.js";
import { agentStorePath } from "../../../src/paths.js";
import { TEST_PATHS } from "../../support/state.js";
import { check, ruleTable, store } from "../table.js";

const KEY = { type: "api_key", provider: "anthropic", key: "sk-ant-api03-TESTKEYTESTKEYTESTKEY" };
const configProfiles = { "anthropic:claude-cli": { provider: "anthropic", mode: "oauth" } };
const mainStore = agentStorePath(TEST_PATHS, "main");

ruleTable(rule, {
  valid: [
    {
      name: "config order naming config and store profiles",
      state: {
        config: {
          auth: { profiles: configProfiles, order: { anthropic: ["anthropic:claude-cli", "anthropic:default"] } },
        },
        stores: { main: store({ "anthropic:default": KEY }) },
      },
    },
    {
      name: "store order naming its own profiles",
      state: { stores: { main: store({ "anthropic:default": KEY }, { order: { anthropic: ["anthropic:default"] } }) } },
    },
    {
      name: "an order that is not a list is config/invalid's",
      state: { config: { auth: { order: { anthropic: "anthropic:gone" } } } },
    },
  ],
  invalid: [
    {
      name: "config order with one unknown id",
      state: {
        config: {
          auth: { profiles: configProfiles, order: { anthropic: ["anthropic:gone", "anthropic:claude-cli"] } },
        },
      },
      findings: [
        {
          message: "auth.order.anthropic names a profile that does not exist: anthropic:gone",
          subject: { file: TEST_PATHS.configPath, path: ["auth", "order", "anthropic"], provider: "anthropic" },
          fix: {
            title: "drop unknown ids from auth.order.anthropic",
            ops: [
              {
                kind: "json-set",
                file: TEST_PATHS.configPath,
                path: ["auth", "order", "anthropic"],
                value: ["anthropic:claude-cli"],
              },
            ],
          },
        },
      ],
    },
    {
      name: "config order naming only unknown ids is removed, not emptied",
      state: { config: { auth: { order: { "open-router": ["a", "b"] } } } },
      findings: [
        {
          message: 'auth.order["open-router"] names profiles that do not exist: a, b',
          subject: { file: TEST_PATHS.configPath, path: ["auth", "order", "open-router"], provider: "open-router" },
          fix: {
            title: 'remove auth.order["open-router"], which names no existing profile',
            ops: [
              {
                kind: "json-set",
                file: TEST_PATHS.configPath,
                path: ["auth", "order", "open-router"],
                value: undefined,
              },
            ],
          },
        },
      ],
    },
    {
      name: "an order key in another case: the fix edits the list where auth/order-provider-case renames it",
      state: {
        config: {
          auth: { profiles: configProfiles, order: { Anthropic: ["anthropic:gone", "anthropic:claude-cli"] } },
        },
      },
      findings: [
        {
          message: "auth.order.Anthropic names a profile that does not exist: anthropic:gone",
          subject: { file: TEST_PATHS.configPath, path: ["auth", "order", "Anthropic"], provider: "Anthropic" },
          fix: {
            title: "drop unknown ids from auth.order.Anthropic",
            ops: [
              {
                kind: "json-set",
                file: TEST_PATHS.configPath,
                path: ["auth", "order", "anthropic"],
                value: ["anthropic:claude-cli"],
              },
              { kind: "json-set", file: TEST_PATHS.configPath, path: ["auth", "order", "Anthropic"], value: undefined },
            ],
          },
        },
      ],
    },
    {
      name: "a store order may only name that store's profiles",
      state: {
        config: { auth: { profiles: configProfiles } },
        stores: {
          main: store(
            { "anthropic:default": KEY },
            { order: { anthropic: ["anthropic:claude-cli", "anthropic:default"] } },
          ),
          work: store({}, { order: { anthropic: ["anthropic:default"] } }),
        },
      },
      findings: [
        {
          message: "order.anthropic (agent main) names a profile that does not exist: anthropic:claude-cli",
          subject: { file: mainStore, path: ["order", "anthropic"], provider: "anthropic", agentId: "main" },
          fix: {
            title: "drop unknown ids from order.anthropic (agent main)",
            ops: [{ kind: "json-set", file: mainStore, path: ["order", "anthropic"], value: ["anthropic:default"] }],
          },
        },
        {
          message: "order.anthropic (agent work) names a profile that does not exist: anthropic:default",
          subject: {
            file: agentStorePath(TEST_PATHS, "work"),
            path: ["order", "anthropic"],
            provider: "anthropic",
            agentId: "work",
          },
          fix: {
            title: "remove order.anthropic (agent work), which names no existing profile",
            ops: [
              {
                kind: "json-set",
                file: agentStorePath(TEST_PATHS, "work"),
                path: ["order", "anthropic"],
                value: undefined,
              },
            ],
          },
        },
      ],
    },
  ],
});

describe("auth/order-unknown-profile fixes", () => {
  it("keep the config's comments and clear the finding once applied", () => {
    const text = `{
  // which credential first
  "auth": { "order": { "anthropic": ["anthropic:gone", "anthropic:default"], "openai": ["x"] } },
}
`;
    const state = { config: text, stores: { main: store({ "anthropic:default": KEY }) } };
    const ops = check(rule, { name: "", state }).flatMap((finding) => finding.fix!.ops);
    const fixed = applyOpsToFile(text, ops).text!;
    expect(fixed).toContain("// which credential first");
    expect(fixed).not.toContain("anthropic:gone");
    expect(fixed).not.toContain('"openai"');
    expect(check(rule, { name: "", state: { ...state, config: fixed } })).toEqual([]);
  });
});
