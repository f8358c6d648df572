// The heart of support-bundle: distinctive secrets are planted in every source it reads (config with
// env.vars and gateway.auth.token, every store field, .env, the systemd unit with its inline
// Environment= and its EnvironmentFile, the launchd plist, Claude Code's credentials, the shell
// environment, and logs: plain, in JSON lines, in URLs, bearer headers, a JWT, base64 and
// URL-encoded). The bundle is built by the real CLI and read back: no file of it may hold any planted
// secret, nor its base64 or URL-encoded form, nor its first 16 characters, nor the home directory;
// and one secret has one placeholder everywhere.
import { createHash } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import {
  DAY,
  NOW,
  sandbox,
  tree,
  writeClaudeCredentials,
  writeJson,
  type CliResult,
  type Sandbox,
} from "../helpers.js";
import { bundleFiles, readBundle, runIn, sharedSandbox, type BundleFile } from "./helpers.js";

/** A long secret with its own tag right after its prefix, so its first 16 characters are its own. */
const pad = (tagged: string) => (tagged + "k9Xm2Pq7Rz4Wv8Ty3Ub6Nc1Ld5Fh0Gj").slice(0, 52);
const b64 = (text: string) => Buffer.from(text).toString("base64");
const b64url = (text: string) => b64(text).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
const jwtPayload = b64url(JSON.stringify({ sub: "Qb24-user", scope: "gateway" }));

const S = {
  configOpenRouter: pad("sk-or-v1-Qb01ConfigEnvVar"),
  configHook: "Qb02hK7xP9mZ4wR2tY8uV3nB6cL1aS5dF0gJ", // under an ordinary name: random-looking is enough
  gatewayToken: "Qb03-gateway-auth-token-opaque-value",
  configNested: pad("xoxb-Qb04-SlackBotToken-"),
  storeAccess: pad("sk-ant-oat01-Qb05StoreAccess"),
  storeRefresh: pad("sk-ant-ort01-Qb06StoreRefresh"),
  storeToken: pad("sk-ant-oat01-Qb07StoreToken"),
  storeKey: pad("sk-ant-api03-Qb08StoreKey"),
  storeOpaque: "Qb09Custom/Key+With=Specials&more:yes",
  dotenvAnthropic: pad("sk-ant-api03-Qb10Dotenv"),
  dotenvCustom: "Qb11Dotenv$ecret:with/slash?and&amp",
  unitInline: pad("sk-ant-api03-Qb12UnitInline"),
  unitQuoted: "Qb13 unit quoted password with spaces",
  unitEnvFile: "Qb14-environment-file-token-opaque",
  plistKey: pad("sk-or-v1-Qb15PlistKey"),
  plistOpaque: "Qb16Plist&Secret<opaque>value",
  claudeAccess: pad("sk-ant-oat01-Qb17ClaudeAccess"),
  claudeRefresh: pad("sk-ant-ort01-Qb18ClaudeRefresh"),
  shellAnthropic: pad("sk-ant-api03-Qb19ShellEnv"),
  logUrlPassword: "Qb20UrlPassw0rd-xyz",
  logQueryToken: "Qb21QueryTok3n-abcdef",
  logQueryApiKey: "Qb22QueryApiK3y-ghijkl",
  logBearer: "Qb23BearerTok3n-mnopqr-stuvwx",
  logJwt: `eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.${jwtPayload}.Qb24SiGnAtUrE_x9Yz8Wv7`,
  logJsonField: "Qb25JsonLogKey-opaque-value",
};
/** A key of no profile, known only by its shape, quoted JSON-escaped in a provider's body (lastError). */
const FOREIGN_KEY = pad("sk-ant-api03-Qb26ForeignInBody");

/** Secrets that are in the state, so every form of them is matched exactly. */
const IN_STATE = Object.entries(S).filter(([name]) => !name.startsWith("log"));

function forms(secret: string): [string, string][] {
  const out: [string, string][] = [
    ["raw", secret],
    ["base64", b64(secret)],
    ["base64 unpadded", b64(secret).replace(/=+$/, "")],
    ["base64url", b64url(secret)],
    ["URL-encoded", encodeURIComponent(secret)],
    ["first 16 characters", secret.slice(0, 16)],
    // What follows a prefix written another way (`sk\u002dant\u002dapi03\u002d…` in a provider's body).
    ["last 16 characters", secret.slice(-16)],
  ];
  return out.filter(([, text]) => text.length >= 8);
}

