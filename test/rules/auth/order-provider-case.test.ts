import { parse } from "jsonc-parser";
import { describe, expect, it } from "vitest";
import rule from "../../../rules/auth/order-provider-case.js";
import { applyOpsToFile } from "../../../src/engine/file-ops.js";
import { agentStorePath } from "../../../src/paths.js";
import { TEST_PATHS } from "../../support/state.js";
import { check, ruleTable, store } from "../table.js";

const KEY = { type: "api_key", provider: "openai", key: "sk-proj-TESTKEYTESTKEYTESTKEY" };
const config = TEST_PATHS.configPath;
const mainStore = agentStorePath(TEST_PATHS, "main");
const edit = (file: string) => `\${EDITOR:-vi} ${file.replace(TEST_PATHS.home, "~")}`;

ruleTable(rule, {
  valid: [
    {
      name: "lower-case keys",
      state: {
        config: { auth: { order: { openai: ["openai:default"], "open-router": [] } } },
        stores: { main: store({ "openai:default": KEY }, { order: { openai: ["openai:default"] } }) },
      },
    },
    {
      name: "a key whose value is not a list is config/invalid's",
      state: { config: { auth: { order: { OpenAI: "openai:default" } } } },
    },
    { name: "no order at all", state: { config: {} } },
  ],
  invalid: [
    {
      name: "a config key written OpenAI: renamed (safe)",
      state: { config: { auth: { order: { OpenAI: ["openai:work", "openai:default"] } } } },
      findings: [
        {
          message:
            'auth.order.OpenAI: provider ids are lower-case; this is the order of openai, write the key as "openai"',
          subject: { file: config, path: ["auth", "order", "OpenAI"], provider: "openai" },
          fix: {
            title: "rename auth.order.OpenAI to auth.order.openai",
            ops: [
              {
                kind: "json-set",
                file: config,
                path: ["auth", "order", "openai"],
                value: ["openai:work", "openai:default"],
              },
              { kind: "json-set", file: config, path: ["auth", "order", "OpenAI"], value: undefined },
            ],
          },
        },
      ],
    },
    {
      name: "an agent store key written ANTHROPIC",
      state: { stores: { main: store({}, { order: { ANTHROPIC: ["anthropic:default"] } }) } },
      findings: [
        {
          message:
            'order.ANTHROPIC (agent main): provider ids are lower-case; this is the order of anthropic, write the key as "anthropic"',
          subject: { file: mainStore, path: ["order", "ANTHROPIC"], provider: "anthropic", agentId: "main" },
          fix: {
            title: "rename order.ANTHROPIC (agent main) to order.anthropic",
            ops: [
              { kind: "json-set", file: mainStore, path: ["order", "anthropic"], value: ["anthropic:default"] },
              { kind: "json-set", file: mainStore, path: ["order", "ANTHROPIC"], value: undefined },
            ],
          },
        },
      ],
    },
    {
      name: "two keys for one provider: the lower-case one is used, nothing is renamed",
      state: { config: { auth: { order: { OpenAI: ["openai:work"], openai: ["openai:default"] } } } },
      findings: [
        {
          message:
            'auth.order has 2 keys for openai ("OpenAI", "openai"): "openai" is used, "OpenAI" ignored; keep one list, under "openai"',
          subject: { file: config, path: ["auth", "order", "OpenAI"], provider: "openai" },
          advice: [edit(config)],
        },
      ],
    },
    {
      name: "two keys, neither lower-case: the first in the file is used",
      state: { config: { auth: { order: { OPENAI: ["openai:work"], OpenAI: ["openai:default"] } } } },
      findings: [
        {
          message:
            'auth.order has 2 keys for openai ("OPENAI", "OpenAI"): "OPENAI" is used, "OpenAI" ignored; keep one list, under "openai"',
          subject: { file: config, path: ["auth", "order", "OpenAI"], provider: "openai" },
          advice: [edit(config)],
        },
      ],
    },
  ],
});

describe("auth/order-provider-case fix", () => {
  it("keeps the config's comments and clears the finding once applied", () => {
    const text = `{
  // work key first
  "auth": { "order": { "OpenAI": ["openai:work", "openai:default"] } },
}
`;
    const ops = check(rule, { name: "", state: { config: text } }).flatMap((finding) => finding.fix!.ops);
    const fixed = applyOpsToFile(text, ops).text!;
    expect(fixed).toContain("// work key first");
    expect(parse(fixed)).toEqual({ auth: { order: { openai: ["openai:work", "openai:default"] } } });
    expect(check(rule, { name: "", state: { config: fixed } })).toEqual([]);
  });
});
