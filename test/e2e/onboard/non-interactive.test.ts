// `clawdia onboard --non-interactive`: the secret on stdin, a table of what each choice writes, a table
// of refusals (right exit code, nothing written), the JSON summary, idempotence, undo, and no planted
// secret anywhere in the output or the history.
import fs from "node:fs";
import { describe, expect, it } from "vitest";
import {
  DAY,
  NOW,
  history,
  parseStdout,
  read,
  readJson,
  sandbox,
  writeClaudeCredentials,
  writeJson,
  type Sandbox,
} from "../helpers.js";
import { expectNoSecrets, installLaunchdAgent, installSystemdUnit, tree } from "./helpers.js";

const KEY = "sk-ant-api03-ONBOARDnewkey0000000000000000000000000";
const OLD_KEY = "sk-ant-api03-ONBOARDoldkey0000000000000000000000000";
const CLAUDE = "sk-ant-oat01-ONBOARDclaude" + "0".repeat(80) + "AA"; // a setup-token is 108 characters
const LOGIN = "sk-ant-oat01-ONBOARDlogin" + "1".repeat(81) + "AA";
const OR_KEY = "sk-or-v1-ONBOARDrouter00000000000000000000000";
const OPENAI_KEY = "sk-proj-ONBOARDopenai000000000000000000000000";
const PLANTED = [KEY, OLD_KEY, CLAUDE, OR_KEY, OPENAI_KEY];

const onboard = (...args: string[]) => ["onboard", "--non-interactive", ...args];
const UID = process.getuid?.() ?? 501;

interface WriteCase {
  name: string;
  setup?: (box: Sandbox) => void;
  args: string[];
  input: string;
  code: 0 | 1;
  stdout: RegExp[];
  files: (box: Sandbox) => void;
  env?: Record<string, string>;
}