function plant(box: Sandbox = sandbox()): Sandbox {
  fs.mkdirSync(box.stateDir, { mode: 0o700 });
  fs.writeFileSync(
    box.config,
    `// planted secrets
{
  "agents": { "list": [{ "id": "main", "default": true }, { "id": "work" }] },
  "models": { "default": "anthropic/claude-opus-4-5", "aliases": { "router": "openrouter/auto" } },
  "gateway": { "port": 18789, "auth": { "mode": "token", "token": "${S.gatewayToken}" } },
  "plugins": { "slack": { "botToken": "${S.configNested}" } },
  "env": { "vars": { "OPENROUTER_API_KEY": "${S.configOpenRouter}", "DEPLOY_HOOK": "${S.configHook}", "NODE_ENV": "production" } },
  "auth": { "profiles": { "anthropic:claude-cli": { "provider": "anthropic", "mode": "oauth" } } }
}
`,
    { mode: 0o600 },
  );
  fs.writeFileSync(box.dotenv, `ANTHROPIC_API_KEY=${S.dotenvAnthropic}\nGATEWAY_SHARED_SECRET="${S.dotenvCustom}"\n`, {
    mode: 0o600,
  });
  writeJson(box.store(), {
    version: 1,
    profiles: {
      "anthropic:claude-cli": {
        type: "oauth",
        provider: "anthropic",
        access: S.storeAccess,
        refresh: S.storeRefresh,
        expires: NOW + DAY,
      },
      "anthropic:manual": { type: "token", provider: "anthropic", token: S.storeToken, expires: NOW + 2 * 3_600_000 },
      "anthropic:default": { type: "api_key", provider: "anthropic", key: S.storeKey },
      "custom:default": { type: "api_key", provider: "custom", key: S.storeOpaque },
    },
    usageStats: {
      "anthropic:manual": { errorCount: 2, cooldownUntil: NOW + 60_000, lastError: `401 for key ${S.storeToken}` },
      // The provider's JSON body quoted in the string, the key's dashes escaped as \u002d.
      "anthropic:default": {
        errorCount: 1,
        lastError: `429 {"key":"${S.storeKey.replace(/-/g, "\\u002d")}","other":"${FOREIGN_KEY.replace(/-/g, "\\u002d")}"}`,
      },
    },
  });
  const unitDir = path.join(box.home, ".config", "systemd", "user");
  fs.mkdirSync(unitDir, { recursive: true });
  fs.writeFileSync(path.join(box.home, ".config", "daemon.env"), `MY_TOKEN=${S.unitEnvFile}\n`);
  fs.writeFileSync(
    path.join(unitDir, "clawdia-gateway.service"),
    `[Unit]
Description=Clawdia gateway

[Service]
ExecStart=/usr/bin/node /opt/clawdia/gateway.js --auth-token ${S.gatewayToken}
Environment=ANTHROPIC_API_KEY=${S.unitInline}
Environment="GATEWAY_PASSWORD=${S.unitQuoted}" NODE_ENV=production
EnvironmentFile=-%h/.config/daemon.env
`,
  );
  const plistDir = path.join(box.home, "Library", "LaunchAgents");
  fs.mkdirSync(plistDir, { recursive: true });
  fs.writeFileSync(
    path.join(plistDir, "ai.clawdia.gateway.plist"),
    `<?xml version="1.0" encoding="UTF-8"?>
<plist version="1.0"><dict>
  <key>Label</key><string>ai.clawdia.gateway</string>
  <key>ProgramArguments</key><array><string>/usr/local/bin/clawdia</string><string>gateway</string></array>
  <key>EnvironmentVariables</key>
  <dict>
    <key>OPENROUTER_API_KEY</key><string>${S.plistKey}</string>
    <key>PLIST_SECRET</key><string>${S.plistOpaque.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;")}</string>
  </dict>
</dict></plist>
`,
  );
  writeClaudeCredentials(box.home, {
    accessToken: S.claudeAccess,
    refreshToken: S.claudeRefresh,
    expiresAt: NOW + 30 * DAY,
  });
  writeLogs(box);
  return box;
}

