// The sync pass (DESIGN.md §2): Claude Code's credentials (CLAUDE_CODE_OAUTH_TOKEN, the Keychain on
// macOS, then ~/.claude/.credentials.json) go into each agent's anthropic:claude-cli profile by the
// sync rule (its table: test/auth/claude-sync-rule.test.ts; the variable and issue 15's cases:
// claude-code-token.test.ts); never oauth → token; an equal credential is a no-op.
import fs from "node:fs";
import { describe, expect, it } from "vitest";
import {
  DAY,
  fakeSecurity,
  history,
  HOUR,
  modeOf,
  NOW,
  read,
  readJson,
  sandbox,
  writeClaudeCredentials,
  writeJson,
} from "./helpers.js";

const ACCESS = "sk-ant-oat01-SYNCfileAccessTok00000000000000000000000000000000000000";
const REFRESH = "sk-ant-ort01-SYNCfileRefreshTk00000000000000000000000000000000000000";
const CLI = "anthropic:claude-cli";

const profileIn = (file: string, id = CLI) => readJson(file).profiles[id];

describe("sync pass", () => {
  it("writes a newer Claude Code credential into the store on a normal run (0600), and the config entry", () => {
    const box = sandbox("healthy");
    writeClaudeCredentials(box.home, { accessToken: ACCESS, refreshToken: REFRESH, expiresAt: NOW + 30 * DAY });
    const result = box.run(["doctor"]);
    expect(result.code).toBe(0);
    expect(profileIn(box.store())).toEqual({
      type: "oauth",
      provider: "anthropic",
      access: ACCESS,
      refresh: REFRESH,
      expires: NOW + 30 * DAY,
    });
    expect(profileIn(box.store(), "anthropic:default").key).toMatch(/^sk-ant-api03-HEALTHY/); // the rest is kept
    expect(modeOf(box.store())).toBe(0o600);
    expect(read(box.config)).toContain('"anthropic:claude-cli"');
    expect(read(box.config)).toContain("// the API key from the Anthropic Console"); // comments survive
    expect(history(box.stateDir)).toHaveLength(1);
  });

  it("a rerun is a no-op: no new history line, no new backup, files untouched", () => {
    const box = sandbox("healthy");
    writeClaudeCredentials(box.home, { accessToken: ACCESS, refreshToken: REFRESH, expiresAt: NOW + 30 * DAY });
    box.run(["doctor"]);
    const store = read(box.store());
    const config = read(box.config);
    expect(box.run(["doctor"]).code).toBe(0);
    expect(history(box.stateDir)).toHaveLength(1);
    expect(fs.readdirSync(box.state("backups"))).toHaveLength(1);
    expect(read(box.store())).toBe(store);
    expect(read(box.config)).toBe(config);
  });

  it("replaces an expired setup-token with Claude Code's fresh one: exit 1 → 0", () => {
    const box = sandbox("expired-token");
    expect(box.run(["doctor"]).code).toBe(1);
    writeClaudeCredentials(box.home, { accessToken: ACCESS, expiresAt: NOW + 300 * DAY });
    expect(box.run(["doctor"]).code).toBe(0);
    expect(profileIn(box.store())).toMatchObject({ type: "token", token: ACCESS, expires: NOW + 300 * DAY });
  });

  it("never replaces an oauth credential with a (later-expiring) token", () => {
    const box = sandbox("multi-agent");
    const before = read(box.store("work"));
    writeClaudeCredentials(box.home, {
      accessToken: "sk-ant-oat01-SYNCsetupTokenOnly000000000000000000000000000000000000",
      expiresAt: NOW + 365 * DAY,
    });
    box.run(["doctor"]);
    expect(read(box.store("work"))).toBe(before);
    expect(profileIn(box.store("work")).type).toBe("oauth");
  });

  it("an equal credential is a no-op", () => {
    const box = sandbox("multi-agent");
    const work = profileIn(box.store("work"));
    writeClaudeCredentials(box.home, { accessToken: work.access, refreshToken: work.refresh, expiresAt: work.expires });
    const store = read(box.store("work"));
    // main has no claude-cli profile, so only main is synced.
    box.run(["doctor"]);
    expect(read(box.store("work"))).toBe(store);
    expect(history(box.stateDir)[0].files.map((f: any) => f.path)).not.toContain(box.store("work"));
  });

  it("syncs every agent's store", () => {
    const box = sandbox("multi-agent");
    writeClaudeCredentials(box.home, { accessToken: ACCESS, refreshToken: REFRESH, expiresAt: NOW + 30 * DAY });
    expect(box.run(["doctor"]).code).toBe(0);
    for (const agent of ["main", "work"]) expect(profileIn(box.store(agent)).access).toBe(ACCESS);
  });

  it("on an empty home, creates the default agent's store (dirs 0700, file 0600); --undo removes it", () => {
    const box = sandbox();
    writeClaudeCredentials(box.home, { accessToken: ACCESS, refreshToken: REFRESH, expiresAt: NOW + 30 * DAY });
    expect(box.run(["doctor"]).code).toBe(0);
    expect(profileIn(box.store()).access).toBe(ACCESS);
    expect(modeOf(box.store())).toBe(0o600);
    expect(modeOf(box.stateDir)).toBe(0o700);
    expect(modeOf(box.state("agents", "main"))).toBe(0o700);
    expect(box.run(["doctor", "--undo"]).code).toBe(0);
    expect(fs.existsSync(box.store())).toBe(false);
  });
});

