// No secret in any output. Distinctive secrets are planted in every file doctor reads (config
// env.vars, .env, every store field, Claude Code's credentials) and in the environment; then every
// kind of run is made, and no stdout or stderr may contain any of them, not even its first 20
// characters. Files doctor writes outside the user's own state files must not hold them either.
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { DAY, NOW, sandbox, writeClaudeCredentials, writeJson, type CliResult, type Sandbox } from "./helpers.js";

/** A full-length secret: its tag, filler, and a tail of its own (fingerprints show the last four). */
const pad = (tagged: string) =>
  (tagged + "0123456789abcdefghijABCDEFGHIJ0123456789").slice(0, 56) + `Z${tagged.match(/Qx(\d\d)/)![1]}z`;

/** Each secret has a unique tag right after its provider prefix, so its first 20 characters are its own. */
const SECRETS = {
  configOpenRouter: pad("sk-or-v1-Qx01ConfigVarOpenRouter"),
  configCustom: "Qx02ConfigCustomPassword-no-known-shape-7f3a9c",
  dotenvAnthropic: pad("sk-ant-oat01-Qx03DotenvClaudeCodeToken"), // a Claude Code token as an API key: a finding quotes it
  dotenvCustom: "Qx04DotenvGatewaySecret-opaque-value-1b2c3d4e",
  storeAccess: pad("sk-ant-oat01-Qx05StoreOauthAccess"),
  storeRefresh: pad("sk-ant-ort01-Qx06StoreOauthRefresh"),
  storeToken: pad("sk-ant-oat01-Qx07StorePastedToken"),
  storeKey: pad("sk-ant-api03-Qx08StoreApiKey"),
  storeOpaque: "Qx09StoreCustomProviderKey-opaque-5e6f7a8b9c",
  storeBadType: pad("sk-ant-api03-Qx10StoreKeyWithBadType"),
  claudeAccess: pad("sk-ant-oat01-Qx11ClaudeCodeAccess"),
  claudeRefresh: pad("sk-ant-ort01-Qx12ClaudeCodeRefresh"),
  envAnthropic: pad("sk-ant-api03-Qx13ShellEnvAnthropic"),
  envOpenRouter: pad("sk-or-v1-Qx14ShellEnvOpenRouter"),
};
const ENV = { ANTHROPIC_API_KEY: SECRETS.envAnthropic, OPENROUTER_API_KEY: SECRETS.envOpenRouter };

function plant(): Sandbox {
  const box = sandbox();
  fs.mkdirSync(box.stateDir, { mode: 0o755 }); // too open: a chmod is planned too
  // env.vars sits next to the dangling order, so the diff's context lines show it.
  const config = `// planted secrets
{
  "agents": { "list": [{ "id": "main", "default": true }] },
  "models": { "default": "anthropic/claude-opus-4-5", "aliases": { "router": "openrouter/auto" } },
  "env": { "vars": { "OPENROUTER_API_KEY": "${SECRETS.configOpenRouter}", "CUSTOM_SERVICE_PASSWORD": "${SECRETS.configCustom}" } },
  "auth": {
    "order": { "anthropic": ["anthropic:gone", "anthropic:default"] },
    "profiles": { "anthropic:claude-cli": { "provider": "anthropic", "mode": "oauth" } }
  }
}
`;
  fs.writeFileSync(box.config, config, { mode: 0o644 });
  fs.writeFileSync(
    box.dotenv,
    `ANTHROPIC_API_KEY=${SECRETS.dotenvAnthropic}\nGATEWAY_SHARED_SECRET="${SECRETS.dotenvCustom}"\n`,
    { mode: 0o600 },
  );
  writeJson(box.store(), {
    version: 1,
    profiles: {
      "anthropic:claude-cli": {
        type: "oauth",
        provider: "anthropic",
        access: SECRETS.storeAccess,
        refresh: SECRETS.storeRefresh,
        expires: NOW + DAY,
      },
      "anthropic:manual": {
        type: "token",
        provider: "anthropic",
        token: SECRETS.storeToken,
        expires: NOW + 2 * 3_600_000,
      },
      "anthropic:default": { type: "api_key", provider: "anthropic", key: SECRETS.storeKey },
      "custom:default": { type: "api_key", provider: "custom", key: SECRETS.storeOpaque },
      "anthropic:typo": { type: "apikey", provider: "anthropic", key: SECRETS.storeBadType },
    },
    order: { anthropic: ["anthropic:nope", "anthropic:default"] },
  });
  // Newer than the stored profile: the sync pass rewrites the store's access and refresh.
  writeClaudeCredentials(box.home, {
    accessToken: SECRETS.claudeAccess,
    refreshToken: SECRETS.claudeRefresh,
    expiresAt: NOW + 30 * DAY,
  });
  fs.mkdirSync(path.join(box.home, "tmp"));
  return box;
}

function run(box: Sandbox, args: string[]): CliResult {
  return box.run(args, { env: { ...ENV, TMPDIR: path.join(box.home, "tmp") } });
}