function writeLogs(box: Sandbox): void {
  const logs = box.state("logs");
  fs.mkdirSync(logs, { mode: 0o700 });
  const t = (minute: number) => `2026-11-27T11:${String(minute).padStart(2, "0")}:00Z`;
  const lines = [
    `${t(0)} info gateway starting, config ${box.config}`,
    `${t(1)} info using key ${S.storeKey}`,
    `{"level":30,"time":"${t(2)}","msg":"request","headers":{"authorization":"Bearer ${S.logBearer}"},"token":"${S.storeToken}","apiKey":"${S.logJsonField}"}`,
    `${t(3)} debug GET https://admin:${S.logUrlPassword}@internal.example/api?token=${S.logQueryToken}&api_key=${S.logQueryApiKey}`,
    `${t(4)} debug Authorization: Bearer ${S.logBearer}`,
    `${t(5)} debug session ${S.logJwt}`,
    `${t(6)} debug blob ${b64("prefix:" + S.storeOpaque)} end`,
    `${t(7)} debug callback?data=${encodeURIComponent(S.dotenvCustom)}&x=1`,
    `${t(8)} error {"err":"{\\"password\\":\\"${S.unitQuoted}\\"}"}`,
    ...IN_STATE.flatMap(([name, secret], i) => [
      `${t(10 + i)} mention ${name} ${secret}`,
      `${t(10 + i)} b64 ${name} ${b64(secret)}`,
      `${t(10 + i)} url ${name} ${encodeURIComponent(secret)}`,
    ]),
    `${t(59)} info home ${box.home} and ${encodeURIComponent(box.home + "/x")}`,
  ];
  fs.writeFileSync(path.join(logs, "gateway.log"), lines.join("\n") + "\n");
  fs.writeFileSync(
    path.join(logs, "worker.log"),
    `{"level":50,"time":${NOW - 60_000},"msg":"refresh failed","refresh":"${S.claudeRefresh}","url":"https://api.example/x?key=${S.logQueryApiKey}"}\n`,
  );
}

const ENV = { ANTHROPIC_API_KEY: S.shellAnthropic };

