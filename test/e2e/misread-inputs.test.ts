// Issue 14, case 12: inputs the verdict used to misread. A config value of the wrong type is ignored
// (the default used) and `models status` says so; an expiry that is not a finite number makes the
// profile unusable, in `--check` as in doctor; a linked agent directory is read and written through
// the link by every command, as the gateway opens it.
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { HOUR, NOW, parseStdout, read, readJson, sandbox, STACK_FRAME, writeJson } from "./helpers.js";

const KEY = "sk-ant-api03-MISREADkey000000000000000000000000000000000000";
const TOKEN = "sk-ant-oat01-MISREADtoken00000000000000000000000000000000000000";
const NEW_TOKEN = "sk-ant-oat01-MISREADpasted" + "0".repeat(81) + "AA"; // a setup-token is 108 characters

function anthropic(status: any, agent = "main") {
  return status.agents.find((a: any) => a.agentId === agent).providers.find((p: any) => p.provider === "anthropic");
}

describe("auth.expiryWarnHours of the wrong type", () => {
  it('"abc": models status says it is ignored and 24 h used, in text and in --json, as doctor reports it', () => {
    const box = sandbox();
    writeJson(box.config, { auth: { expiryWarnHours: "abc" } });
    writeJson(box.store(), {
      version: 1,
      profiles: {
        "anthropic:manual": { type: "token", provider: "anthropic", token: TOKEN, expires: NOW + 30 * HOUR },
      },
    });
    const text = box.run(["models", "status"]).stdout;
    expect(text).toContain("Expiry warn:   24h (the default: the configured auth.expiryWarnHours is ignored)");
    expect(text).toContain(
      "Ignored in the config (the gateway uses its defaults instead; see clawdia doctor):\n  auth.expiryWarnHours: expected a number, got string\n",
    );
    const status = parseStdout(box.run(["models", "status", "--json"]));
    expect(status.expiryWarnHours).toBe(24);
    expect(status.configProblems).toEqual([
      { path: ["auth", "expiryWarnHours"], message: "auth.expiryWarnHours: expected a number, got string" },
    ]);
    const doctor = parseStdout(box.run(["doctor", "--json"]));
    expect(doctor.findings).toContainEqual(
      expect.objectContaining({
        ruleId: "config/invalid",
        message: "auth.expiryWarnHours: expected a number, got string",
      }),
    );
  });

  it("a negative window and a wrong env.vars are listed too; meta and doctor.* are not the verdict's", () => {
    const box = sandbox();
    writeJson(box.config, {
      meta: { lastTouchedVersion: 7 },
      doctor: { backups: { keep: 0 } },
      auth: { expiryWarnHours: -5 },
      env: { vars: { ANTHROPIC_API_KEY: 42 } },
    });
    const status = parseStdout(box.run(["models", "status", "--json"]));
    expect(status.configProblems.map((p: any) => p.message)).toEqual([
      "auth.expiryWarnHours: expected a number >= 0",
      "env.vars.ANTHROPIC_API_KEY: expected a string, got number",
    ]);
  });

  it("a valid config: no note, an empty list", () => {
    const box = sandbox();
    writeJson(box.config, { auth: { expiryWarnHours: 48 } });
    expect(box.run(["models", "status"]).stdout).not.toContain("Ignored in the config");
    expect(parseStdout(box.run(["models", "status", "--json"])).configProblems).toEqual([]);
  });
});

describe("an expiry that is not a finite number", () => {
  function withExpires(expires: string, extra: Record<string, unknown> = {}) {
    const box = sandbox();
    fs.mkdirSync(path.dirname(box.store()), { recursive: true, mode: 0o700 });
    // JSON.stringify cannot write 1e400 (it gives null): the text is written as a hand edit would.
    fs.writeFileSync(
      box.store(),
      `{ "version": 1, "profiles": { "anthropic:manual": { "type": "token", "provider": "anthropic", "token": "${TOKEN}", "expires": ${expires} } } }\n`,
      { mode: 0o600 },
    );
    if (Object.keys(extra).length) writeJson(box.config, extra);
    return box;
  }

  it('"expires": 1e400 (Infinity): the profile cannot be used; --check exits 1, like doctor', () => {
    const box = withExpires("1e400");
    const check = box.run(["models", "status", "--check", "--json"]);
    expect(check.code).toBe(1);
    const provider = anthropic(parseStdout(check));
    expect(provider.health).toBe("missing");
    expect(provider.profiles[0].status).toBe("invalid");
    expect(provider.resolution.excluded).toEqual([
      { profileId: "anthropic:manual", reason: "its expiry is not a finite number of milliseconds" },
    ]);
    expect(box.run(["models", "status"]).stdout).toContain(
      "No usable credentials: anthropic:manual cannot be used (store/invalid) and nothing else is usable",
    );

    const doctor = box.run(["doctor", "--json"]);
    expect(doctor.code).toBe(1);
    const findings = parseStdout(doctor).findings;
    expect(findings).toContainEqual(
      expect.objectContaining({
        ruleId: "store/invalid",
        message:
          'agent main: profiles["anthropic:manual"].expires: expected a finite number, got one too large to hold (it reads as infinity)',
      }),
    );
    expect(findings).toContainEqual(
      expect.objectContaining({
        ruleId: "auth/missing-credentials",
        severity: "error",
        message: expect.stringContaining("its expiry is not a finite number"),
      }),
    );
  });

  it('"expires": -1e400 and "expires": "soon" are no times either', () => {
    expect(withExpires("-1e400").run(["models", "status", "--check"]).code).toBe(1);
    const soon = withExpires('"soon"');
    expect(soon.run(["models", "status", "--check"]).code).toBe(1);
    expect(parseStdout(soon.run(["doctor", "--json"])).findings).toContainEqual(
      expect.objectContaining({
        ruleId: "store/invalid",
        message: 'agent main: profiles["anthropic:manual"].expires: expected a number, got string',
      }),
    );
  });

  it("another usable credential (ANTHROPIC_API_KEY): the gateway falls back to it; --check exits 0, the profile is still left out", () => {
    const box = withExpires("1e400");
    const check = box.run(["models", "status", "--check", "--json"], { env: { ANTHROPIC_API_KEY: KEY } });
    expect(check.code).toBe(0);
    expect(anthropic(parseStdout(check)).effective.kind).toBe("env");
  });
});

