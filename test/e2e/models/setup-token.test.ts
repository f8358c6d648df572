// `clawdia models auth setup-token --provider anthropic`, end to end on a real pseudo-terminal, with a
// fake `claude` first on PATH that behaves like the real one (test/support/fake-claude/claude): it
// refuses without a terminal, opens a "browser", may ask for a code, prints a year-long token
// hard-wrapped among its usual lines, and saves it nowhere.
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT } from "../../support/cli.js";
import { claudeToken, FAKE_CLAUDE_BIN } from "../../support/fake-claude.js";
import { DAY, NOW, read, readJson, sandbox, tree, writeClaudeCredentials, type Sandbox } from "../helpers.js";
import { expectNoSecrets, KEYS, onTty } from "../onboard/helpers.js";

const HOUR = 3600_000;
const SETUP = ["models", "auth", "setup-token", "--provider", "anthropic"];
const TOKEN = claudeToken("setup-token e2e");
const LOGIN = {
  accessToken: claudeToken("claude login access"),
  refreshToken: "sk-ant-ort01-LOGINrefresh-" + "r".repeat(80),
  expiresAt: NOW + 6 * HOUR,
};

/** The wrapper on a terminal, the fake `claude` first on PATH. */
function setupToken(
  box: Sandbox,
  options: { args?: string[]; env?: Record<string, string>; steps?: [string, string][]; path?: string } = {},
) {
  return onTty(
    box,
    options.steps ?? [],
    { pathPrefix: FAKE_CLAUDE_BIN, env: { FAKE_CLAUDE_TOKEN: TOKEN, ...options.env }, path: options.path },
    [...SETUP, ...(options.args ?? [])],
  );
}

/** What clawdia itself printed: the screen after `claude` finished (`claude` prints the token, by design). */
function ownOutput(screen: string): string {
  const end = screen.lastIndexOf("CLAUDE_CODE_OAUTH_TOKEN=<token>");
  return end === -1 ? screen : screen.slice(end);
}

function claudeCliProfile(box: Sandbox) {
  return readJson(box.store()).profiles["anthropic:claude-cli"];
}

describe("models auth setup-token: the printed token ends up stored", () => {
  it("reads the token off the screen (wrapped at the terminal's width) and stores it with its year, config mode oauth", () => {
    const box = sandbox();
    const run = setupToken(box);
    expect(run.code).toBe(0);
    expect(run.screen).toContain("Long-lived authentication token created successfully!");
    expect(run.screen).toContain(`Took the token \`claude setup-token\` printed (sk-ant-oat01-…${TOKEN.slice(-4)})`);
    expect(run.screen).toMatch(
      /Stored sk-ant-oat01-….{4} as anthropic:claude-cli \(agent main\) .*; expires in 365d\./,
    );
    expect(claudeCliProfile(box)).toEqual({
      type: "token",
      provider: "anthropic",
      token: TOKEN,
      expires: NOW + 365 * DAY,
    });
    expect(readJson(box.config).auth.profiles["anthropic:claude-cli"]).toEqual({
      provider: "anthropic",
      mode: "oauth",
    });
    expectNoSecrets(box, [ownOutput(run.screen)], [TOKEN]);
    // The route ends with a credential the gateway uses.
    const check = box.run(["models", "status", "--check"]);
    expect(check.code).toBe(0);
    expect(check.stdout).toMatch(/credential: profile anthropic:claude-cli/);
    expect(check.stdout).not.toContain(TOKEN);
  });

  it("with Claude Code logged in, stores the printed token, never the login (nor its refresh token)", () => {
    const box = sandbox();
    const credentials = writeClaudeCredentials(box.home, LOGIN);
    const before = read(credentials);
    const run = setupToken(box);
    expect(run.code).toBe(0);
    expect(claudeCliProfile(box)).toEqual({
      type: "token",
      provider: "anthropic",
      token: TOKEN,
      expires: NOW + 365 * DAY,
    });
    expect(read(box.store())).not.toContain(LOGIN.accessToken);
    expect(read(box.store())).not.toContain(LOGIN.refreshToken);
    expect(ownOutput(run.screen)).not.toMatch(/sync Claude Code/);
    expect(read(credentials)).toBe(before); // Claude Code's own file is never written
    // Later commands keep the year-long token: the 6-hour login does not replace it.
    expect(box.run(["models", "status", "--check"]).code).toBe(0);
    expect(box.run(["doctor"]).code).toBe(0);
    expect(claudeCliProfile(box).token).toBe(TOKEN);
  });

  it("passes the browser's code through to `claude` when it asks for one", () => {
    const box = sandbox();
    const run = setupToken(box, {
      env: { FAKE_CLAUDE_CODE: "c0de-from-browser" },
      steps: [["Paste code here if prompted >", `c0de-from-browser${KEYS.enter}`]],
    });
    expect(run.code).toBe(0);
    expect(claudeCliProfile(box).token).toBe(TOKEN);
  });

  it("--expires-in overrides the year", () => {
    const box = sandbox();
    expect(setupToken(box, { args: ["--expires-in", "30d"] }).code).toBe(0);
    expect(claudeCliProfile(box).expires).toBe(NOW + 30 * DAY);
  });

  it("replaces an expiring setup-token, so the expiry warning (exit 2) becomes ok (exit 0)", () => {
    const box = sandbox();
    fs.mkdirSync(path.dirname(box.store()), { recursive: true });
    const old = claudeToken("the old setup-token");
    fs.writeFileSync(
      box.store(),
      JSON.stringify({
        version: 1,
        profiles: {
          "anthropic:claude-cli": { type: "token", provider: "anthropic", token: old, expires: NOW + 5 * HOUR },
        },
      }),
    );
    const expiring = box.run(["models", "status", "--check"]);
    expect(expiring.code).toBe(2);
    // The advice is the command that ends with a stored credential, not a bare `claude setup-token`.
    expect(expiring.stdout).toContain("clawdia models auth setup-token --provider anthropic");
    expect(expiring.stdout.split("\n").map((line) => line.replace(/^[\s→•-]+/, "").trim())).not.toContain(
      "claude setup-token",
    );
    expect(setupToken(box).code).toBe(0);
    expect(claudeCliProfile(box)).toEqual({
      type: "token",
      provider: "anthropic",
      token: TOKEN,
      expires: NOW + 365 * DAY,
    });
    expect(box.run(["models", "status", "--check"]).code).toBe(0);
  });
});

