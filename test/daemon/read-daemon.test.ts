// Load time: which files are read for the daemon (and which are not), and the login shell's bound.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { build, buildBinary } from "plist";
import { afterEach, describe, expect, it } from "vitest";
import { runLoginShell } from "../../src/daemon/login-shell.js";
import { readDaemon } from "../../src/daemon/read-daemon.js";
import { resolvePaths } from "../../src/paths.js";

const homes: string[] = [];
afterEach(() => homes.splice(0).forEach((home) => fs.rmSync(home, { recursive: true, force: true })));

function home(files: Record<string, string | Uint8Array> = {}) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "clawdia-daemon-"));
  homes.push(dir);
  for (const [name, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), content);
  }
  return { dir, paths: resolvePaths({ env: { HOME: dir } }) };
}

const UNIT = ".config/systemd/user/clawdia-gateway.service";

describe("readDaemon", () => {
  it("systemd: the unit, its *.conf drop-ins in lexical order, and the environment files they name", async () => {
    const { dir, paths } = home({
      [UNIT]: "[Service]\nEnvironmentFile=-%h/.config/clawdia/*.env\nEnvironmentFile=%h/.clawdia/.env\n",
      [`${UNIT}.d/20-b.conf`]: "[Service]\n",
      [`${UNIT}.d/10-a.conf`]: "[Service]\n",
      [`${UNIT}.d/notes.txt`]: "ignored",
      ".config/clawdia/b.env": "B=1\n",
      ".config/clawdia/a.env": "A=1\n",
      ".config/clawdia/.hidden.env": "H=1\n",
    });
    const daemon = await readDaemon(paths, "linux", {}, { HOME: dir });
    expect(daemon.kind).toBe("systemd");
    expect(daemon.file.status).toBe("ok");
    expect(daemon.dropIns.map((f) => path.basename(f.path))).toEqual(["10-a.conf", "20-b.conf"]);
    expect(
      Object.fromEntries(
        Object.entries(daemon.environmentFiles).map(([p, files]) => [
          p.replace(dir, "~"),
          files.map((f) => `${path.basename(f.path)}:${f.status}`),
        ]),
      ),
    ).toEqual({
      "~/.config/clawdia/*.env": ["a.env:ok", "b.env:ok"],
      "~/.clawdia/.env": [".env:missing"],
    });
    expect(daemon.shellEnv).toBeUndefined();
  });

  it("systemd: no unit, nothing else read", async () => {
    const { dir, paths } = home({ [`${UNIT}.d/10-a.conf`]: "[Service]\n" });
    expect(await readDaemon(paths, "linux", {}, { HOME: dir })).toMatchObject({
      kind: "systemd",
      file: { status: "missing" },
      dropIns: [],
      environmentFiles: {},
    });
  });

  it("darwin: the plist only (the unit is not read); a binary plist's bytes are kept", async () => {
    const bytes = new Uint8Array(buildBinary({ Label: "ai.clawdia.gateway" }));
    const { dir, paths } = home({ [UNIT]: "[Service]\n", "Library/LaunchAgents/ai.clawdia.gateway.plist": bytes });
    const daemon = await readDaemon(paths, "darwin", {}, { HOME: dir });
    expect(daemon.kind).toBe("launchd");
    expect(daemon.dropIns).toEqual([]);
    expect(daemon.plistBytes).toEqual(bytes);
    expect(daemon.launchd).toEqual({ environment: new Map(), programArguments: [], problems: [] });
  });

  it("darwin: the plist is parsed as it is read, with no loader for a caller to remember", async () => {
    const xml = build({
      Label: "ai.clawdia.gateway",
      ProgramArguments: ["/opt/homebrew/bin/clawdia", "gateway"],
      EnvironmentVariables: { CLAWDIA_PORT: "18789" },
    });
    const { dir, paths } = home({ "Library/LaunchAgents/ai.clawdia.gateway.plist": xml });
    const daemon = await readDaemon(paths, "darwin", {}, { HOME: dir });
    expect(daemon.launchd?.programArguments).toEqual(["/opt/homebrew/bin/clawdia", "gateway"]);
    expect([...(daemon.launchd?.environment.values() ?? [])].map((v) => [v.key, v.value])).toEqual([
      ["CLAWDIA_PORT", "18789"],
    ]);
  });

  it("darwin: no plist, nothing parsed (the parser is not needed)", async () => {
    const { dir, paths } = home({});
    expect((await readDaemon(paths, "darwin", {}, { HOME: dir })).launchd).toBeUndefined();
  });

  it("win32: no daemon kind known", async () => {
    const { dir, paths } = home({ [UNIT]: "[Service]\n" });
    const daemon = await readDaemon(paths, "win32", {}, { HOME: dir });
    expect(daemon.kind).toBeUndefined();
    expect(daemon.file.status).toBe("missing");
  });

  it("runs the login shell only with env.shellEnv.enabled, with timeoutMs from the config", async () => {
    const { dir, paths } = home({
      "shell.sh":
        '#!/bin/sh\nexport OPENROUTER_API_KEY=sk-or-v1-fromloginshell0001 OTHER=x\nshift 2\nexec sh -c "$1"\n',
    });
    fs.chmodSync(path.join(dir, "shell.sh"), 0o755);
    const env = { HOME: dir, PATH: process.env.PATH, SHELL: path.join(dir, "shell.sh") };
    expect((await readDaemon(paths, "linux", { env: { shellEnv: { enabled: false } } }, env)).shellEnv).toBeUndefined();
    const outcome = (await readDaemon(paths, "linux", { env: { shellEnv: { enabled: true, timeoutMs: 5000 } } }, env))
      .shellEnv;
    expect(outcome).toMatchObject({
      status: "ok",
      shell: env.SHELL,
      timeoutMs: 5000,
      vars: { OPENROUTER_API_KEY: "sk-or-v1-fromloginshell0001" },
    });
    expect(outcome?.status === "ok" && "OTHER" in outcome.vars).toBe(false);
  });
});