describe("an agent directory that is a symbolic link", () => {
  /** agents/main → ~/elsewhere/main, holding the store with an API key (a second disk, a shared dir). */
  function linkedAgentDir() {
    const box = sandbox();
    writeJson(box.config, { agents: { list: [{ id: "main", default: true }] } });
    const target = path.join(box.home, "elsewhere", "main");
    const store = path.join(target, "agent", "auth-profiles.json");
    writeJson(store, {
      version: 1,
      profiles: { "anthropic:default": { type: "api_key", provider: "anthropic", key: KEY } },
    });
    fs.mkdirSync(box.state("agents"), { recursive: true, mode: 0o700 });
    fs.symlinkSync(target, box.state("agents", "main"));
    return { box, target, store };
  }

  it("models status, --check and doctor read the store through it: the key counts (was: No credentials found)", () => {
    const { box } = linkedAgentDir();
    const check = box.run(["models", "status", "--check", "--json"]);
    expect(check.code).toBe(0);
    expect(anthropic(parseStdout(check)).effective).toMatchObject({ kind: "store", profileId: "anthropic:default" });
    const doctor = box.run(["doctor", "--json"]);
    expect(doctor.code).toBe(0);
    expect(parseStdout(doctor).findings.filter((f: any) => f.severity !== "info")).toEqual([]);
  });

  it("paste-token writes the new profile into the linked dir, keeps the link and the other profile; --undo restores through it", () => {
    const { box, store } = linkedAgentDir();
    const before = read(store);
    const result = box.run(["models", "auth", "paste-token", "--provider", "anthropic"], { input: NEW_TOKEN + "\n" });
    expect(result.stderr).not.toContain("changed on disk");
    expect(result.stderr).not.toContain(STACK_FRAME);
    expect(result.code).toBe(0);
    expect(fs.lstatSync(box.state("agents", "main")).isSymbolicLink()).toBe(true);
    expect(fs.lstatSync(store).isFile()).toBe(true);
    expect(Object.keys(readJson(store).profiles)).toEqual(["anthropic:default", "anthropic:manual"]);
    expect(fs.statSync(store).mode & 0o777).toBe(0o600);
    const status = parseStdout(box.run(["models", "status", "--json"]));
    expect(anthropic(status).profiles.map((p: any) => p.id)).toEqual(["anthropic:default", "anthropic:manual"]);

    expect(box.run(["doctor", "--undo"]).code).toBe(0);
    expect(read(store)).toBe(before);
    expect(fs.lstatSync(box.state("agents", "main")).isSymbolicLink()).toBe(true);
  });

  it("a linked agent dir the config does not list is an agent like a real one", () => {
    const { box } = linkedAgentDir();
    writeJson(box.config, {});
    const status = parseStdout(box.run(["models", "status", "--json"]));
    expect(status.agents.map((a: any) => a.agentId)).toEqual(["main"]);
    expect(anthropic(status).effective.profileId).toBe("anthropic:default");
  });

  it("the store FILE itself a link is still never written through: paste-token refuses, saying why", () => {
    const { box, store } = linkedAgentDir();
    fs.rmSync(box.state("agents", "main"));
    const real = box.store();
    fs.mkdirSync(path.dirname(real), { recursive: true });
    fs.symlinkSync(store, real);
    const before = read(store);
    const result = box.run(["models", "auth", "paste-token", "--provider", "anthropic"], { input: NEW_TOKEN + "\n" });
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain("symbolic link");
    expect(read(store)).toBe(before);
  });
});