describe("support-bundle redaction", () => {
  let box: Sandbox;
  let result: CliResult;
  let entries: Map<string, BundleFile>;
  let files: Map<string, string>;
  let before: Record<string, string>;
  let after: Record<string, string>;

  beforeAll(async () => {
    box = plant(sharedSandbox());
    const out = path.join(box.home, "out");
    fs.mkdirSync(out);
    const snapshotOfHome = () =>
      Object.fromEntries(Object.entries(tree(box.home)).filter(([name]) => !name.startsWith("out")));
    before = snapshotOfHome();
    result = runIn(box, ["support-bundle", "--output", "out/bundle.tar.gz"], { env: ENV });
    after = snapshotOfHome();
    if (result.code !== 0) throw new Error(`support-bundle failed (${result.code}): ${result.stderr}`);
    entries = await readBundle(path.join(out, "bundle.tar.gz"));
    files = await bundleFiles(path.join(out, "bundle.tar.gz"));
  });

  it("has every file the issue names", () => {
    expect([...files.keys()].sort()).toEqual(
      [
        "auth/main.json",
        "auth/work.json",
        "config.redacted.jsonc",
        "daemon.json",
        "doctor.json",
        "env.json",
        "logs/gateway.log",
        "logs/worker.log",
        "manifest.json",
        "models-status.json",
        "summary.md",
        "system.json",
      ].sort(),
    );
  });

  it("no planted secret survives in any file, in any form", () => {
    const leaks: string[] = [];
    for (const [name, text] of files) {
      for (const [secretName, secret] of Object.entries(S)) {
        for (const [form, needle] of forms(secret))
          if (text.includes(needle)) leaks.push(`${name}: ${secretName} (${form})`);
      }
    }
    expect(leaks).toEqual([]);
  });

  it("nor in the entry names, nor in what the CLI printed", () => {
    const printed = result.stdout + result.stderr + [...entries.keys()].join("\n");
    for (const [name, secret] of Object.entries(S)) expect(printed.includes(secret.slice(0, 16)), name).toBe(false);
  });

  it("the secrets inside larger encodings are gone too (base64 of prefix:secret, URL-encoded query value)", () => {
    const log = files.get("logs/gateway.log")!;
    expect(log).not.toContain(b64("prefix:" + S.storeOpaque).slice(4, 30));
    expect(log).toMatch(/blob \S*\[REDACTED:secret#\d+\]/);
    expect(log).toMatch(/callback\?data=\[REDACTED:secret#\d+\]&x=1/);
  });

  it("a key of no profile, JSON-escaped inside a recorded error (sk\\u002dant…), is gone too", () => {
    for (const [name, text] of files) expect(text.includes(FOREIGN_KEY.slice(13, 29)), name).toBe(false);
  });

  it("the home directory never appears; ~ stands for it", () => {
    for (const [name, text] of files) expect(text.includes(box.home), name).toBe(false);
    expect(files.get("logs/gateway.log")).toContain("config ~/.clawdia/clawdia.json");
    expect(files.get("summary.md")).toContain("`~/.clawdia`");
  });

  it("the same secret has the same placeholder everywhere, and different secrets different ones", () => {
    const auth = JSON.parse(files.get("auth/main.json")!);
    const byId = Object.fromEntries(auth.profiles.map((p: any) => [p.id, p]));
    const key = byId["anthropic:default"].redactedAs as string;
    const token = byId["anthropic:manual"].redactedAs as string;
    expect(key).toMatch(/^\[REDACTED:anthropic-api-key#\d+\]$/);
    expect(token).toMatch(/^\[REDACTED:anthropic-oauth-token#\d+\]$/);
    expect(key).not.toBe(token);
    const log = files.get("logs/gateway.log")!.split("\n");
    const line = (prefix: string) => log.find((l) => l.includes(prefix))!;
    expect(line("info using key")).toContain(key);
    expect(line("mention storeKey")).toContain(key);
    expect(line("b64 storeKey")).toContain(key);
    expect(line("url storeKey")).toContain(key);
    expect(line('"msg":"request"')).toContain(token);
    expect(auth.profiles.find((p: any) => p.id === "anthropic:manual").usage.lastError).toContain(token);
    // A config value and its mentions in the log.
    const config = files.get("config.redacted.jsonc")!;
    const openrouter = /"OPENROUTER_API_KEY": "(\[REDACTED:[^"]+\])"/.exec(config)![1];
    expect(line("mention configOpenRouter")).toContain(openrouter);
    expect(line("b64 configOpenRouter")).toContain(openrouter);
    // Log-only secrets found by context are remembered: the bearer token's two sightings match.
    const bearer = /Bearer (\[REDACTED:[^\]]+\])/.exec(line("Authorization: Bearer"))![1];
    expect(line('"msg":"request"')).toContain(`Bearer ${bearer}`);
    // Every placeholder number names one value: no two different kinds share a number.
    const all = [...files.values()].join("\n").match(/\[REDACTED:[a-z0-9-]+#\d+\]/g)!;
    const kindByNumber = new Map<string, string>();
    for (const p of all) {
      const [, kind, n] = /\[REDACTED:(.+)#(\d+)\]/.exec(p)!;
      expect(kindByNumber.get(n) ?? kind).toBe(kind);
      kindByNumber.set(n, kind);
    }
  });

  it("config.redacted.jsonc keeps the comments, structure and ordinary values", () => {
    const config = files.get("config.redacted.jsonc")!;
    expect(config.startsWith("// planted secrets\n{")).toBe(true);
    expect(config).toContain('"port": 18789');
    expect(config).toContain('"mode": "token"');
    expect(config).toMatch(/"token": "\[REDACTED:secret#\d+\]"/);
    expect(config).toMatch(/"DEPLOY_HOOK": "\[REDACTED:/);
  });

  it("env.json and daemon.json have the names and sources, not the values", () => {
    const env = JSON.parse(files.get("env.json")!);
    const sources = Object.fromEntries(env.variables.map((v: any) => [v.name, v.sources.map((s: any) => s.from)]));
    expect(sources.ANTHROPIC_API_KEY).toEqual(["shell", "dotenv", "systemd"]);
    expect(sources.OPENROUTER_API_KEY).toEqual(["config", "launchd"]);
    expect(sources.MY_TOKEN).toEqual(["systemd-environment-file"]);
    // daemon.json comes from the snapshot's reading of the installed unit (src/daemon), names only.
    const daemon = JSON.parse(files.get("daemon.json")!);
    expect(daemon).toMatchObject({
      kind: "systemd",
      installed: true,
      file: { path: "~/.config/systemd/user/clawdia-gateway.service", status: "ok" },
    });
    expect(daemon.environmentFiles).toEqual([
      {
        path: "~/.config/daemon.env",
        optional: true,
        files: [{ path: "~/.config/daemon.env", status: "ok", keys: ["MY_TOKEN"] }],
      },
    ]);
    expect(daemon.processEnvironment.map((v: any) => v.key).sort()).toEqual([
      "ANTHROPIC_API_KEY",
      "GATEWAY_PASSWORD",
      "MY_TOKEN",
      "NODE_ENV",
    ]);
    expect(daemon.inlineSecrets.map((s: any) => s.name)).toEqual(
      expect.arrayContaining(["ANTHROPIC_API_KEY", "GATEWAY_PASSWORD", "--auth-token"]),
    );
    expect(daemon.command.join(" ")).toMatch(/--auth-token \[REDACTED:secret#\d+\]/);
    expect(daemon.otherFiles).toEqual([
      expect.objectContaining({
        kind: "launchd",
        path: "~/Library/LaunchAgents/ai.clawdia.gateway.plist",
        environmentKeys: ["OPENROUTER_API_KEY", "PLIST_SECRET"],
      }),
    ]);
  });

  it("auth/<agent>.json has ids, types, providers, expiry, fingerprints and cooldowns", () => {
    const auth = JSON.parse(files.get("auth/main.json")!);
    expect(auth.store).toMatchObject({ path: "~/.clawdia/agents/main/agent/auth-profiles.json", status: "ok" });
    const manual = auth.profiles.find((p: any) => p.id === "anthropic:manual");
    expect(manual).toMatchObject({
      type: "token",
      provider: "anthropic",
      status: "expiring",
      fingerprint: expect.stringMatching(/^sk-ant-oat01-…/),
      expires: new Date(NOW + 2 * 3_600_000).toISOString(),
    });
    expect(manual.usage).toMatchObject({ errorCount: 2, cooldownUntil: new Date(NOW + 60_000).toISOString() });
    expect(JSON.parse(files.get("auth/work.json")!)).toMatchObject({
      agentId: "work",
      store: { status: "missing" },
      profiles: [],
    });
  });

  it("system.json has no hostname and no user name", () => {
    const system = JSON.parse(files.get("system.json")!);
    expect(Object.keys(system).sort()).toEqual(
      ["arch", "clawdia", "cpus", "memoryGiB", "node", "os", "platform", "release", "shell", "timeZone"]
        .filter((k) => k !== "shell" || "shell" in system)
        .sort(),
    );
    const text = files.get("system.json")!;
    expect(text).not.toContain(os.hostname());
    const user = os.userInfo().username;
    if (user.length > 3) expect(text).not.toContain(`"${user}"`);
  });

  it("the archive and its entries are private and carry no owner name", () => {
    expect(fs.statSync(path.join(box.home, "out", "bundle.tar.gz")).mode & 0o777).toBe(0o600);
    for (const entry of entries.values()) {
      expect(entry.mode & 0o077, entry.name).toBe(0);
      expect(entry.uname).toBe("");
      expect(entry.gname).toBe("");
      expect(entry.name === "bundle" || entry.name.startsWith("bundle/"), entry.name).toBe(true);
    }
  });

  it("the manifest lists every other file with its size and sha256, and counts redactions by kind", () => {
    const manifest = JSON.parse(files.get("manifest.json")!);
    expect(manifest.files.map((f: any) => f.name).sort()).toEqual(
      [...files.keys()].filter((n) => n !== "manifest.json").sort(),
    );
    for (const file of manifest.files) {
      const content = Buffer.from(files.get(file.name)!, "utf8");
      expect(file.size).toBe(content.length);
      expect(file.sha256).toBe(createHash("sha256").update(content).digest("hex"));
    }
    expect(manifest.tool).toEqual({ name: "clawdia", version: expect.any(String) });
    expect(manifest.redactions.total).toBeGreaterThan(20);
    expect(manifest.redactions.byKind).toMatchObject({
      "known-secret": expect.any(Number),
      "url-credentials": expect.any(Number),
      "authorization-header": expect.any(Number),
      jwt: expect.any(Number),
      "home-directory": expect.any(Number),
    });
  });

  it("the state and every other file in the home are exactly as they were (contents and modes)", () => {
    expect(after).toEqual(before);
  });
});
