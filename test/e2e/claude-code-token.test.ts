// Claude Code's credentials as Claude Code itself reads them (issue 15): CLAUDE_CODE_OAUTH_TOKEN first,
// imported as a static token with no expiry; a value that cannot be a token stops the sync and is
// reported by name, never by value; and the sync rule's two cases that matter most, end to end: a
// token about to end gives way to Claude Code's refreshable login (case 6), a year-long one does not.
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import {
  DAY,
  HOUR,
  NOW,
  parseStdout,
  read,
  readJson,
  sandbox,
  writeClaudeCredentials,
  writeJson,
  type CliResult,
  type Sandbox,
} from "./helpers.js";
import { bundleFiles } from "./bundle/helpers.js";
import { claudeShaped } from "../support/fake-claude.js";

/** What `claude setup-token` printed and the user exported, as Claude Code's docs say. */
const ENV_TOKEN = claudeShaped("sk-ant-oat01-", "ENVexportedSetupToken");
const LOGIN_ACCESS = claudeShaped("sk-ant-oat01-", "FILEloginAccess");
const LOGIN_REFRESH = claudeShaped("sk-ant-ort01-", "FILEloginRefresh");
const STORED = claudeShaped("sk-ant-oat01-", "STOREDsetupToken");
const CLI = "anthropic:claude-cli";
const VARIABLE = "CLAUDE_CODE_OAUTH_TOKEN";

const profileIn = (box: Sandbox) => readJson(box.store()).profiles[CLI];

/** A config using anthropic:claude-cli, and a store holding a static token expiring at `expires`. */
function storedToken(expires: number): Sandbox {
  const box = sandbox();
  writeJson(box.config, {
    meta: { lastTouchedVersion: "2026.11.0" },
    agents: { list: [{ id: "main", default: true }] },
    auth: { profiles: { [CLI]: { provider: "anthropic", mode: "oauth" } } },
  });
  writeJson(box.store(), {
    version: 1,
    profiles: { [CLI]: { type: "token", provider: "anthropic", token: STORED, expires } },
  });
  return box;
}

function claudeLogin(box: Sandbox, expiresAt: number): void {
  writeClaudeCredentials(box.home, { accessToken: LOGIN_ACCESS, refreshToken: LOGIN_REFRESH, expiresAt });
}

describe("CLAUDE_CODE_OAUTH_TOKEN", () => {
  it("models status imports it into anthropic:claude-cli as a static token with no expiry, names the variable, and --check exits 0", () => {
    const box = sandbox();
    const env = { [VARIABLE]: ENV_TOKEN };
    const status = box.run(["models", "status"], { env });
    expect(status.code).toBe(0);
    expect(status.stdout).toContain(
      `Applied: sync Claude Code credentials into agent main (${CLI} is absent) from ${VARIABLE}`,
    );
    expect(profileIn(box)).toEqual({ type: "token", provider: "anthropic", token: ENV_TOKEN });
    expect(box.run(["models", "status", "--check"], { env }).code).toBe(0);
    // The token is in the store now: the gateway, which never sees the shell's variable, has it too.
    expect(box.run(["models", "status", "--check"]).code).toBe(0);
  });

  it("a renewed token exported again replaces the one imported before; a token stored with its year is kept", () => {
    const box = sandbox();
    expect(box.run(["models", "status"], { env: { [VARIABLE]: ENV_TOKEN } }).code).toBe(0);
    const renewed = claudeShaped("sk-ant-oat01-", "ENVrenewedSetupToken");
    const status = box.run(["models", "status"], { env: { [VARIABLE]: renewed } });
    expect(status.stdout).toContain(
      `Applied: sync Claude Code credentials into agent main (Claude Code now uses another token, and neither says when it expires) from ${VARIABLE}`,
    );
    expect(profileIn(box)).toEqual({ type: "token", provider: "anthropic", token: renewed });
    const year = storedToken(NOW + 365 * DAY);
    expect(year.run(["models", "status", "--check"], { env: { [VARIABLE]: renewed } }).code).toBe(0);
    expect(profileIn(year).token).toBe(STORED);
  });

  it("comes before ~/.claude/.credentials.json, as in Claude Code", () => {
    const box = sandbox();
    claudeLogin(box, NOW + 6 * HOUR);
    const result = box.run(["doctor", "--json"], { env: { [VARIABLE]: ENV_TOKEN } });
    expect(result.code).toBe(0);
    expect(profileIn(box)).toEqual({ type: "token", provider: "anthropic", token: ENV_TOKEN });
    const sync = parseStdout(result).changes.find((change: any) => change.source === "sync");
    expect(sync.title).toContain(`from ${VARIABLE}`);
  });

  it("set but empty is unset: the file is used", () => {
    const box = sandbox();
    claudeLogin(box, NOW + 6 * HOUR);
    expect(box.run(["models", "status"], { env: { [VARIABLE]: "" } }).stdout).toContain(
      "from ~/.claude/.credentials.json",
    );
    expect(profileIn(box)).toMatchObject({ type: "oauth", access: LOGIN_ACCESS, refresh: LOGIN_REFRESH });
  });

  it("a value that cannot be a token: the credentials-invalid finding names the variable, nothing is imported (not the file behind it), the value is never printed", () => {
    const box = sandbox();
    claudeLogin(box, NOW + 6 * HOUR);
    const broken = `${ENV_TOKEN.slice(0, 54)} ${ENV_TOKEN.slice(54)}`; // pasted across a line wrap
    const env = { [VARIABLE]: broken };
    const doctor = box.run(["doctor", "--json"], { env });
    expect(doctor.code).toBe(1);
    const finding = parseStdout(doctor).findings.find((f: any) => f.ruleId === "auth/claude-code-credentials-invalid");
    expect(finding.message).toMatch(
      /^Claude Code's credential in CLAUDE_CODE_OAUTH_TOKEN cannot be used: it contains whitespace/,
    );
    expect(fs.existsSync(box.store())).toBe(false);
    const check = box.run(["models", "status", "--check"], { env });
    expect(check.code).toBe(1);
    expect(check.stdout).toContain(`Claude Code's credentials in ${VARIABLE}: it contains whitespace`);
    expect(fs.existsSync(box.store())).toBe(false);
    for (const result of [doctor, check]) expectNotShown(result.stdout + result.stderr, broken);
  });
});