describe("models auth setup-token: when the token cannot be read off the screen", () => {
  /** A PATH with `claude` and `node` only: no `script`, so no pseudo-terminal between us and `claude`. */
  function withoutScript(box: Sandbox): string {
    const bin = path.join(box.home, "bin-without-script");
    fs.mkdirSync(bin);
    fs.symlinkSync(path.join(FAKE_CLAUDE_BIN, "claude"), path.join(bin, "claude"));
    fs.symlinkSync(process.execPath, path.join(bin, "node"));
    return bin;
  }

  it("without `script`, `claude` gets the terminal itself and the token is asked for, hidden", () => {
    const box = sandbox();
    const run = setupToken(box, {
      path: withoutScript(box),
      steps: [["Paste the token that `claude setup-token` printed", `${TOKEN}${KEYS.enter}`]],
    });
    expect(run.code).toBe(0);
    expect(run.screen).toMatch(/it could not be read from the screen/);
    expect(claudeCliProfile(box)).toEqual({
      type: "token",
      provider: "anthropic",
      token: TOKEN,
      expires: NOW + 365 * DAY,
    });
    expectNoSecrets(box, [ownOutput(run.screen)], [TOKEN]);
  });

  it("refuses a token cut where the terminal wrapped it, and writes nothing", () => {
    const box = sandbox();
    const run = setupToken(box, {
      path: withoutScript(box),
      steps: [["Paste the token", `${TOKEN.slice(0, 80)}${KEYS.enter}`]],
    });
    expect(run.code).toBe(1);
    expect(run.screen).toMatch(/80 characters long.*cut where the terminal wrapped it/s);
    expect(fs.existsSync(box.store())).toBe(false);
  });

  it("refuses what is not a setup-token (an Anthropic API key), and writes nothing", () => {
    const box = sandbox();
    const run = setupToken(box, {
      path: withoutScript(box),
      steps: [["Paste the token", `sk-ant-api03-${"k".repeat(90)}${KEYS.enter}`]],
    });
    expect(run.code).toBe(1);
    expect(run.screen).toMatch(/API key, not a token/);
    expect(fs.existsSync(box.store())).toBe(false);
  });

  it("an escape sequence typed into the hidden prompt never reaches the store", () => {
    const box = sandbox();
    const run = setupToken(box, {
      path: withoutScript(box),
      steps: [["Paste the token", `${TOKEN.slice(0, 50)}\x1b[31m${TOKEN.slice(50)}${KEYS.enter}`]],
    });
    // The prompt reads keys: the terminal's escape sequence is a key, not text, so what is left is the token.
    if (run.code === 0) expect(claudeCliProfile(box).token).toBe(TOKEN);
    else expect(fs.existsSync(box.store())).toBe(false);
  });
});

