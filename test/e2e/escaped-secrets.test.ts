// Secrets written with escapes (issue 16): a diff shows a file's raw text, where a secret may be
// escaped in ways its parsed value is not; the bundle's logs hold secrets JSON-escaped by other
// writers. Every output must hold none of it, in any encoding.
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { sandbox, writeJson, type CliResult, type Sandbox } from "./helpers.js";
import { daemonSandbox } from "./daemon/helpers.js";
import { bundleFiles } from "./bundle/helpers.js";

/** The run of each secret that every escaped form still shows whole. */
const TOKEN_RUN = "Zq8Lm3Np7Rt2Vx9Yb4";
/** `gw"Tok\en-Zq8…` as JSON writes it: `gw\"Tok\\en-Zq8…`. */
const ESCAPED_TOKEN_JSON = String.raw`gw\"Tok\\en-Zq8Lm3Np7Rt2Vx9Yb4`;
const KEY_RUN = "Hk4Pw9Ls2Df7Gj3Qa8";
/** An Anthropic key with one character written as \u0039 ("9") in the store file. */
const KEY_ESCAPED = String.raw`sk-ant-api03-Hk4Pw\u0039Ls2Df7Gj3Qa8Mn5Bv1Cx6`;
const PEM_LINE = "MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7Qx4";

function outputs(...results: CliResult[]): string {
  return results.map((result) => result.stdout + result.stderr).join("\n");
}

function expectNone(text: string, runs: string[]): void {
  for (const run of runs) expect(text, `leaks ${run.slice(0, 6)}…`).not.toContain(run);
  // Nor with its escapes undone by a JSON reader of our output.
  for (const run of runs) expect(text.replace(/\\(.)/g, "$1")).not.toContain(run);
}

/** A config and a store, each with an escaped secret next to a dangling auth order doctor repairs. */
function escapedState(): Sandbox {
  const box = sandbox();
  fs.mkdirSync(box.stateDir, { mode: 0o700 });
  fs.writeFileSync(
    box.config,
    `{\n  "gateway": { "auth": { "token": "${ESCAPED_TOKEN_JSON}" } },\n  "auth": { "order": { "anthropic": ["anthropic:gone", "anthropic:default"] } }\n}\n`,
    { mode: 0o600 },
  );
  fs.mkdirSync(path.dirname(box.store()), { recursive: true, mode: 0o700 });
  fs.writeFileSync(
    box.store(),
    `{\n  "version": 1,\n  "profiles": { "anthropic:default": { "type": "api_key", "provider": "anthropic", "key": "${KEY_ESCAPED}" } },\n  "order": { "anthropic": ["anthropic:nope", "anthropic:default"] }\n}\n`,
    { mode: 0o600 },
  );
  return box;
}

describe("dry-run diffs mask the raw text they show", () => {
  it("doctor --dry-run (text, --json, --sarif): neither the escaped token nor the \\u-escaped key", () => {
    const box = escapedState();
    const text = box.run(["doctor", "--dry-run"]);
    expect(text.stdout).toMatch(/anthropic:gone/); // the diff is there
    const json = box.run(["doctor", "--dry-run", "--json"]);
    expect(JSON.parse(json.stdout).diff).toMatch(/anthropic:nope/);
    expectNone(outputs(text, json, box.run(["doctor", "--dry-run", "--sarif"])), [TOKEN_RUN, KEY_RUN]);
  });

  it("migrate --dry-run (text and --json): the escaped token beside the line a migration changes", () => {
    const box = sandbox();
    writeJson(box.config, {});
    fs.writeFileSync(
      box.config,
      `{\n  "gateway": { "auth": { "token": "${ESCAPED_TOKEN_JSON}" } },\n  "auth": { "profiles": { "anthropic:claude-cli": { "provider": "anthropic", "mode": "token" } } }\n}\n`,
    );
    const text = box.run(["migrate", "--dry-run"]);
    expect(text.stdout).toMatch(/"mode": "oauth"/);
    const json = box.run(["migrate", "--dry-run", "--json"]);
    expectNone(outputs(text, json), [TOKEN_RUN]);
  });

  it("doctor --fix --dry-run: a multi-line PRIVATE_PEM in .env, shown as diff context, stays hidden", () => {
    const box = daemonSandbox("daemon-systemd");
    const pem = `PRIVATE_PEM="-----BEGIN PRIVATE KEY-----\n${PEM_LINE}\n-----END PRIVATE KEY-----"\n`;
    fs.writeFileSync(box.dotenv, pem, { mode: 0o600 });
    const env = { ANTHROPIC_API_KEY: "sk-ant-api03-ESCAPEDshellONLYshellONLY01" };
    const dry = box.run(["doctor", "--fix", "--dry-run"], { env });
    expect(dry.stdout).toMatch(/\+ANTHROPIC_API_KEY=/);
    expect(dry.stdout).toMatch(/PRIVATE_PEM=/);
    const json = box.run(["doctor", "--fix", "--dry-run", "--json"], { env });
    expectNone(outputs(dry, json), [PEM_LINE, PEM_LINE.slice(20, 40)]);
  });
});

describe("doctor masks what the bundle masks", () => {
  it("a GitHub token used as a config key name is in no output", () => {
    const box = sandbox();
    const github = "ghp_" + "Qz9Wx8Vc7Bn6Ml5Kj4Hg3Fd2Sa1Po0Iu9Yt8";
    writeJson(box.config, {
      agents: { list: [{ id: "main", default: true }] },
      [github]: { enabled: true },
      auth: { profiles: { [github]: { provider: "anthropic", mode: "api_key" } } },
    });
    const runs = [box.run(["doctor"]), box.run(["doctor", "--json"]), box.run(["doctor", "--sarif"])];
    expectNone(outputs(...runs), [github.slice(4, 24)]);
  });
});

describe("the bundle finds JSON-escaped forms in logs", () => {
  it("a config secret logged with \\/ or \\u002F, and a password with a quote inside a JSON string inside a JSON line", async () => {
    const box = sandbox();
    const slashed = "Zq8Lm3Np7Rt2/Vx9Yb4Wc6Ud1Se5Tf";
    const quoted = 'Pw"q9Lm3Np7Rt2Vx9Yb4Wc6Ud1Se';
    writeJson(box.config, { env: { vars: { CUSTOM_SERVICE_PASSWORD: slashed, OTHER_SERVICE_PASSWORD: quoted } } });
    const logs = box.state("logs");
    fs.mkdirSync(logs, { recursive: true });
    const inner = JSON.stringify({ event: "login", detail: `with ${quoted}` });
    const lines = [
      JSON.stringify({ time: "2026-12-01T10:00:00Z", msg: "using" }).replace(
        "using",
        `using ${slashed.replace("/", "\\/")}`,
      ),
      JSON.stringify({ time: "2026-12-01T10:00:01Z", msg: "using" }).replace(
        "using",
        `using ${slashed.replace("/", "\\u002F")}`,
      ),
      JSON.stringify({ time: "2026-12-01T10:00:02Z", msg: inner }),
    ];
    fs.writeFileSync(path.join(logs, "gateway.log"), lines.join("\n") + "\n");
    const out = path.join(box.home, "bundle.tar.gz");
    const result = box.run(["support-bundle", "--output", out]);
    expect(result.code).toBe(0);
    const text = [...(await bundleFiles(out)).values()].join("\n");
    expect(text).toMatch(/REDACTED/);
    expectNone(text + result.stdout + result.stderr, ["Zq8Lm3Np7Rt2", "Vx9Yb4Wc6Ud1Se5Tf", "q9Lm3Np7Rt2Vx9Yb4"]);
  });
});