describe("the sync rule, end to end", () => {
  // Issue 15, case 6: Claude Code's login has a refresh token, so it outlives the token in effect,
  // whether its access token expires after the stored token or before it.
  it("a stored token expiring in 1h gives way to Claude Code's refreshable login: --check exits 0, and doctor agrees (case 6)", () => {
    for (const loginExpires of [NOW + 6 * HOUR, NOW + 30 * 60_000]) {
      const box = storedToken(NOW + HOUR);
      claudeLogin(box, loginExpires);
      const check = box.run(["models", "status", "--check"]);
      expect(check.stdout).toContain(
        `Applied: sync Claude Code credentials into agent main (${CLI} expires in 1h (within the 24h warning window) and Claude Code's credential is refreshable) from ~/.claude/.credentials.json`,
      );
      expect(check.code).toBe(0);
      expect(profileIn(box)).toEqual({
        type: "oauth",
        provider: "anthropic",
        access: LOGIN_ACCESS,
        refresh: LOGIN_REFRESH,
        expires: loginExpires,
      });
      const doctor = box.run(["doctor", "--json"]);
      expect(doctor.code).toBe(0);

      // doctor alone, on a fresh copy, does the same sync and agrees.
      const fresh = storedToken(NOW + HOUR);
      claudeLogin(fresh, loginExpires);
      expect(fresh.run(["doctor"]).code).toBe(0);
      expect(profileIn(fresh).refresh).toBe(LOGIN_REFRESH);
    }
  });

  it("the reverse: a fresh year-long setup-token is kept over Claude Code's 6-hour login", () => {
    const box = storedToken(NOW + 365 * DAY);
    claudeLogin(box, NOW + 6 * HOUR);
    const before = read(box.store());
    const status = box.run(["models", "status", "--check"]);
    expect(status.code).toBe(0);
    expect(status.stdout).not.toContain("Applied: sync");
    const doctor = parseStdout(box.run(["doctor", "--json"]));
    expect(doctor.findings.map((f: any) => f.ruleId)).not.toContain("auth/claude-cli-stale");
    expect(read(box.store())).toBe(before);
  });
});

/** Neither the value nor any long piece of it (between whitespace or control characters) is in `text`. */
function expectNotShown(text: string, value: string): void {
  // eslint-disable-next-line no-control-regex
  const pieces = value.split(/[\s\u0000-\u001f\u007f]+/).filter((piece) => piece.length >= 12);
  for (const piece of [value, ...pieces]) {
    for (let start = 0; start + 20 <= piece.length; start += 10)
      expect(text.includes(piece.slice(start, start + 20)), `shows ${piece.slice(0, 16)}…`).toBe(false);
  }
}

describe("the variable's value is masked everywhere", () => {
  const values: [string, string][] = [
    ["a good token", ENV_TOKEN],
    [
      "a token broken by a line break and an ESC",
      `${ENV_TOKEN.slice(0, 40)}\n${ENV_TOKEN.slice(40, 80)}\u001b${ENV_TOKEN.slice(80)}`,
    ],
  ];
  it.each(values)(
    "%s: doctor (text, --json, --sarif, --dry-run), models status (text, --json, --check) and the support bundle",
    async (_name, value) => {
      const box = sandbox();
      const env = { [VARIABLE]: value };
      const runs: [string, string[]][] = [
        ["doctor --dry-run", ["doctor", "--dry-run"]],
        ["doctor", ["doctor"]],
        ["doctor --json", ["doctor", "--json"]],
        ["doctor --sarif", ["doctor", "--sarif"]],
        ["models status", ["models", "status"]],
        ["models status --json", ["models", "status", "--json"]],
        ["models status --check", ["models", "status", "--check"]],
      ];
      const results = new Map<string, CliResult>(runs.map(([what, args]) => [what, box.run(args, { env })]));
      const bundle = path.join(box.home, "bundle.tar.gz");
      const made = box.run(["support-bundle", "--output", bundle], { env });
      expect(made.code).toBe(0);
      results.set("support-bundle", made);
      for (const [what, result] of results) expectNotShown(`${what}\n${result.stdout}${result.stderr}`, value);
      for (const [name, text] of await bundleFiles(bundle)) expectNotShown(`${name}\n${text}`, value);
      // So the checks above mean something: the variable was read, and named.
      const dryRun = results.get("doctor --dry-run")!.stdout;
      if (value === ENV_TOKEN) {
        expect(dryRun).toContain(`from ${VARIABLE}`);
        expect(profileIn(box).token).toBe(ENV_TOKEN);
      } else {
        expect(dryRun).toContain("[auth/claude-code-credentials-invalid]");
        expect(dryRun).toContain(VARIABLE);
      }
    },
  );
});