describe("runLoginShell", () => {
  it("stops a shell at the bound", () => {
    const { dir } = home({ "slow.sh": "#!/bin/sh\nexec sleep 30\n" });
    fs.chmodSync(path.join(dir, "slow.sh"), 0o755);
    const started = Date.now();
    const outcome = runLoginShell({ HOME: dir, SHELL: path.join(dir, "slow.sh") }, 200);
    expect(outcome).toMatchObject({ status: "timeout", timeoutMs: 200 });
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it("reports a missing shell and a failing one", () => {
    const { dir } = home({ "fail.sh": "#!/bin/sh\necho 'first line' >&2\necho second >&2\nexit 2\n" });
    fs.chmodSync(path.join(dir, "fail.sh"), 0o755);
    expect(runLoginShell({ HOME: dir, SHELL: path.join(dir, "nope") }, 1000)).toMatchObject({
      status: "failed",
      reason: `${path.join(dir, "nope")} does not exist`,
    });
    expect(runLoginShell({ HOME: dir, SHELL: path.join(dir, "fail.sh") }, 1000)).toMatchObject({
      status: "failed",
      reason: "exited with status 2: first line",
    });
  });

  it("runs once per process for the same shell, home and bound", () => {
    const { dir } = home({ "count.sh": '#!/bin/sh\necho x >> "$HOME/count"\nshift 2\nexec sh -c "$1"\n' });
    fs.chmodSync(path.join(dir, "count.sh"), 0o755);
    const env = { HOME: dir, PATH: process.env.PATH, SHELL: path.join(dir, "count.sh") };
    runLoginShell(env, 3000);
    runLoginShell(env, 3000);
    expect(fs.readFileSync(path.join(dir, "count"), "utf8")).toBe("x\n");
  });
});
