// A value is a credential only if it has its provider's shape and is not a placeholder (issue 14,
// cases 5 and 6): `models status --check` and doctor agree on every value, wherever it is written.
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { HOUR, NOW, parseStdout, sandbox, writeJson, type CliResult } from "../helpers.js";

const OPENROUTER_KEY = "sk-or-v1-VALUESe2eOpenRouterKey7f3a9c1e5b8d2f6a0c4e";
const CLAUDE_CODE_TOKEN = "sk-ant-oat01-VALUESe2eClaudeCodeToken4b8e2a6c0f3d7b1e5a9c";
const API_KEY = "sk-ant-api03-VALUESe2eAnthropicApiKey9d3f7b1e5a2c6e0b4f8d";
const REFRESH = "sk-ant-ort01-VALUESe2eRefreshToken2c6e0a4f8b1d5e9c3a7f";

const VALUES = [
  { name: "the documentation's placeholder ...", value: "...", reason: /is a placeholder, not a real key/ },
  { name: "your-key-here", value: "your-key-here", reason: /is a placeholder, not a real key/ },
  {
    name: "an OpenRouter key",
    value: OPENROUTER_KEY,
    reason: /looks like an OpenRouter key .*not a key for anthropic/,
  },
  {
    name: "a Claude Code token",
    value: CLAUDE_CODE_TOKEN,
    reason: /only authorized for use with Claude Code and cannot be used as an API key/,
  },
];

const PLACES = [
  {
    name: "the environment",
    where: "ANTHROPIC_API_KEY in the environment",
    put: (_box: Box, value: string) => ({ ANTHROPIC_API_KEY: value }),
  },
  {
    name: "<state>/.env",
    where: "ANTHROPIC_API_KEY in ~/.clawdia/.env (line 1)",
    put: (box: Box, value: string) => {
      fs.mkdirSync(box.stateDir, { recursive: true, mode: 0o700 });
      fs.writeFileSync(box.dotenv, `ANTHROPIC_API_KEY=${value}\n`, { mode: 0o600 });
      return {};
    },
  },
  {
    name: "config env.vars",
    where: "env.vars.ANTHROPIC_API_KEY in ~/.clawdia/clawdia.json",
    put: (box: Box, value: string) => {
      writeJson(box.config, { env: { vars: { ANTHROPIC_API_KEY: value } } });
      return {};
    },
  },
  {
    name: "the daemon's unit (Environment=)",
    where: "ANTHROPIC_API_KEY from Environment= in ~/.config/systemd/user/clawdia-gateway.service:6",
    put: (box: Box, value: string) => {
      const dir = path.join(box.home, ".config/systemd/user");
      fs.mkdirSync(dir, { recursive: true });
      const lines = [
        "[Unit]",
        "Description=Clawdia gateway",
        "",
        "[Service]",
        "ExecStart=/usr/bin/clawdia gateway",
        `Environment=ANTHROPIC_API_KEY=${value}`,
        "",
      ];
      fs.writeFileSync(path.join(dir, "clawdia-gateway.service"), lines.join("\n"));
      return {};
    },
  },
];

type Box = ReturnType<typeof sandbox>;

/** Error-level findings of a doctor report about `provider`. */
function errorsAbout(report: any, provider: string): any[] {
  return report.findings.filter(
    (finding: any) => finding.severity === "error" && finding.subject.provider === provider,
  );
}

function missingCredentials(report: any): any {
  return report.findings.find((finding: any) => finding.ruleId === "auth/missing-credentials");
}

function expectNoSecret(results: CliResult[], value: string): void {
  if (value.length < 16) return; // a placeholder is no secret
  for (const result of results) expect(result.stdout + result.stderr).not.toContain(value);
}