function expectNoSecret(result: CliResult, what: string): void {
  for (const [name, secret] of Object.entries(SECRETS)) {
    for (const [stream, text] of [
      ["stdout", result.stdout],
      ["stderr", result.stderr],
    ]) {
      expect(text.includes(secret.slice(0, 20)), `${what}: ${stream} shows ${name}`).toBe(false);
    }
  }
}

/** Every regular file under `dir`, except those under the `skip` paths. */
function filesUnder(dir: string, skip: string[]): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (skip.includes(full)) return [];
    if (entry.isDirectory()) return filesUnder(full, skip);
    return entry.isFile() ? [full] : [];
  });
}

describe("no planted secret in any output", () => {
  const runs: [string, string[]][] = [
    ["text", ["doctor"]],
    ["--json", ["doctor", "--json"]],
    ["--sarif", ["doctor", "--sarif"]],
    ["--dry-run (diff)", ["doctor", "--dry-run"]],
    ["--dry-run --json (diff)", ["doctor", "--dry-run", "--json"]],
    ["--fix --yes", ["doctor", "--fix", "--yes"]],
    ["--agent main --json", ["doctor", "--agent", "main", "--json"]],
    ["--list-rules", ["doctor", "--list-rules"]],
    ["--explain", ["doctor", "--explain", "auth/claude-code-only-credential"]],
    ["unknown flag", ["doctor", "--frobnicate"]],
    ["unknown rule", ["doctor", "--only", "no/such-rule"]],
    ["unknown agent", ["doctor", "--agent", "ghost"]],
  ];
  for (const [what, args] of runs) {
    it(what, () => {
      const box = plant();
      const result = run(box, args);
      expect(result.stdout.length + result.stderr.length).toBeGreaterThan(0);
      expectNoSecret(result, what);
    });
  }

  it("the planted state does produce findings, changes and a diff (so the checks above mean something)", () => {
    const result = run(plant(), ["doctor", "--dry-run"]);
    expect(result.stdout).toContain("[auth/claude-code-only-credential]");
    expect(result.stdout).toContain("[store/invalid]");
    expect(result.stdout).toMatch(/^\+.*"access": "sk-ant-oat01-…/m);
    expect(result.stdout).toMatch(/^ .*"OPENROUTER_API_KEY": "sk-or-v1-…/m); // diff context shows env.vars, masked
  });

  it("--undo, and a refused --undo", () => {
    const box = plant();
    expectNoSecret(run(box, ["doctor"]), "doctor");
    expectNoSecret(run(box, ["doctor", "--undo"]), "--undo");
    expectNoSecret(run(box, ["doctor"]), "doctor again");
    fs.appendFileSync(box.config, "// edited\n");
    const refused = run(box, ["doctor", "--undo"]);
    expect(refused.code).not.toBe(0);
    expectNoSecret(refused, "refused --undo");
  });

  it("files doctor writes hold no secret outside the user's own state files and their backups", () => {
    const box = plant();
    run(box, ["doctor", "--fix", "--yes"]);
    run(box, ["doctor", "--undo"]);
    run(box, ["doctor"]);
    const planted = [path.join(box.home, ".claude", ".credentials.json")];
    const ownState = [box.config, box.dotenv, box.store(), box.state("backups")];
    // Outside the state dir only what the test planted; in it, history and manifests hold no secret.
    const outside = filesUnder(box.home, [box.stateDir, ...planted]);
    expect(outside).toEqual([]);
    const written = filesUnder(box.stateDir, ownState).concat(
      filesUnder(box.state("backups"), []).filter((file) => file.endsWith("manifest.json")),
    );
    expect(written.map((file) => path.relative(box.stateDir, file))).toEqual(
      expect.arrayContaining(["doctor/history.jsonl"]),
    );
    for (const file of written) {
      const text = fs.readFileSync(file, "utf8");
      for (const [name, secret] of Object.entries(SECRETS))
        expect(text.includes(secret.slice(0, 20)), `${file} holds ${name}`).toBe(false);
    }
    // Backups are the user's own files, kept private.
    for (const file of filesUnder(box.state("backups"), [])) expect(fs.statSync(file).mode & 0o077).toBe(0);
  });
});

describe("a secret pasted on the command line by mistake", () => {
  const pasted = pad("sk-ant-api03-Qx15PastedOnTheCommandLine");

  it("is masked in doctor's own usage errors (unknown rule, unknown agent)", () => {
    for (const args of [
      ["doctor", "--only", pasted],
      ["doctor", "--agent", pasted],
    ]) {
      const result = sandbox().run(args);
      expect(result.code).toBe(64);
      expect(result.stderr).not.toContain(pasted.slice(0, 20));
      expect(result.stderr).toContain("sk-ant-api03-…");
    }
  });

  // Was a bug (src/cli/main.ts): commander's own errors are written by configureOutput.writeErr straight
  // to stderr, not through printErr's masker: `--token=sk-ant-…` is echoed whole.
  it("is masked in the parser's errors too (unknown option, extra argument)", () => {
    for (const args of [
      ["doctor", `--token=${pasted}`],
      ["doctor", pasted],
    ]) {
      const result = sandbox().run(args);
      expect(result.code).toBe(64);
      expect(result.stderr).not.toContain(pasted.slice(0, 20));
    }
  });
});