describe("models auth setup-token: refusals come before the browser login", () => {
  it("an unknown --agent is refused (exit 64) before `claude` runs", () => {
    const box = sandbox();
    fs.mkdirSync(path.dirname(box.store()), { recursive: true });
    fs.writeFileSync(box.store(), JSON.stringify({ version: 1, profiles: {} }));
    const log = path.join(box.home, "claude-ran.log");
    const run = setupToken(box, { args: ["--agent", "nope"], env: { FAKE_CLAUDE_LOG: log } });
    expect(run.code).toBe(64);
    expect(run.screen).toMatch(/unknown agent "nope"; known agents: main/);
    expect(fs.existsSync(log)).toBe(false);
  });

  it("a bad --expires-in is refused (exit 64) before `claude` runs", () => {
    const box = sandbox();
    const log = path.join(box.home, "claude-ran.log");
    const run = setupToken(box, { args: ["--expires-in", "soon"], env: { FAKE_CLAUDE_LOG: log } });
    expect(run.code).toBe(64);
    expect(fs.existsSync(log)).toBe(false);
  });

  it("refuses without a terminal (so does the real `claude setup-token`)", () => {
    const box = sandbox();
    const result = box.run(SETUP, { env: { PATH: `${FAKE_CLAUDE_BIN}:${process.env.PATH}` } });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      /interactive terminal.*paste-token --provider anthropic --profile-id anthropic:claude-cli --expires-in 365d/,
    );
    expect(fs.existsSync(box.stateDir)).toBe(false);
  });

  it("is for anthropic only", () => {
    const box = sandbox();
    const result = box.run(["models", "auth", "setup-token", "--provider", "openrouter"]);
    expect(result.code).toBe(64);
    expect(result.stderr).toMatch(/paste-token --provider openrouter/);
  });

  it("a failed login (a wrong code) writes nothing", () => {
    const box = sandbox();
    const before = tree(box.home);
    const run = setupToken(box, {
      env: { FAKE_CLAUDE_CODE: "right" },
      steps: [["Paste code here if prompted >", `wrong${KEYS.enter}`]],
    });
    expect(run.code).toBe(1);
    expect(run.screen).toMatch(/OAuth error: Invalid/);
    expect(run.screen).toMatch(/`claude setup-token` failed \(exit 1\); nothing was written/);
    expect(tree(box.home)).toEqual(before);
  });

  it("names Claude Code CLI when `claude` is missing, and writes nothing", () => {
    const box = sandbox();
    const bin = path.join(box.home, "bin-without-claude");
    fs.mkdirSync(bin);
    const run = onTty(box, [], { path: bin }, SETUP);
    expect(run.code).toBe(1);
    expect(run.screen).toMatch(/`claude` command \(Claude Code CLI\) was not found on PATH/);
    expect(fs.existsSync(box.stateDir)).toBe(false);
  });
});

describe("the fake `claude` behaves like the real one", () => {
  it("refuses without a terminal, as Ink does", async () => {
    const { spawnSync } = await import("node:child_process");
    const result = spawnSync(path.join(FAKE_CLAUDE_BIN, "claude"), ["setup-token"], { encoding: "utf8", input: "" });
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/Raw mode is not supported/);
  });

  it("on a terminal, prints the token wrapped at the terminal's width and saves it nowhere", async () => {
    const { spawnSync } = await import("node:child_process");
    const box = sandbox();
    const before = tree(box.home);
    const pty = spawnSync(
      "python3",
      [path.join(ROOT, "test/support/pty-run.py"), "[]", "--", path.join(FAKE_CLAUDE_BIN, "claude"), "setup-token"],
      {
        encoding: "utf8",
        env: { PATH: process.env.PATH, HOME: box.home, FAKE_CLAUDE_TOKEN: TOKEN },
      },
    );
    const run = JSON.parse(pty.stdout) as { code: number; screen: string };
    expect(run.code).toBe(0);
    expect(run.screen).toContain("Your OAuth token (valid for 1 year):");
    expect(run.screen).toContain(`${TOKEN.slice(0, 100)}\r\n${TOKEN.slice(100)}`); // pty-run's terminal is 100 columns wide
    expect(tree(box.home)).toEqual(before);
    // So `claude setup-token` alone leaves Clawdia with nothing, and the advice is the route that stores it.
    const status = box.run(["models", "status", "--check"]);
    expect(status.code).toBe(1);
    expect(status.stdout).toMatch(/No credentials found/);
    expect(status.stdout).toMatch(/→ clawdia models auth setup-token --provider anthropic/);
  });
});
