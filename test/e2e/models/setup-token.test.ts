// `clawdia models auth setup-token`: needs a terminal (driven here through `script`, a real pty),
// runs a fake `claude` first on PATH, then syncs or asks for the printed token.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT } from "../../support/cli.js";
import { NOW, DAY, readJson, sandbox, type Sandbox } from "../helpers.js";

const TOKEN = "sk-ant-oat01-SETUPTESTtoken000000000000000000000000000000";

/** A fake `claude` that, for `setup-token`, runs the given shell body. */
function fakeClaude(box: Sandbox, body: string): string {
  const bin = path.join(box.home, "bin");
  fs.mkdirSync(bin, { recursive: true });
  fs.writeFileSync(path.join(bin, "claude"), `#!/bin/sh\n[ "$1" = "setup-token" ] || exit 3\n${body}\n`, { mode: 0o755 });
  return bin;
}

/** Runs the CLI on a pseudo-terminal; each [waitFor, send] step types `send` once `waitFor` shows. */
function runOnTty(box: Sandbox, args: string[], pathPrefix: string | undefined, steps: [string, string][] = []): { code: number | null; screen: string } {
  const cli = [process.execPath, "--import", path.join(ROOT, "test/support/seams.mjs"), path.join(ROOT, "bin/clawdia.js"), ...args];
  const result = spawnSync("python3", [path.join(ROOT, "test/support/pty-run.py"), JSON.stringify(steps), "--", ...cli], {
    encoding: "utf8",
    timeout: 30_000,
    env: {
      PATH: `${pathPrefix ? pathPrefix + ":" : ""}${process.env.PATH}`,
      HOME: box.home,
      CLAWDIA_STATE_DIR: box.stateDir,
      CLAWDIA_TEST_NOW: String(NOW),
      NO_COLOR: "1",
      TERM: "dumb",
    },
  });
  if (result.status !== 0) throw new Error(`pty-run failed: ${result.stderr}`);
  return JSON.parse(result.stdout) as { code: number | null; screen: string };
}

describe("models auth setup-token", () => {
  it("syncs what `claude setup-token` stored into anthropic:claude-cli, config mode oauth", () => {
    const box = sandbox();
    const credentials = JSON.stringify({ claudeAiOauth: { accessToken: TOKEN, expiresAt: NOW + 365 * DAY, scopes: [], subscriptionType: "max" } });
    const bin = fakeClaude(box, `mkdir -p "$HOME/.claude" && printf '%s' '${credentials}' > "$HOME/.claude/.credentials.json" && echo "Token stored."`);
    const run = runOnTty(box, ["models", "auth", "setup-token", "--provider", "anthropic"], bin);
    expect(run.code).toBe(0);
    expect(run.screen).toContain("Token stored.");
    expect(run.screen).not.toContain(TOKEN);
    expect(readJson(box.store("main")).profiles["anthropic:claude-cli"]).toEqual({ type: "token", provider: "anthropic", token: TOKEN, expires: NOW + 365 * DAY });
    expect(readJson(box.config).auth.profiles["anthropic:claude-cli"]).toEqual({ provider: "anthropic", mode: "oauth" });
  });

  it("asks for the printed token when Claude Code stored nothing we can read", () => {
    const box = sandbox();
    const bin = fakeClaude(box, `echo "Your token: (printed, not stored)"`);
    const run = runOnTty(box, ["models", "auth", "setup-token", "--provider", "anthropic"], bin, [["Paste the token", `${TOKEN}\r`]]);
    expect(run.screen).toMatch(/Paste the token/);
    expect(run.screen).not.toContain(TOKEN);
    expect(run.code).toBe(0);
    expect(readJson(box.store("main")).profiles["anthropic:claude-cli"]).toEqual({ type: "token", provider: "anthropic", token: TOKEN });
    expect(readJson(box.config).auth.profiles["anthropic:claude-cli"].mode).toBe("oauth");
  });

  it("names Claude Code CLI when `claude` is missing, and writes nothing", () => {
    const box = sandbox();
    const emptyBin = path.join(box.home, "empty-bin");
    fs.mkdirSync(emptyBin);
    const run = runOnTty(box, ["models", "auth", "setup-token", "--provider", "anthropic"], undefined);
    // PATH still has the system directories; make sure no real claude is there.
    if (spawnSync("sh", ["-c", "command -v claude"]).status === 0) return;
    expect(run.code).toBe(1);
    expect(run.screen).toMatch(/Claude Code CLI/);
    expect(fs.existsSync(box.stateDir)).toBe(false);
  });

  it("refuses without a terminal", () => {
    const box = sandbox();
    const result = box.run(["models", "auth", "setup-token", "--provider", "anthropic"]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/interactive terminal/);
  });

  it("is for anthropic only", () => {
    const box = sandbox();
    const result = box.run(["models", "auth", "setup-token", "--provider", "openrouter"]);
    expect(result.code).toBe(64);
    expect(result.stderr).toMatch(/paste-token --provider openrouter/);
  });

  it("a failing `claude setup-token` writes nothing", () => {
    const box = sandbox();
    const bin = fakeClaude(box, "exit 7");
    const run = runOnTty(box, ["models", "auth", "setup-token", "--provider", "anthropic"], bin);
    expect(run.code).toBe(1);
    expect(run.screen).toMatch(/failed \(exit 7\)/);
    expect(fs.existsSync(box.stateDir)).toBe(false);
  });
});
