// The `clawdia onboard` wizard on a real pseudo-terminal (test/support/pty-run.py): each method, the
// Claude-Code-only refusal, Ctrl-C, the confirm step, replacing a key, idempotence, and no planted
// secret on the screen or in the history.
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { claudeToken, FAKE_CLAUDE_BIN } from "../../support/fake-claude.js";
import { DAY, NOW, history, read, readJson, sandbox, writeClaudeCredentials } from "../helpers.js";
import { expectNoSecrets, installSystemdUnit, KEYS, onTty, tree } from "./helpers.js";

const KEY = "sk-ant-api03-WIZARDnewkey00000000000000000000000000";
const OLD_KEY = "sk-ant-api03-WIZARDoldkey00000000000000000000000000";
const CLAUDE = "sk-ant-oat01-WIZARDclaude" + "0".repeat(81) + "AA"; // a setup-token is 108 characters
const OR_TOKEN = "sk-or-v1-WIZARDrouter000000000000000000000000";
const PLANTED = [KEY, OLD_KEY, CLAUDE, OR_TOKEN];
const { enter, down, ctrlC } = KEYS;

/** The answers for Anthropic → API key → KEY → the default store. */
const ANTHROPIC_KEY_STEPS: [string, string][] = [
  ["Which provider", enter],
  ["How should Clawdia authenticate", enter],
  ["Paste your Anthropic API key", KEY + enter],
  ["Where should the key go?", enter],
  ["Set up another provider?", "n"],
];