describe("a value that is not a credential is no credential (case 5)", () => {
  const cases = VALUES.flatMap((value) => PLACES.map((place) => ({ ...value, place })));

  it.each(cases)(
    "$name in $place.name: --check exits 1, doctor reports the error and why",
    ({ value, reason, place }) => {
      const box = sandbox();
      const env = place.put(box, value);

      const check = box.run(["models", "status", "--check"], { env });
      expect(check.code).toBe(1);
      expect(check.stdout).toContain(`No usable credentials: ${place.where} `);
      const json = box.run(["models", "status", "--check", "--json"], { env });
      const status = parseStdout(json);
      expect(json.code).toBe(1);
      expect(status.exitCode).toBe(1);
      expect(status.agents[0].providers[0]).toMatchObject({ provider: "anthropic", health: "missing" });
      expect(status.agents[0].providers[0].effective).toBeUndefined();

      const doctor = box.run(["doctor", "--json"], { env });
      const report = parseStdout(doctor);
      expect(doctor.code).toBe(1);
      expect(errorsAbout(report, "anthropic").length).toBeGreaterThan(0);
      const missing = missingCredentials(report);
      expect(missing.severity).toBe("error");
      expect(missing.message).toContain(`: ${place.where} `);
      expect(missing.message).toMatch(reason);

      expectNoSecret([check, json, doctor], value);
    },
  );

  it("an earlier place hides a real key in a later one, as for the gateway: the check and doctor fail alike", () => {
    const box = sandbox();
    fs.mkdirSync(box.stateDir, { recursive: true, mode: 0o700 });
    fs.writeFileSync(box.dotenv, `ANTHROPIC_API_KEY=${API_KEY}\n`, { mode: 0o600 });
    const env = { ANTHROPIC_API_KEY: "..." };
    expect(box.run(["models", "status", "--check"], { env }).code).toBe(1);
    const doctor = box.run(["doctor", "--json"], { env });
    expect(doctor.code).toBe(1);
    expect(missingCredentials(parseStdout(doctor)).message).toContain(
      ": ANTHROPIC_API_KEY in the environment is a placeholder",
    );
  });

  it("a real key next to it in a later place still works: the check and doctor pass", () => {
    const box = sandbox();
    fs.mkdirSync(box.stateDir, { recursive: true, mode: 0o700 });
    fs.writeFileSync(box.dotenv, `ANTHROPIC_API_KEY=${API_KEY}\n`, { mode: 0o600 });
    writeJson(box.config, { env: { vars: { ANTHROPIC_API_KEY: "your-key-here" } } });
    expect(box.run(["models", "status", "--check"]).code).toBe(0);
    expect(missingCredentials(parseStdout(box.run(["doctor", "--json"])))).toBeUndefined();
  });

  it("a profile holding a value that is not its type's credential is left out, with the reason", () => {
    const box = sandbox();
    writeJson(box.store(), {
      version: 1,
      profiles: { "anthropic:default": { type: "api_key", provider: "anthropic", key: "sk-ant-api03-..." } },
    });
    const json = box.run(["models", "status", "--check", "--json"]);
    expect(json.code).toBe(1);
    const [provider] = parseStdout(json).agents[0].providers;
    expect(provider.resolution.excluded).toEqual([
      {
        profileId: "anthropic:default",
        reason: "it is a placeholder, not a real key: replace it with your Anthropic API key",
      },
    ]);
    const doctor = box.run(["doctor", "--json"]);
    expect(doctor.code).toBe(1);
    expect(missingCredentials(parseStdout(doctor)).message).toContain(
      ": profile anthropic:default is a placeholder, not a real key",
    );
  });

  it("a profile the provider refused since it last worked is left out; once it has worked again it counts", () => {
    const box = sandbox();
    const store = (errorCount: number) => ({
      version: 1,
      profiles: { "anthropic:default": { type: "api_key", provider: "anthropic", key: API_KEY } },
      usageStats: {
        "anthropic:default": {
          lastUsed: NOW - HOUR,
          errorCount,
          lastError: '401 {"type":"authentication_error","message":"invalid x-api-key"}',
        },
      },
    });
    writeJson(box.store(), store(3));
    const json = box.run(["models", "status", "--check", "--json"]);
    expect(json.code).toBe(1);
    expect(parseStdout(json).agents[0].providers[0].resolution.excluded[0].reason).toMatch(
      /^it was refused by Anthropic since it last worked \(an invalid key; 3 failed requests recorded\)/,
    );
    const doctor = box.run(["doctor", "--json"]);
    expect(doctor.code).toBe(1);
    expect(missingCredentials(parseStdout(doctor)).message).toMatch(
      /profile anthropic:default was refused by Anthropic since it last worked/,
    );

    writeJson(box.store(), store(0));
    expect(box.run(["models", "status", "--check"]).code).toBe(0);
    expect(missingCredentials(parseStdout(box.run(["doctor", "--json"])))).toBeUndefined();
  });
});

describe("empty and refreshable stored credentials (case 6)", () => {
  it("a whitespace-only static token is missing: --check exits 1, doctor reports no credential", () => {
    const box = sandbox();
    writeJson(box.store(), {
      version: 1,
      profiles: { "anthropic:manual": { type: "token", provider: "anthropic", token: "  \t " } },
    });
    const json = box.run(["models", "status", "--check", "--json"]);
    expect(json.code).toBe(1);
    const [provider] = parseStdout(json).agents[0].providers;
    expect(provider.health).toBe("missing");
    expect(provider.profiles).toMatchObject([{ id: "anthropic:manual", status: "missing" }]);
    expect(provider.resolution.excluded).toEqual([
      { profileId: "anthropic:manual", reason: "the credential is empty" },
    ]);
    expect(box.run(["models", "status", "--check"]).code).toBe(1);
    const doctor = box.run(["doctor", "--json"]);
    expect(doctor.code).toBe(1);
    expect(missingCredentials(parseStdout(doctor))).toMatchObject({
      severity: "error",
      subject: { provider: "anthropic" },
    });
  });

  it("an OAuth profile with an empty access token but a refresh token is usable (refreshed on use): exit 0", () => {
    const box = sandbox();
    const profile = { type: "oauth", provider: "anthropic", access: "", refresh: REFRESH, expires: NOW - HOUR };
    writeJson(box.store(), { version: 1, profiles: { "anthropic:claude-cli": profile } });
    const json = box.run(["models", "status", "--check", "--json"]);
    expect(json.code).toBe(0);
    const [provider] = parseStdout(json).agents[0].providers;
    expect(provider.health).toBe("ok");
    expect(provider.profiles).toMatchObject([{ id: "anthropic:claude-cli", status: "ok", refreshable: true }]);
    expect(provider.resolution.next).toBe("anthropic:claude-cli");
    expect(provider.effective).toMatchObject({ kind: "store", profileId: "anthropic:claude-cli" });
    expect(box.run(["models", "status", "--check"]).code).toBe(0);
    const doctor = box.run(["doctor", "--json"]);
    const report = parseStdout(doctor);
    expect(errorsAbout(report, "anthropic")).toEqual([]);
    expect(doctor.code).toBe(0);
  });

  it("an OAuth profile with an empty access token and no refresh token is missing: exit 1", () => {
    const box = sandbox();
    writeJson(box.store(), {
      version: 1,
      profiles: {
        "anthropic:claude-cli": { type: "oauth", provider: "anthropic", access: "", refresh: " ", expires: NOW + HOUR },
      },
    });
    expect(box.run(["models", "status", "--check"]).code).toBe(1);
    expect(box.run(["doctor"]).code).toBe(1);
  });
});
