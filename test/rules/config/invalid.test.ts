import rule from "../../../rules/config/invalid.js";
import { TEST_PATHS } from "../../support/state.js";
import type { RuleFinding } from "../../../src/types.js";
import { ruleTable } from "../table.js";

const FILE = TEST_PATHS.configPath;
const EDIT = ["${EDITOR:-vi} ~/.clawdia/clawdia.json", "clawdia doctor"];
const schemaError = (path: (string | number)[], message: string) => ({
  message,
  subject: { file: FILE, path },
  advice: EDIT,
});
const unknownKey = (path: string[]): RuleFinding => ({
  severity: "info",
  message: `${path.join(".")}: unknown key, kept as it is`,
  subject: { file: FILE, path },
});

const DESIGN_EXAMPLE = `{
  // the example of DESIGN.md §1, with a trailing comma
  "meta": { "lastTouchedVersion": "2026.11.0", "lastTouchedAt": "2026-11-24T10:00:00Z" },
  "agents": { "list": [ { "id": "main", "default": true }, { "id": "work", "model": "x" } ], "defaults": {} },
  "models": { "default": "anthropic/claude-opus-4-5", "aliases": { "opus": "anthropic/claude-opus-4-5" }, "providers": {} },
  "auth": {
    "profiles": { "anthropic:claude-cli": { "provider": "anthropic", "mode": "oauth", "email": "a@b.c" },
                  "anthropic:default":    { "provider": "anthropic", "mode": "api_key" } },
    "order": { "anthropic": ["anthropic:claude-cli", "anthropic:default"] },
    "expiryWarnHours": 24,
  },
  "env": { "shellEnv": { "enabled": false, "timeoutMs": 15000 }, "vars": { "OPENROUTER_API_KEY": "sk-or-v1-x" } },
  "gateway": { "port": 18789 },
  "channels": []
}
`;

ruleTable(rule, {
  valid: [
    { name: "no config", state: {} },
    {
      name: "the documented config, with comments, trailing commas and the gateway's keys",
      state: { config: DESIGN_EXAMPLE },
    },
    { name: "an empty object", state: { config: {} } },
    { name: "expiryWarnHours 0", state: { config: { auth: { expiryWarnHours: 0 } } } },
  ],
  invalid: [
    {
      name: "broken JSON, with line and column",
      state: { config: '{\n  "auth": {\n    "expiryWarnHours": 24\n    "order": {}\n  }\n}\n' },
      findings: [
        {
          message: "~/.clawdia/clawdia.json:4:5: comma expected",
          subject: { file: FILE, line: 4, column: 5 },
          advice: EDIT,
        },
      ],
    },
    {
      name: "an empty file",
      state: { config: " \n" },
      findings: [{ message: "~/.clawdia/clawdia.json: the file is empty", subject: { file: FILE }, advice: EDIT }],
    },
    {
      name: "an unreadable file",
      state: { config: {} },
      raw: (raw) =>
        (raw.config = { path: FILE, status: "unreadable", mode: 0o600, error: "permission denied (EACCES)" }),
      findings: [
        {
          message: "~/.clawdia/clawdia.json could not be read: permission denied (EACCES)",
          subject: { file: FILE },
          advice: ['sudo chown "$(id -un)" ~/.clawdia/clawdia.json', "chmod 600 ~/.clawdia/clawdia.json"],
        },
      ],
    },
    {
      name: "a directory where the config should be",
      state: {},
      raw: (raw) => (raw.config = { path: FILE, status: "not-a-file", mode: 0o700, error: "it is not a regular file" }),
      findings: [
        {
          message: "~/.clawdia/clawdia.json could not be read: it is not a regular file",
          subject: { file: FILE },
          advice: ["ls -ld ~/.clawdia/clawdia.json"],
        },
      ],
    },
    {
      name: "not an object",
      state: { config: "[1, 2]" },
      findings: [schemaError([], "the top level: expected an object, got array")],
    },
    {
      name: "wrong types, each with its path",
      state: {
        config: {
          auth: {
            expiryWarnHours: "24",
            order: { anthropic: "anthropic:default" },
            profiles: { "anthropic:x": { provider: 1, mode: "apikey" } },
          },
          env: { shellEnv: { enabled: "yes", timeoutMs: 1.5 }, vars: { OPENROUTER_API_KEY: 42 } },
          models: { default: ["x"], aliases: { fast: null } },
          meta: "2026",
        },
      },
      findings: [
        schemaError(["meta"], "meta: expected an object, got string"),
        schemaError(["models", "default"], "models.default: expected a string, got array"),
        schemaError(["models", "aliases", "fast"], "models.aliases.fast: expected a string, got null"),
        schemaError(
          ["auth", "profiles", "anthropic:x", "provider"],
          'auth.profiles["anthropic:x"].provider: expected a string, got number',
        ),
        schemaError(
          ["auth", "profiles", "anthropic:x", "mode"],
          'auth.profiles["anthropic:x"].mode: expected one of "api_key", "oauth", "token"',
        ),
        schemaError(["auth", "order", "anthropic"], "auth.order.anthropic: expected an array, got string"),
        schemaError(["auth", "expiryWarnHours"], "auth.expiryWarnHours: expected a number, got string"),
        schemaError(["env", "shellEnv", "enabled"], "env.shellEnv.enabled: expected true or false, got string"),
        schemaError(["env", "shellEnv", "timeoutMs"], "env.shellEnv.timeoutMs: expected a whole number"),
        schemaError(
          ["env", "vars", "OPENROUTER_API_KEY"],
          "env.vars.OPENROUTER_API_KEY: expected a string, got number",
        ),
      ],
    },
    {
      name: "numbers out of range",
      state: { config: { auth: { expiryWarnHours: -1 }, env: { shellEnv: { timeoutMs: 0 } } } },
      findings: [
        schemaError(["auth", "expiryWarnHours"], "auth.expiryWarnHours: expected a number >= 0"),
        schemaError(["env", "shellEnv", "timeoutMs"], "env.shellEnv.timeoutMs: expected a number > 0"),
      ],
    },
    {
      // Duplicates and defaults are only checked once every id is valid.
      name: "agent ids: unsafe, missing",
      state: {
        config: {
          agents: {
            list: [{ id: "../evil" }, { default: true }, { id: "main", default: true }, { id: "main", default: true }],
          },
        },
      },
      findings: [
        schemaError(
          ["agents", "list", 0, "id"],
          'agents.list[0].id: expected letters, digits, ".", "_" and "-", starting with a letter or digit',
        ),
        schemaError(["agents", "list", 1, "id"], "agents.list[1].id: missing, expected a string"),
      ],
    },
    {
      name: "duplicate agent ids and two defaults",
      state: {
        config: { agents: { list: [{ id: "main", default: true }, { id: "work", default: true }, { id: "main" }] } },
      },
      findings: [
        schemaError(
          ["agents", "list", 1, "default"],
          'agents.list[1].default: only one agent can be the default ("main" is used)',
        ),
        schemaError(["agents", "list", 2, "id"], 'agents.list[2].id: duplicate agent id "main"'),
      ],
    },
    {
      name: "unknown keys in owned sections are info; the gateway's top-level keys are not reported",
      state: {
        config: {
          auth: { expiryWarnHour: 12 },
          env: { shell: true },
          meta: { note: "x" },
          gateway: { port: 1 },
          agents: { defaults: {} },
        },
      },
      findings: [unknownKey(["meta", "note"]), unknownKey(["auth", "expiryWarnHour"]), unknownKey(["env", "shell"])],
    },
  ],
});