describe("clawdia onboard (wizard)", () => {
  it("API key: says what it found, shows the masked diff, asks, writes .env for the daemon, prints its restart command", () => {
    const box = sandbox();
    installSystemdUnit(box);
    const run = onTty(box, [...ANTHROPIC_KEY_STEPS, ["Write these changes?", "y"]]);
    expect(run.screen).toMatch(/What I found/);
    expect(run.screen).toMatch(/Gateway daemon: systemd unit ~\/\.config\/systemd\/user\/clawdia-gateway\.service/);
    expect(run.screen).toMatch(
      /anthropic: in use \(default model anthropic\/claude-opus-4-5\)\s*│\s*\n│\s+missing: No credentials found/,
    );
    expect(run.screen).toMatch(/\+ANTHROPIC_API_KEY=sk-ant-api03-…0000/);
    expect(run.screen).toMatch(/Stored sk-ant-api03-…0000 as ANTHROPIC_API_KEY in ~\/\.clawdia\/\.env/);
    expect(run.screen).toMatch(/clawdia doctor finds no problem/);
    expect(run.screen).toMatch(/Restart the gateway so it reads the change: systemctl --user restart clawdia-gateway/);
    expect(run.code).toBe(0);
    expect(read(box.dotenv)).toBe(`ANTHROPIC_API_KEY=${KEY}\n`);
    expect(fs.statSync(box.dotenv).mode & 0o777).toBe(0o600);
    expect(history(box.stateDir).filter((entry) => entry.command === "onboard")).toHaveLength(1);
    expect(box.run(["models", "status", "--check"]).code).toBe(0);
    expectNoSecrets(box, [run.screen], PLANTED);
  });

  it("API key as a profile (the default without a daemon)", () => {
    const box = sandbox();
    const run = onTty(box, [...ANTHROPIC_KEY_STEPS, ["Write these changes?", "y"]]);
    expect(run.screen).toMatch(/Gateway daemon: none installed/);
    expect(run.screen).toMatch(/"key": "sk-ant-api03-…0000"/);
    expect(run.code).toBe(0);
    expect(readJson(box.store()).profiles["anthropic:default"]).toEqual({
      type: "api_key",
      provider: "anthropic",
      key: KEY,
    });
    expect(readJson(box.config).auth.profiles["anthropic:default"]).toEqual({ provider: "anthropic", mode: "api_key" });
    expectNoSecrets(box, [run.screen], PLANTED);
  });

  it("refuses a key with a space in place, then a Claude Code token with the explanation, then takes an API key", () => {
    const box = sandbox();
    const run = onTty(box, [
      ["Which provider", enter],
      ["How should Clawdia authenticate", enter],
      ["Paste your Anthropic API key", "sk-ant-api03-WIZARD with-space" + enter],
      ["whitespace", ""],
      ["Paste your Anthropic API key", CLAUDE + enter],
      ["What now?", enter],
      ["Paste your Anthropic API key", KEY + enter],
      ["Where should the key go?", enter],
      ["Set up another provider?", "n"],
      ["Write these changes?", "y"],
    ]);
    expect(run.screen).toMatch(/the key contains whitespace or a line break/);
    expect(run.screen).toMatch(/only authorized for use with Claude Code and cannot be used as an API key/);
    expect(run.screen).toMatch(/create an API key in the Anthropic Console/);
    expect(run.screen).toMatch(/--auth-choice setup-token/);
    expect(run.code).toBe(0);
    expect(readJson(box.store()).profiles["anthropic:default"].key).toBe(KEY);
    expectNoSecrets(box, [run.screen], PLANTED);
  });

  it("Claude Code setup-token: runs `claude setup-token` on the terminal and stores the token it printed, never Claude Code's login", () => {
    const box = sandbox();
    const login = {
      accessToken: claudeToken("wizard login"),
      refreshToken: "sk-ant-ort01-WIZARDrefresh-" + "r".repeat(60),
      expiresAt: NOW + 6 * 3600_000,
    };
    writeClaudeCredentials(box.home, login);
    const run = onTty(
      box,
      [
        ["Which provider", enter],
        ["How should Clawdia authenticate", down + enter],
        ["Set up another provider?", "n"],
        ["Write these changes?", "y"],
      ],
      { pathPrefix: FAKE_CLAUDE_BIN, env: { FAKE_CLAUDE_TOKEN: CLAUDE } },
    );
    expect(run.screen).toMatch(/Long-lived authentication token created successfully!/);
    expect(run.screen).toMatch(
      /Took the token `claude setup-token` printed \(sk-ant-oat01-…00AA\); it is valid for a year\./,
    );
    expect(run.code).toBe(0);
    expect(readJson(box.store()).profiles["anthropic:claude-cli"]).toEqual({
      type: "token",
      provider: "anthropic",
      token: CLAUDE,
      expires: NOW + 365 * DAY,
    });
    expect(read(box.store())).not.toContain(login.accessToken);
    expect(read(box.store())).not.toContain(login.refreshToken);
    expect(readJson(box.config).auth.profiles["anthropic:claude-cli"]).toEqual({
      provider: "anthropic",
      mode: "oauth",
    });
    // `claude` itself prints the token; what the wizard printed after it holds none.
    expectNoSecrets(
      box,
      [run.screen.slice(run.screen.lastIndexOf("CLAUDE_CODE_OAUTH_TOKEN=<token>"))],
      [...PLANTED, login.accessToken, login.refreshToken],
    );
    expect(box.run(["models", "status", "--check"]).code).toBe(0);
  });

  it("Claude Code setup-token without `script` (no pseudo-terminal): asks for the printed token, hidden", () => {
    const box = sandbox();
    const bin = path.join(box.home, "bin-without-script");
    fs.mkdirSync(bin);
    fs.symlinkSync(path.join(FAKE_CLAUDE_BIN, "claude"), path.join(bin, "claude"));
    fs.symlinkSync(process.execPath, path.join(bin, "node"));
    const run = onTty(
      box,
      [
        ["Which provider", enter],
        ["How should Clawdia authenticate", down + enter],
        ["Paste the token that `claude setup-token` printed", CLAUDE + enter],
        ["Set up another provider?", "n"],
        ["Write these changes?", "y"],
      ],
      { path: bin, env: { FAKE_CLAUDE_TOKEN: CLAUDE } },
    );
    expect(run.code).toBe(0);
    expect(readJson(box.store()).profiles["anthropic:claude-cli"]).toEqual({
      type: "token",
      provider: "anthropic",
      token: CLAUDE,
      expires: NOW + 365 * DAY,
    });
    expectNoSecrets(box, [run.screen.slice(run.screen.lastIndexOf("CLAUDE_CODE_OAUTH_TOKEN=<token>"))], PLANTED);
    expect(box.run(["models", "status", "--check"]).code).toBe(0);
  });

  it("without `claude` on PATH, says so and lets the user pick another method", () => {
    const box = sandbox();
    const run = onTty(
      box,
      [
        ["Which provider", enter],
        ["How should Clawdia authenticate", down + enter],
        ["How should Clawdia authenticate", enter],
        ["Paste your Anthropic API key", KEY + enter],
        ["Where should the key go?", enter],
        ["Set up another provider?", "n"],
        ["Write these changes?", "y"],
      ],
      { env: { PATH: path.dirname(process.execPath) + ":/usr/bin:/bin" } },
    );
    if (!run.screen.includes("was not found on PATH")) return; // a real `claude` is installed here
    expect(run.screen).toMatch(/the `claude` command \(Claude Code CLI\) was not found on PATH/);
    expect(run.code).toBe(0);
    expect(readJson(box.store()).profiles["anthropic:default"].key).toBe(KEY);
  });

  it("paste a token (OpenRouter, with an expiry), then a second provider in the same run", () => {
    const box = sandbox();
    const run = onTty(box, [
      ["Which provider", down + down + enter],
      ["How should Clawdia authenticate", down + enter],
      ["Paste the OpenRouter token", OR_TOKEN + enter],
      ["When does it expire?", "30d" + enter],
      ["Set up another provider?", "y"],
      ["Which provider", enter],
      ["How should Clawdia authenticate", enter],
      ["Paste your Anthropic API key", KEY + enter],
      ["Where should the key go?", enter],
      ["Set up another provider?", "n"],
      ["Write these changes?", "y"],
    ]);
    expect(run.screen).toMatch(/Stored sk-or-v1-…0000 as openrouter:manual \(agent main\); expires in 30d\./);
    expect(run.code).toBe(0);
    const store = readJson(box.store());
    expect(store.profiles["openrouter:manual"]).toEqual({
      type: "token",
      provider: "openrouter",
      token: OR_TOKEN,
      expires: NOW + 30 * DAY,
    });
    expect(store.profiles["anthropic:default"].key).toBe(KEY);
    // Both providers, one transaction: one run to undo.
    expect(history(box.stateDir).filter((entry) => entry.command === "onboard")).toHaveLength(1);
    expectNoSecrets(box, [run.screen], PLANTED);
  });

  it.each([
    ["at the provider list", [["Which provider", ctrlC]]],
    [
      "at the hidden key prompt",
      [
        ["Which provider", enter],
        ["How should Clawdia authenticate", enter],
        ["Paste your Anthropic API key", "sk-ant-api03-WIZ" + ctrlC],
      ],
    ],
    ["at the confirm step", [...ANTHROPIC_KEY_STEPS, ["Write these changes?", ctrlC]]],
  ] as [string, [string, string][]][])("Ctrl-C %s writes nothing (exit 130)", (_where, steps) => {
    const box = sandbox();
    installSystemdUnit(box);
    const before = tree(box.home);
    const run = onTty(box, steps);
    expect(run.code).toBe(130);
    expect(run.screen).toMatch(/Cancelled; nothing was written/);
    expect(tree(box.home)).toEqual(before);
    expectNoSecrets(box, [run.screen], PLANTED);
  });

  it("Ctrl-C writes nothing even when Claude Code's credentials are waiting to be synced", () => {
    const box = sandbox();
    fs.mkdirSync(path.join(box.home, ".claude"), { recursive: true });
    fs.writeFileSync(
      path.join(box.home, ".claude", ".credentials.json"),
      JSON.stringify({ claudeAiOauth: { accessToken: CLAUDE, expiresAt: NOW + 300 * DAY, scopes: [] } }),
    );
    const before = tree(box.home);
    const run = onTty(box, [["Which provider", ctrlC]]);
    expect(run.screen).toMatch(/anthropic: in use \(default model anthropic\/claude-opus-4-5\)/);
    expect(run.screen).toMatch(/ok: profile anthropic:claude-cli \(sk-ant-oat01-…00AA\)/);
    expect(run.code).toBe(130);
    expect(tree(box.home)).toEqual(before);
  });

  it("declining at the confirm step writes nothing (exit 1)", () => {
    const box = sandbox();
    const before = tree(box.home);
    const run = onTty(box, [...ANTHROPIC_KEY_STEPS, ["Write these changes?", "n"]]);
    expect(run.screen).toMatch(/Nothing was written\./);
    expect(run.code).toBe(1);
    expect(tree(box.home)).toEqual(before);
  });

  describe("the files change while the user answers (the gateway writes .env)", () => {
    const gatewayWrites = (box: ReturnType<typeof sandbox>) =>
      `mkdir -p -m 700 '${box.stateDir}' && printf 'OPENROUTER_API_KEY=${OR_TOKEN}\\n' >> '${box.dotenv}' && chmod 600 '${box.dotenv}'`;

    it("the new changes are shown and asked for again; yes writes them and keeps the other write", () => {
      const box = sandbox();
      installSystemdUnit(box);
      const run = onTty(box, [
        ...ANTHROPIC_KEY_STEPS,
        ["Write these changes?", "y", gatewayWrites(box)],
        ["Write these changes?", "y"],
      ]);
      expect(run.screen).toMatch(
        /The files changed while you answered \(the gateway may have written them\)\. The changes are now:/,
      );
      expect(run.code).toBe(0);
      expect(read(box.dotenv)).toBe(`OPENROUTER_API_KEY=${OR_TOKEN}\nANTHROPIC_API_KEY=${KEY}\n`);
      expect(history(box.stateDir).filter((entry) => entry.command === "onboard")).toHaveLength(1);
      expectNoSecrets(box, [run.screen], PLANTED);
    });

    it("no at the second question writes nothing (exit 1); the other write stays as it was", () => {
      const box = sandbox();
      installSystemdUnit(box);
      const run = onTty(box, [
        ...ANTHROPIC_KEY_STEPS,
        ["Write these changes?", "y", gatewayWrites(box)],
        ["Write these changes?", "n"],
      ]);
      expect(run.screen).toMatch(/The files changed while you answered/);
      expect(run.screen).toMatch(/declined; onboarding wrote nothing/);
      expect(run.code).toBe(1);
      expect(read(box.dotenv)).toBe(`OPENROUTER_API_KEY=${OR_TOKEN}\n`);
      expect(history(box.stateDir)).toEqual([]);
      expectNoSecrets(box, [run.screen], PLANTED);
    });
  });

  it("a different key that works is replaced only when the user says so", () => {
    const box = sandbox();
    installSystemdUnit(box);
    fs.mkdirSync(box.stateDir, { mode: 0o700 });
    fs.writeFileSync(box.dotenv, `# keys\nANTHROPIC_API_KEY=${OLD_KEY}\n`, { mode: 0o600 });

    const kept = onTty(box, [
      ...ANTHROPIC_KEY_STEPS.slice(0, 4),
      ["Replace sk-ant-api03-…0000", "n"],
      ["Set up another provider?", "n"],
    ]);
    expect(kept.screen).toMatch(
      /ANTHROPIC_API_KEY in ~\/\.clawdia\/\.env \(line 2\) already holds a different credential that works: sk-ant-api03-…0000/,
    );
    expect(kept.screen).toMatch(/Kept sk-ant-api03-…0000; nothing will change for anthropic/);
    expect(kept.code).toBe(0);
    expect(read(box.dotenv)).toBe(`# keys\nANTHROPIC_API_KEY=${OLD_KEY}\n`);

    const replaced = onTty(box, [
      ...ANTHROPIC_KEY_STEPS.slice(0, 4),
      ["Replace sk-ant-api03-…0000", "y"],
      ["Set up another provider?", "n"],
      ["Write these changes?", "y"],
    ]);
    expect(replaced.screen).toMatch(
      /-ANTHROPIC_API_KEY=sk-ant-api03-…0000\s*│?\s*\n.*\+ANTHROPIC_API_KEY=sk-ant-api03-…0000/,
    );
    expect(replaced.code).toBe(0);
    expect(read(box.dotenv)).toBe(`# keys\nANTHROPIC_API_KEY=${KEY}\n`);
    expectNoSecrets(box, [kept.screen, replaced.screen], PLANTED);
  });

  it("the same answers again change nothing and say so", () => {
    const box = sandbox();
    installSystemdUnit(box);
    expect(onTty(box, [...ANTHROPIC_KEY_STEPS, ["Write these changes?", "y"]]).code).toBe(0);
    const recorded = read(box.state("doctor", "history.jsonl"));
    const again = onTty(box, ANTHROPIC_KEY_STEPS);
    expect(again.screen).toMatch(/Nothing to change: every credential is already stored as you chose\./);
    expect(again.screen).toMatch(
      /ANTHROPIC_API_KEY in ~\/\.clawdia\/\.env already holds sk-ant-api03-…0000; nothing changed\./,
    );
    expect(again.screen).not.toMatch(/Write these changes\?/);
    expect(again.code).toBe(0);
    expect(read(box.state("doctor", "history.jsonl"))).toBe(recorded);
  });
});