describe("macOS Keychain", () => {
  const KEYCHAIN = {
    claudeAiOauth: {
      accessToken: "sk-ant-oat01-KEYCHAINaccessTok00000000000000000000000000000000000",
      refreshToken: "sk-ant-ort01-KEYCHAINrefreshTk0000000000000000000000000000000000000",
      expiresAt: NOW + 20 * DAY,
      scopes: [],
      subscriptionType: "pro",
    },
  };

  it("on darwin, the Keychain item is used ahead of the credentials file", () => {
    const box = sandbox("healthy");
    writeClaudeCredentials(box.home, { accessToken: ACCESS, refreshToken: REFRESH, expiresAt: NOW + 30 * DAY });
    const PATH = fakeSecurity(box.home, KEYCHAIN);
    expect(box.run(["doctor"], { platform: "darwin", env: { PATH } }).code).toBe(0);
    expect(profileIn(box.store())).toMatchObject({
      access: KEYCHAIN.claudeAiOauth.accessToken,
      expires: NOW + 20 * DAY,
    });
  });

  it("on linux, `security` is not asked: the file is used", () => {
    const box = sandbox("healthy");
    writeClaudeCredentials(box.home, { accessToken: ACCESS, refreshToken: REFRESH, expiresAt: NOW + 30 * DAY });
    const PATH = fakeSecurity(box.home, KEYCHAIN);
    box.run(["doctor"], { platform: "linux", env: { PATH } });
    expect(profileIn(box.store()).access).toBe(ACCESS);
  });

  it("on darwin with no Keychain item, falls back to the file", () => {
    const box = sandbox("healthy");
    writeClaudeCredentials(box.home, { accessToken: ACCESS, refreshToken: REFRESH, expiresAt: NOW + 30 * DAY });
    const PATH = fakeSecurity(box.home, KEYCHAIN);
    fs.writeFileSync(`${box.home}/fake-bin/security`, "#!/bin/sh\nexit 44\n", { mode: 0o755 });
    box.run(["doctor"], { platform: "darwin", env: { PATH } });
    expect(profileIn(box.store()).access).toBe(ACCESS);
  });

  it("a Keychain token that is older than the stored one changes nothing", () => {
    const box = sandbox("healthy");
    const stored = { type: "oauth", provider: "anthropic", access: ACCESS, refresh: REFRESH, expires: NOW + 90 * DAY };
    const store = readJson(box.store());
    writeJson(box.store(), { ...store, profiles: { ...store.profiles, [CLI]: stored } });
    const before = read(box.store());
    const PATH = fakeSecurity(box.home, { claudeAiOauth: { ...KEYCHAIN.claudeAiOauth, expiresAt: NOW + 2 * HOUR } });
    box.run(["doctor"], { platform: "darwin", env: { PATH } });
    expect(read(box.store())).toBe(before);
  });
});