const writes: WriteCase[] = [
  {
    name: "an Anthropic API key on an empty machine without a daemon goes to the profile anthropic:default",
    args: onboard("--provider", "anthropic", "--auth-choice", "api-key"),
    input: KEY + "\n",
    code: 0,
    stdout: [
      /Stored sk-ant-api03-…0000 as anthropic:default \(agent main\)\./,
      /No gateway daemon is installed/,
      /✓ clawdia doctor finds no problem/,
    ],
    files: (box) => {
      expect(readJson(box.store())).toEqual({
        version: 1,
        profiles: { "anthropic:default": { type: "api_key", provider: "anthropic", key: KEY } },
      });
      expect(readJson(box.config)).toEqual({
        auth: { profiles: { "anthropic:default": { provider: "anthropic", mode: "api_key" } } },
      });
      expect(fs.existsSync(box.dotenv)).toBe(false);
    },
  },
  {
    name: "with a systemd unit installed, the key goes to <state>/.env and the restart command is printed",
    setup: installSystemdUnit,
    args: onboard("--provider", "anthropic", "--auth-choice", "api-key"),
    input: KEY,
    code: 0,
    stdout: [
      /Stored sk-ant-api03-…0000 as ANTHROPIC_API_KEY in ~\/\.clawdia\/\.env\./,
      /Restart the gateway so it reads the change: systemctl --user restart clawdia-gateway/,
    ],
    files: (box) => {
      expect(read(box.dotenv)).toBe(`ANTHROPIC_API_KEY=${KEY}\n`);
      expect(fs.statSync(box.dotenv).mode & 0o777).toBe(0o600);
      expect(fs.existsSync(box.store())).toBe(false);
    },
  },
  {
    name: "with a launchd agent (macOS), the restart command is launchctl's",
    setup: installLaunchdAgent,
    env: { CLAWDIA_TEST_PLATFORM: "darwin" },
    args: onboard("--provider", "anthropic", "--auth-choice", "api-key"),
    input: KEY,
    code: 0,
    stdout: [
      new RegExp(
        `Restart the gateway so it reads the change: launchctl kickstart -k gui/${UID}/ai\\.clawdia\\.gateway`,
      ),
    ],
    files: (box) => expect(read(box.dotenv)).toBe(`ANTHROPIC_API_KEY=${KEY}\n`),
  },
  {
    name: "--store dotenv keeps every other line of an existing .env",
    setup: (box) => {
      fs.mkdirSync(box.stateDir, { mode: 0o700 });
      fs.writeFileSync(box.dotenv, "# my keys\nexport OPENAI_API_KEY=sk-proj-keep # work\n", { mode: 0o600 });
    },
    args: onboard("--provider", "anthropic", "--auth-choice", "api-key", "--store", "dotenv"),
    input: KEY,
    code: 0,
    stdout: [/ANTHROPIC_API_KEY in ~\/\.clawdia\/\.env/],
    files: (box) =>
      expect(read(box.dotenv)).toBe(`# my keys\nexport OPENAI_API_KEY=sk-proj-keep # work\nANTHROPIC_API_KEY=${KEY}\n`),
  },
  {
    name: "an OpenAI key for a gateway whose default model is OpenAI",
    setup: (box) => writeJson(box.config, { models: { default: "openai/gpt-5" } }),
    args: onboard("--provider", "openai", "--auth-choice", "api-key", "--store", "dotenv"),
    input: OPENAI_KEY,
    code: 0,
    stdout: [/openai: ok, uses ~\/\.clawdia\/\.env OPENAI_API_KEY \(sk-proj-…0000\)/],
    files: (box) => expect(read(box.dotenv)).toBe(`OPENAI_API_KEY=${OPENAI_KEY}\n`),
  },
  {
    name: "a pasted OpenRouter token with an expiry; Anthropic (the default model) still has nothing: exit 1",
    args: onboard("--provider", "openrouter", "--auth-choice", "token", "--expires-in", "30d"),
    input: OR_KEY,
    code: 1,
    stdout: [
      /Stored sk-or-v1-…0000 as openrouter:manual \(agent main\); expires in 30d\./,
      /✖ No credentials found for anthropic/,
    ],
    files: (box) => {
      expect(readJson(box.store()).profiles["openrouter:manual"]).toEqual({
        type: "token",
        provider: "openrouter",
        token: OR_KEY,
        expires: NOW + 30 * DAY,
      });
      expect(readJson(box.config).auth.profiles["openrouter:manual"]).toEqual({
        provider: "openrouter",
        mode: "token",
      });
    },
  },
  {
    name: "a setup-token on stdin becomes anthropic:claude-cli with config mode oauth",
    args: onboard("--provider", "anthropic", "--auth-choice", "setup-token", "--expires-in", "365d"),
    input: CLAUDE,
    code: 0,
    stdout: [/Stored sk-ant-oat01-…00AA as anthropic:claude-cli \(agent main\); expires in 365d\./],
    files: (box) => {
      expect(readJson(box.store()).profiles["anthropic:claude-cli"]).toEqual({
        type: "token",
        provider: "anthropic",
        token: CLAUDE,
        expires: NOW + 365 * DAY,
      });
      expect(readJson(box.config).auth.profiles["anthropic:claude-cli"]).toEqual({
        provider: "anthropic",
        mode: "oauth",
      });
    },
  },
  {
    name: "a setup-token without --expires-in is stored with the year Claude Code gives it",
    args: onboard("--provider", "anthropic", "--auth-choice", "setup-token"),
    input: CLAUDE,
    code: 0,
    stdout: [/Stored sk-ant-oat01-…00AA as anthropic:claude-cli \(agent main\); expires in 365d\./],
    files: (box) =>
      expect(readJson(box.store()).profiles["anthropic:claude-cli"]).toEqual({
        type: "token",
        provider: "anthropic",
        token: CLAUDE,
        expires: NOW + 365 * DAY,
      }),
  },
  {
    name: "a setup-token with Claude Code logged in stores the token given, never the login",
    setup: (box) =>
      writeClaudeCredentials(box.home, {
        accessToken: LOGIN,
        refreshToken: "sk-ant-ort01-ONBOARDrefresh",
        expiresAt: NOW + 6 * 3600_000,
      }),
    args: onboard("--provider", "anthropic", "--auth-choice", "setup-token"),
    input: CLAUDE,
    code: 0,
    stdout: [/Stored sk-ant-oat01-…00AA as anthropic:claude-cli/],
    files: (box) => {
      expect(readJson(box.store()).profiles["anthropic:claude-cli"]).toEqual({
        type: "token",
        provider: "anthropic",
        token: CLAUDE,
        expires: NOW + 365 * DAY,
      });
      expect(read(box.store())).not.toContain(LOGIN);
    },
  },
  {
    name: "the doctor's advice for a Claude Code token stored as an api_key profile works, and clears the error",
    setup: (box) => {
      writeJson(box.config, {
        auth: { profiles: { "anthropic:default": { provider: "anthropic", mode: "api_key" } } },
      });
      writeJson(box.store(), {
        version: 1,
        profiles: { "anthropic:default": { type: "api_key", provider: "anthropic", key: CLAUDE } },
        usageStats: {
          "anthropic:default": {
            errorCount: 2,
            lastError:
              "This credential is only authorized for use with Claude Code and cannot be used for other API requests.",
          },
        },
      });
    },
    args: onboard(
      "--provider",
      "anthropic",
      "--auth-choice",
      "api-key",
      "--store",
      "profile",
      "--profile-id",
      "anthropic:default",
    ),
    input: KEY,
    code: 0,
    stdout: [
      /Stored sk-ant-api03-…0000 as anthropic:default \(agent main\), replacing sk-ant-oat01-…00AA \(the key is a Claude Code OAuth/,
      /error counts and cooldown recorded for the old credential/,
    ],
    files: (box) => {
      const store = readJson(box.store());
      expect(store.profiles["anthropic:default"]).toEqual({ type: "api_key", provider: "anthropic", key: KEY });
      expect(store.usageStats).toEqual({});
    },
  },
  {
    name: "the doctor's advice for a profile of another provider (router:main) works",
    setup: (box) => {
      writeJson(box.config, {
        models: { default: "openrouter/x/y" },
        auth: { profiles: { "router:main": { provider: "openrouter", mode: "api_key" } } },
      });
      writeJson(box.store(), {
        version: 1,
        profiles: { "router:main": { type: "api_key", provider: "anthropic", key: OLD_KEY } },
      });
    },
    args: onboard(
      "--provider",
      "openrouter",
      "--auth-choice",
      "api-key",
      "--store",
      "profile",
      "--profile-id",
      "router:main",
    ),
    input: OR_KEY,
    code: 0,
    stdout: [/replacing sk-ant-api03-…0000 \(it holds a credential for anthropic\)/],
    files: (box) =>
      expect(readJson(box.store()).profiles["router:main"]).toEqual({
        type: "api_key",
        provider: "openrouter",
        key: OR_KEY,
      }),
  },
  {
    name: "an API key profile next to Claude Code's: auth.order puts the new one first",
    setup: (box) => writeClaudeCredentials(box.home, { accessToken: CLAUDE, expiresAt: NOW + 300 * DAY }),
    args: onboard("--provider", "anthropic", "--auth-choice", "api-key", "--store", "profile"),
    input: KEY,
    code: 0,
    stdout: [
      /auth\.order\.anthropic becomes anthropic:default → anthropic:claude-cli/,
      /anthropic: ok, uses profile anthropic:default/,
    ],
    files: (box) =>
      expect(readJson(box.config).auth.order).toEqual({ anthropic: ["anthropic:default", "anthropic:claude-cli"] }),
  },
];

describe("onboard --non-interactive writes", () => {
  it.each(writes)("$name", (testCase) => {
    const box = sandbox();
    testCase.setup?.(box);
    const result = box.run(testCase.args, { input: testCase.input, env: testCase.env });
    expect(result.stderr).toBe("");
    for (const pattern of testCase.stdout) expect(result.stdout).toMatch(pattern);
    expect(result.code).toBe(testCase.code);
    testCase.files(box);
    const runs = history(box.stateDir).filter((entry) => entry.command === "onboard");
    expect(runs).toHaveLength(1);
    expectNoSecrets(box, [result.stdout, result.stderr], PLANTED);
  });
});

interface RefusalCase {
  name: string;
  setup?: (box: Sandbox) => void;
  args: string[];
  input?: string;
  code: 1 | 64;
  stderr: RegExp;
}

const refusals: RefusalCase[] = [
  {
    name: "no --provider",
    args: onboard("--auth-choice", "api-key"),
    code: 64,
    stderr: /--non-interactive needs --provider/,
  },
  {
    name: "no --auth-choice",
    args: onboard("--provider", "anthropic"),
    code: 64,
    stderr: /--non-interactive needs --auth-choice/,
  },
  {
    name: "an unknown --auth-choice",
    args: onboard("--provider", "anthropic", "--auth-choice", "password"),
    code: 64,
    stderr: /Allowed choices are api-key, setup-token, token/,
  },
  {
    name: "an unknown --store",
    args: onboard("--provider", "anthropic", "--auth-choice", "api-key", "--store", "vault"),
    code: 64,
    stderr: /Allowed choices are dotenv, profile/,
  },
  {
    name: "an unknown provider",
    args: onboard("--provider", "nosuch", "--auth-choice", "api-key"),
    input: KEY,
    code: 64,
    stderr: /unknown provider "nosuch"/,
  },
  {
    name: "a token in .env",
    args: onboard("--provider", "openrouter", "--auth-choice", "token", "--store", "dotenv"),
    input: OR_KEY,
    code: 64,
    stderr: /--store dotenv is for API keys/,
  },
  {
    name: "--profile-id with --store dotenv",
    args: onboard(
      "--provider",
      "anthropic",
      "--auth-choice",
      "api-key",
      "--store",
      "dotenv",
      "--profile-id",
      "anthropic:x",
    ),
    code: 64,
    stderr: /--profile-id names a profile/,
  },
  {
    name: "--expires-in for an API key",
    args: onboard("--provider", "anthropic", "--auth-choice", "api-key", "--expires-in", "30d"),
    code: 64,
    stderr: /API keys do not expire/,
  },
  {
    name: "a bad --expires-in",
    args: onboard("--provider", "openrouter", "--auth-choice", "token", "--expires-in", "soon"),
    code: 64,
    stderr: /not a duration/,
  },
  {
    name: "a setup-token for OpenRouter",
    args: onboard("--provider", "openrouter", "--auth-choice", "setup-token"),
    code: 64,
    stderr: /setup-token is for --provider anthropic only/,
  },
  {
    name: "a profile id of another provider",
    args: onboard("--provider", "anthropic", "--auth-choice", "api-key", "--profile-id", "openrouter:x"),
    input: KEY,
    code: 64,
    stderr: /--profile-id must be "anthropic:<name>"/,
  },
  {
    name: "an API key as anthropic:claude-cli",
    args: onboard("--provider", "anthropic", "--auth-choice", "api-key", "--profile-id", "anthropic:claude-cli"),
    input: KEY,
    code: 64,
    stderr: /holds Claude Code's credentials/,
  },
  {
    name: "--json without --non-interactive",
    args: ["onboard", "--json"],
    code: 64,
    stderr: /--json is for --non-interactive/,
  },
  {
    name: "no terminal and no --non-interactive",
    args: ["onboard"],
    input: KEY,
    code: 64,
    stderr: /asks its questions on a terminal; in a script use: clawdia onboard --non-interactive/,
  },
  {
    name: "the secret as an argument",
    args: onboard("--provider", "anthropic", "--auth-choice", "api-key", "--key", KEY),
    code: 64,
    stderr: /unknown option '--key'/,
  },
  {
    name: "an empty key",
    args: onboard("--provider", "anthropic", "--auth-choice", "api-key"),
    input: "",
    code: 1,
    stderr: /the key is empty\. Nothing was written\./,
  },
  {
    name: "a key with a space",
    args: onboard("--provider", "anthropic", "--auth-choice", "api-key"),
    input: "sk-ant-api03-ONBOARD with-space000000",
    code: 1,
    stderr: /whitespace/,
  },
  {
    name: "two keys on two lines",
    args: onboard("--provider", "anthropic", "--auth-choice", "api-key"),
    input: `${KEY}\n${OLD_KEY}\n`,
    code: 1,
    stderr: /whitespace or a line break/,
  },
  {
    name: "a Claude Code token offered as an API key",
    args: onboard("--provider", "anthropic", "--auth-choice", "api-key"),
    input: CLAUDE,
    code: 1,
    stderr:
      /only authorized for use with Claude Code and cannot be used as an API key\. Nothing was written\. Two ways forward:\n {2}1\. create an API key in the Anthropic Console.*\n {2}2\. .*--auth-choice setup-token/,
  },
  {
    name: "an Anthropic key given for OpenAI",
    args: onboard("--provider", "openai", "--auth-choice", "api-key"),
    input: KEY,
    code: 1,
    stderr: /looks like an Anthropic key/,
  },
  {
    name: "an API key given as a setup-token",
    args: onboard("--provider", "anthropic", "--auth-choice", "setup-token"),
    input: KEY,
    code: 1,
    stderr: /API key, not a token: choose the API key method/,
  },
  {
    name: "a setup-token with nothing on stdin, even with Claude Code logged in",
    setup: (box) =>
      writeClaudeCredentials(box.home, {
        accessToken: LOGIN,
        refreshToken: "sk-ant-ort01-ONBOARDrefresh",
        expiresAt: NOW + 6 * 3600_000,
      }),
    args: onboard("--provider", "anthropic", "--auth-choice", "setup-token"),
    input: "",
    code: 1,
    stderr:
      /no token on stdin\. `claude setup-token` prints its token and saves it nowhere: run it on a terminal, then pipe the token it printed/,
  },
  {
    name: "a setup-token cut where the terminal wrapped it",
    args: onboard("--provider", "anthropic", "--auth-choice", "setup-token"),
    input: CLAUDE.slice(0, 80),
    code: 1,
    stderr: /cut where the terminal wrapped it/,
  },
  {
    name: "a different working key already in .env",
    setup: (box) => {
      fs.mkdirSync(box.stateDir, { mode: 0o700 });
      fs.writeFileSync(box.dotenv, `ANTHROPIC_API_KEY=${OLD_KEY}\n`, { mode: 0o600 });
    },
    args: onboard("--provider", "anthropic", "--auth-choice", "api-key", "--store", "dotenv"),
    input: KEY,
    code: 1,
    stderr:
      /ANTHROPIC_API_KEY in ~\/\.clawdia\/\.env \(line 1\) already holds a different credential that works \(sk-ant-api03-…0000\).*Nothing was written\. To replace it, run `clawdia onboard` on a terminal .*or remove the ANTHROPIC_API_KEY line/,
  },
  {
    name: "a different working profile under the same id",
    setup: (box) =>
      writeJson(box.store(), {
        version: 1,
        profiles: { "anthropic:default": { type: "api_key", provider: "anthropic", key: OLD_KEY } },
      }),
    args: onboard("--provider", "anthropic", "--auth-choice", "api-key", "--store", "profile"),
    input: KEY,
    code: 1,
    stderr:
      /anthropic:default \(agent main\) already holds a different credential that works.*give another --profile-id to keep both/,
  },
  {
    name: "an auth store that does not parse",
    setup: (box) => {
      fs.mkdirSync(box.state("agents", "main", "agent"), { recursive: true, mode: 0o700 });
      fs.writeFileSync(box.store(), `{ "version": 1, "profiles": { "x": { "key": "${OLD_KEY}" } `, { mode: 0o600 });
    },
    args: onboard("--provider", "anthropic", "--auth-choice", "api-key", "--store", "profile"),
    input: KEY,
    code: 1,
    stderr: /auth-profiles\.json:1:\d+: .*nothing was written/,
  },
];

describe("onboard refuses, and writes nothing", () => {
  it.each(refusals)("$name: exit $code", (testCase) => {
    const box = sandbox();
    testCase.setup?.(box);
    const before = tree(box.home);
    const result = box.run(testCase.args, { input: testCase.input ?? "" });
    expect(result.stderr).toMatch(testCase.stderr);
    expect(result.code).toBe(testCase.code);
    expect(result.stdout).toBe("");
    expect(tree(box.home)).toEqual(before);
    expect(result.stderr).not.toMatch(/ {4}at /);
    expectNoSecrets(box, [result.stdout, result.stderr], PLANTED);
  });
});

describe("onboard --json", () => {
  it("prints a summary with fingerprints only; the same answers again change nothing and say so", () => {
    const box = sandbox();
    installSystemdUnit(box);
    const first = box.run([...onboard("--provider", "anthropic", "--auth-choice", "api-key"), "--json"], {
      input: KEY,
    });
    expect(first.stderr).toBe("");
    expect(first.code).toBe(0);
    const summary = parseStdout(first);
    expect(summary).toMatchObject({
      schemaVersion: 1,
      changed: true,
      runId: expect.any(String),
      credentials: [
        {
          provider: "anthropic",
          authChoice: "api-key",
          store: "dotenv",
          file: box.dotenv,
          envKey: "ANTHROPIC_API_KEY",
          profileId: null,
          fingerprint: "sk-ant-api03-…0000",
          changed: true,
          replaced: null,
          effective: { label: "~/.clawdia/.env ANTHROPIC_API_KEY", fingerprint: "sk-ant-api03-…0000" },
        },
      ],
      daemon: { kind: "systemd", restartCommand: "systemctl --user restart clawdia-gateway" },
      restartCommand: "systemctl --user restart clawdia-gateway",
      checks: { exitCode: 0, findings: [] },
      exitCode: 0,
    });
    const recorded = read(box.state("doctor", "history.jsonl"));

    const again = box.run([...onboard("--provider", "anthropic", "--auth-choice", "api-key"), "--json"], {
      input: KEY,
    });
    expect(again.code).toBe(0);
    expect(parseStdout(again)).toMatchObject({
      changed: false,
      runId: null,
      restartCommand: null,
      credentials: [{ changed: false }],
    });
    expect(read(box.state("doctor", "history.jsonl"))).toBe(recorded);
    const text = box.run(onboard("--provider", "anthropic", "--auth-choice", "api-key"), { input: KEY });
    expect(text.stdout).toMatch(
      /ANTHROPIC_API_KEY in ~\/\.clawdia\/\.env already holds sk-ant-api03-…0000; nothing changed\./,
    );
    expect(text.stdout).not.toMatch(/Restart the gateway/);
    expect(read(box.state("doctor", "history.jsonl"))).toBe(recorded);
    expectNoSecrets(box, [first.stdout, again.stdout, text.stdout], PLANTED);
  });

  it("reports an error finding that remains, with exit 1", () => {
    const box = sandbox();
    const result = box.run([...onboard("--provider", "openrouter", "--auth-choice", "api-key"), "--json"], {
      input: OR_KEY,
    });
    expect(result.code).toBe(1);
    const summary = parseStdout(result);
    expect(summary.exitCode).toBe(1);
    expect(summary.checks.findings).toContainEqual(
      expect.objectContaining({ ruleId: "auth/missing-credentials", severity: "error" }),
    );
  });
});

describe("onboard and the rest of the engine", () => {
  it("from an empty machine to a passing `models status --check`, and `doctor --undo` takes it back", () => {
    const box = sandbox();
    expect(box.run(["models", "status", "--check"]).code).toBe(1);
    installSystemdUnit(box);
    expect(box.run(onboard("--provider", "anthropic", "--auth-choice", "api-key"), { input: KEY }).code).toBe(0);
    expect(box.run(["models", "status", "--check"]).code).toBe(0);
    expect(box.run(["doctor", "--json"]).code).toBe(0);
    const undo = box.run(["doctor", "--undo"]);
    expect(undo.code).toBe(0);
    expect(fs.existsSync(box.dotenv)).toBe(false);
    expect(box.run(["models", "status", "--check"]).code).toBe(1);
  });

  it("replaces a key through the transaction: the old file is backed up and `doctor --undo` restores it", () => {
    const box = sandbox();
    fs.mkdirSync(box.stateDir, { mode: 0o700 });
    fs.writeFileSync(box.dotenv, `ANTHROPIC_API_KEY=${CLAUDE}\n`, { mode: 0o600 });
    const result = box.run(onboard("--provider", "anthropic", "--auth-choice", "api-key", "--store", "dotenv"), {
      input: KEY,
    });
    expect(result.stdout).toMatch(/replacing sk-ant-oat01-…00AA \(the key is a Claude Code OAuth/);
    expect(result.code).toBe(0);
    expect(read(box.dotenv)).toBe(`ANTHROPIC_API_KEY=${KEY}\n`);
    expect(box.run(["doctor", "--undo"]).code).toBe(0);
    expect(read(box.dotenv)).toBe(`ANTHROPIC_API_KEY=${CLAUDE}\n`);
    expectNoSecrets(box, [result.stdout, result.stderr], PLANTED);
  });
});
