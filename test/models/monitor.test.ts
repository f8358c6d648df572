import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { commit } from "../../src/engine/pipeline.js";
import { undoLastRun } from "../../src/engine/undo.js";
import { UsageError } from "../../src/errors.js";
import {
  monitorUnitPaths,
  monitorUnits,
  parseEvery,
  planMonitorInstall,
  planMonitorUninstall,
  runSystemctl,
  systemctlCommands,
  systemdWord,
} from "../../src/models/monitor.js";
import { resolvePaths } from "../../src/paths.js";
import { readState } from "../../src/snapshot/read-state.js";

const NODE = "/usr/bin/node";
const CLI = "/opt/clawdia/bin/clawdia.js";
const HEADER =
  "# Written by `clawdia models auth monitor install`; remove it with `clawdia models auth monitor uninstall`.";
const SCRIPT = `'notify=$$1; shift; "$$@"; code=$$?; if [ "$$code" -ne 0 ]; then CLAWDIA_CHECK_EXIT=$$code /bin/sh -c "$$notify"; fi; exit "$$code"'`;

const temps: string[] = [];
function tempDir(prefix = "clawdia-monitor-"): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  temps.push(dir);
  return dir;
}
afterEach(() => {
  for (const dir of temps.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

describe("monitorUnits", () => {
  it("writes a oneshot service that runs the check with absolute paths", () => {
    const { service } = monitorUnits({ every: "6h", nodePath: NODE, cliPath: CLI });
    expect(service.name).toBe("clawdia-auth-monitor.service");
    expect(service.text.split("\n")).toEqual([
      HEADER,
      "# Exit codes of the check: 0 ok, 1 a credential in use is expired or missing, 2 one expires soon or a provider is cooling down.",
      "[Unit]",
      "Description=Clawdia auth monitor (clawdia models status --check)",
      "",
      "[Service]",
      "Type=oneshot",
      "ExecStart=/usr/bin/node /opt/clawdia/bin/clawdia.js models status --check",
      "",
    ]);
  });

  it("writes a timer: 5 minutes after boot, then every --every", () => {
    const { timer } = monitorUnits({ every: "30m", nodePath: NODE, cliPath: CLI });
    expect(timer.name).toBe("clawdia-auth-monitor.timer");
    expect(timer.text.split("\n")).toEqual([
      HEADER,
      "[Unit]",
      "Description=Check Clawdia's model credentials every 30min",
      "",
      "[Timer]",
      "OnBootSec=5min",
      "OnUnitActiveSec=30min",
      "",
      "[Install]",
      "WantedBy=timers.target",
      "",
    ]);
  });

  it("carries CLAWDIA_CONFIG_PATH into the unit's environment, quoted, % doubled, $ left as it is (Environment= never expands it)", () => {
    const { service } = monitorUnits({
      every: "6h",
      nodePath: NODE,
      cliPath: CLI,
      configPath: "/srv/my conf/100%/$x.json",
    });
    expect(service.text).toContain(`Environment='CLAWDIA_CONFIG_PATH=/srv/my conf/100%%/$x.json'\nExecStart=`);
    expect(monitorUnits({ every: "6h", nodePath: NODE, cliPath: CLI }).service.text).not.toContain("Environment=");
  });

  it("passes --state-dir before the command and quotes paths with spaces, % and $", () => {
    const { service } = monitorUnits({
      every: "1d",
      nodePath: "/opt/$node 22/bin/node",
      cliPath: CLI,
      stateDir: "/srv/claw dia/100%/$state",
    });
    // systemd never expands $ in the program path, so only the arguments double it.
    expect(service.text).toContain(
      `\nExecStart='/opt/$node 22/bin/node' /opt/clawdia/bin/clawdia.js --state-dir '/srv/claw dia/100%%/$$state' models status --check\n`,
    );
  });

  it("runs the notify command through /bin/sh when the check is not 0", () => {
    const notify = `notify-send "Clawdia auth" "exit $CLAWDIA_CHECK_EXIT at 100%"`;
    const { service } = monitorUnits({ every: "6h", notify, nodePath: NODE, cliPath: CLI });
    const lines = service.text.split("\n");
    expect(lines).toContain("# When it is not 0, the notify command runs with CLAWDIA_CHECK_EXIT set to that code.");
    expect(lines).toContain(
      `ExecStart=/bin/sh -c ${SCRIPT} clawdia-auth-monitor 'notify-send "Clawdia auth" "exit $$CLAWDIA_CHECK_EXIT at 100%%"' /usr/bin/node /opt/clawdia/bin/clawdia.js models status --check`,
    );
  });

  it("quotes a notify command holding both quote kinds, a backslash and a newline", () => {
    const notify = `echo 'it'"'"'s' "\\$HOME" 100%\nlogger done`;
    const { service } = monitorUnits({ every: "6h", notify, nodePath: NODE, cliPath: CLI });
    expect(service.text).toContain(
      ` clawdia-auth-monitor "echo 'it'\\"'\\"'s' \\"\\\\$$HOME\\" 100%%\\nlogger done" /usr/bin/node `,
    );
    expect(service.text.split("\n").filter((line) => line.startsWith("ExecStart="))).toHaveLength(1);
  });

  it("refuses an empty notify command and relative paths", () => {
    expect(() => monitorUnits({ every: "6h", notify: "  ", nodePath: NODE, cliPath: CLI })).toThrow(UsageError);
    expect(() => monitorUnits({ every: "6h", nodePath: "node", cliPath: CLI })).toThrow(/absolute/);
    expect(() => monitorUnits({ every: "6h", nodePath: NODE, cliPath: "bin/clawdia.js" })).toThrow(/absolute/);
  });
});

describe("parseEvery", () => {
  it.each([
    ["5m", 300, "5min"],
    ["30m", 1800, "30min"],
    ["6h", 21_600, "6h"],
    [" 1d ", 86_400, "1d"],
    ["7d", 604_800, "7d"],
    ["168h", 604_800, "7d"],
    ["1.5h", 5400, "90min"],
    ["6 h", 21_600, "6h"],
    ["1w", 604_800, "7d"],
    ["450s", 450, "450s"],
  ])("%j → %d s, %s", (text, seconds, span) => {
    expect(parseEvery(text)).toEqual({ seconds, span });
  });

  it.each([
    ["4m", "range"],
    ["0h", "zero"],
    ["8d", "range"],
    ["99999999999999999999d", "range"],
    ["2w", "range"],
    ["6", "shape"],
    ["h", "shape"],
    ["-1h", "shape"],
    ["6H", "shape"],
    ["", "shape"],
  ])("%j is refused (%s)", (text, message) => {
    expect(() => parseEvery(text)).toThrow(UsageError);
    // The same words as every duration flag (--expires-in, --since): one parser, src/duration.ts.
    const expected = {
      range: `--every must be between 5m and 7d (got "${text}")`,
      zero: `--every must be more than zero (got "${text}")`,
      shape: `--every "${text}" is not a duration; use a number and a unit, e.g. 365d, 12h, 30m, 2w`,
    }[message]!;
    expect(() => parseEvery(text)).toThrow(expected);
  });
});

describe("systemdWord", () => {
  it.each([
    ["models", "models"],
    ["--check", "--check"],
    ["/a/b.js", "/a/b.js"],
    ["a b", "'a b'"],
    ["100%", "'100%%'"],
    ["$HOME", "'$$HOME'"],
    ["it's", `"it's"`],
    ['say "hi"', `'say "hi"'`],
    [`'"`, `"'\\""`],
    ["a\\b", "'a\\\\b'"],
    ["a\tb\x01", "'a\\tb\\x01'"],
    [";", "';'"],
    ["", "''"],
  ])("%j → %s", (word, expected) => {
    expect(systemdWord(word)).toBe(expected);
  });

  it("leaves $ alone in the program path", () => {
    expect(systemdWord("/opt/$x 100%/node", "program")).toBe("'/opt/$x 100%%/node'");
    expect(systemdWord("/usr/bin/node", "program")).toBe("/usr/bin/node");
  });
});

/**
 * An independent reading of an ExecStart= value the way systemd reads it (systemd.service(5),
 * "Command lines"): words with quotes and C escapes, %% → %, and $$ → $ except in the program path.
 */
function systemdArgv(execStart: string): string[] {
  const line = execStart.replace(/%(.)/g, (_, c: string) => {
    if (c !== "%") throw new Error(`unexpected specifier %${c}`);
    return "%";
  });
  const escapes: Record<string, string> = { n: "\n", t: "\t", r: "\r", "\\": "\\", '"': '"', "'": "'" };
  const words: string[] = [];
  let i = 0;
  while (i < line.length) {
    if (line[i] === " ") {
      i++;
      continue;
    }
    let word = "";
    const quote = line[i] === "'" || line[i] === '"' ? line[i++] : undefined;
    for (; i < line.length; i++) {
      const c = line[i];
      if (quote ? c === quote : c === " ") break;
      if (c !== "\\") word += c;
      else if (line[i + 1] === "x") {
        word += String.fromCharCode(parseInt(line.slice(i + 2, i + 4), 16));
        i += 3;
      } else word += escapes[line[++i]] ?? fail(`unknown escape \\${line[i]}`);
    }
    if (quote) i++;
    if (words.length === 0) {
      words.push(word);
      continue;
    }
    if (/\$/.test(word.replace(/\$\$/g, ""))) throw new Error(`an unescaped $ would be expanded by systemd: ${word}`);
    words.push(word.replace(/\$\$/g, "$"));
  }
  return words;
}

function fail(message: string): never {
  throw new Error(message);
}

describe("the service's ExecStart, run as systemd would run it", () => {
  function setup(exitCode: number, withNotify = true) {
    const dir = tempDir("clawdia monitor 100% $x-");
    // node itself in a path that needs every escape, so the program word is checked too.
    const node = path.join(dir, "node");
    fs.symlinkSync(process.execPath, node);
    const cli = path.join(dir, "fake clawdia.mjs");
    fs.writeFileSync(
      cli,
      `import fs from "node:fs";\nfs.writeFileSync(process.env.ARGV_OUT, JSON.stringify(process.argv.slice(2)));\nprocess.exit(${exitCode});\n`,
    );
    const notifyOut = path.join(dir, "notified");
    const notify = `printf '%s|%s\\n' "$CLAWDIA_CHECK_EXIT" 'it'"'"'s 100% "bad" $x \\ ok' >> "$NOTIFY_OUT"`;
    const stateDir = path.join(dir, "state 50% $HOME");
    const { service } = monitorUnits({
      every: "6h",
      notify: withNotify ? notify : undefined,
      nodePath: node,
      cliPath: cli,
      stateDir,
    });
    const execStart = service.text
      .split("\n")
      .find((line) => line.startsWith("ExecStart="))!
      .slice("ExecStart=".length);
    const argv = systemdArgv(execStart);
    const env = { PATH: "/usr/bin:/bin", ARGV_OUT: path.join(dir, "argv.json"), NOTIFY_OUT: notifyOut };
    const result = spawnSync(argv[0], argv.slice(1), { env, encoding: "utf8" });
    const recorded = JSON.parse(fs.readFileSync(env.ARGV_OUT, "utf8")) as string[];
    const notified = fs.existsSync(notifyOut) ? fs.readFileSync(notifyOut, "utf8") : undefined;
    return { result, recorded, notified, stateDir };
  }

  it("on exit 2 runs the notify command with CLAWDIA_CHECK_EXIT=2 and keeps the exit code", () => {
    const { result, recorded, notified, stateDir } = setup(2);
    expect(recorded).toEqual(["--state-dir", stateDir, "models", "status", "--check"]);
    expect(notified).toBe(`2|it's 100% "bad" $x \\ ok\n`);
    expect(result.status).toBe(2);
  });

  it("on exit 0 does not notify", () => {
    const { result, notified } = setup(0);
    expect(notified).toBeUndefined();
    expect(result.status).toBe(0);
  });

  it("without --notify runs the check directly", () => {
    const { result, recorded, notified, stateDir } = setup(1, false);
    expect(recorded).toEqual(["--state-dir", stateDir, "models", "status", "--check"]);
    expect(notified).toBeUndefined();
    expect(result.status).toBe(1);
  });
});

const analyze = spawnSync("systemd-analyze", ["--version"]).status === 0;

describe.skipIf(!analyze)("systemd-analyze verify", () => {
  // It also checks that the program path, once unquoted, names an executable.
  it.each([false, true])("accepts both units without a warning (notify: %s)", (withNotify) => {
    const dir = tempDir("clawdia verify 100% $x-");
    const node = path.join(dir, "my node");
    fs.symlinkSync(process.execPath, node);
    const notify = `printf '%s "x" $y\\n' "$CLAWDIA_CHECK_EXIT" >&2`;
    const units = monitorUnits({
      every: "6h",
      notify: withNotify ? notify : undefined,
      nodePath: node,
      cliPath: path.join(dir, "clawdia.js"),
      stateDir: path.join(dir, "a b"),
    });
    fs.writeFileSync(path.join(dir, "clawdia.js"), "");
    for (const unit of [units.service, units.timer]) fs.writeFileSync(path.join(dir, unit.name), unit.text);
    const result = spawnSync(
      "systemd-analyze",
      ["verify", "--man=no", path.join(dir, units.service.name), path.join(dir, units.timer.name)],
      {
        encoding: "utf8",
        timeout: 20_000,
      },
    );
    const ours = `${result.stdout}${result.stderr}`.split("\n").filter((line) => line.includes("clawdia-auth-monitor"));
    expect(ours).toEqual([]);
  });
});

describe("install and uninstall", () => {
  function state() {
    const home = tempDir();
    return resolvePaths({ stateDir: path.join(home, ".clawdia"), env: { HOME: home } });
  }

  it("plans one unsafe change writing both units beside the gateway's unit", () => {
    const paths = resolvePaths({ stateDir: "/home/u/.clawdia", env: { HOME: "/home/u" } });
    const units = monitorUnits({ every: "6h", nodePath: NODE, cliPath: CLI });
    expect(planMonitorInstall(paths, units)).toEqual({
      id: "monitor:install",
      title: "install the auth monitor (clawdia-auth-monitor.service, clawdia-auth-monitor.timer)",
      source: "fix",
      safety: "unsafe",
      ops: [
        {
          kind: "write",
          file: "/home/u/.config/systemd/user/clawdia-auth-monitor.service",
          content: units.service.text,
        },
        { kind: "write", file: "/home/u/.config/systemd/user/clawdia-auth-monitor.timer", content: units.timer.text },
      ],
    });
  });

  it("installs through the transaction; uninstall removes the units the same way, and doctor --undo puts them back", async () => {
    const paths = state();
    const env = { HOME: paths.home, CLAWDIA_LOCK_TIMEOUT_MS: "300" };
    const units = monitorUnits({ every: "6h", nodePath: NODE, cliPath: CLI });
    const target = monitorUnitPaths(paths);
    await commit(await readState(paths, env), [planMonitorInstall(paths, units)], "models auth monitor install", env);
    expect(fs.readFileSync(target.service, "utf8")).toBe(units.service.text);
    expect(fs.readFileSync(target.timer, "utf8")).toBe(units.timer.text);

    const uninstall = planMonitorUninstall(paths)!;
    expect(uninstall).toMatchObject({
      id: "monitor:uninstall",
      safety: "unsafe",
      ops: [
        { kind: "delete", file: target.service },
        { kind: "delete", file: target.timer },
      ],
    });
    const { runId } = await commit(await readState(paths, env), [uninstall], "models auth monitor uninstall", env);
    expect(fs.existsSync(target.service)).toBe(false);
    expect(fs.existsSync(target.timer)).toBe(false);
    expect(fs.readdirSync(path.join(paths.backupsDir, runId!)).sort()).toEqual([
      "0-clawdia-auth-monitor.service",
      "1-clawdia-auth-monitor.timer",
      "manifest.json",
    ]);
    expect(planMonitorUninstall(paths)).toBeUndefined();

    await undoLastRun(paths, env);
    expect(fs.readFileSync(target.service, "utf8")).toBe(units.service.text);
    expect(fs.readFileSync(target.timer, "utf8")).toBe(units.timer.text);
  });

  it("uninstall waits for a unit's lock like any write, and drops the removal when it stays held", async () => {
    const paths = state();
    const env = { HOME: paths.home, CLAWDIA_LOCK_TIMEOUT_MS: "300" };
    await commit(
      await readState(paths, env),
      [planMonitorInstall(paths, monitorUnits({ every: "6h", nodePath: NODE, cliPath: CLI }))],
      "models auth monitor install",
      env,
    );
    const target = monitorUnitPaths(paths);
    fs.mkdirSync(`${target.timer}.lock`);
    await expect(
      commit(await readState(paths, env), [planMonitorUninstall(paths)!], "models auth monitor uninstall", env),
    ).rejects.toThrow(/locked by another process.*nothing was written/);
    expect(fs.existsSync(target.service)).toBe(true);
    expect(fs.existsSync(target.timer)).toBe(true);
  });

  it("doctor --undo removes freshly installed units", async () => {
    const paths = state();
    const env = { HOME: paths.home, CLAWDIA_LOCK_TIMEOUT_MS: "300" };
    const units = monitorUnits({ every: "6h", nodePath: NODE, cliPath: CLI });
    await commit(await readState(paths, env), [planMonitorInstall(paths, units)], "models auth monitor install", env);
    await undoLastRun(paths, env);
    expect(fs.existsSync(monitorUnitPaths(paths).service)).toBe(false);
    expect(fs.existsSync(monitorUnitPaths(paths).timer)).toBe(false);
  });
});

describe("systemctl", () => {
  it("names the commands in the order they must run", () => {
    expect(systemctlCommands("install")).toEqual({
      before: [],
      after: [
        { args: ["daemon-reload"], text: "systemctl --user daemon-reload" },
        {
          args: ["enable", "--now", "clawdia-auth-monitor.timer"],
          text: "systemctl --user enable --now clawdia-auth-monitor.timer",
        },
      ],
    });
    expect(systemctlCommands("uninstall")).toEqual({
      before: [
        {
          args: ["disable", "--now", "clawdia-auth-monitor.timer"],
          text: "systemctl --user disable --now clawdia-auth-monitor.timer",
        },
      ],
      after: [{ args: ["daemon-reload"], text: "systemctl --user daemon-reload" }],
    });
  });

  it("does not run anything when systemctl is not on PATH", () => {
    expect(runSystemctl(["daemon-reload"], { PATH: tempDir() })).toMatchObject({
      ran: false,
      ok: false,
      output: "systemctl is not on PATH",
    });
    expect(runSystemctl(["daemon-reload"], {})).toMatchObject({ ran: false });
  });

  it("runs systemctl --user with the arguments and reports failure without throwing", () => {
    const bin = tempDir();
    fs.writeFileSync(
      path.join(bin, "systemctl"),
      '#!/bin/sh\necho "args: $*"\n[ "$2" = daemon-reload ] || { echo "Failed to connect to bus" >&2; exit 1; }\n',
      { mode: 0o755 },
    );
    const env = { PATH: `${bin}:/usr/bin:/bin` };
    expect(runSystemctl(["daemon-reload"], env)).toMatchObject({
      ran: true,
      ok: true,
      output: "args: --user daemon-reload",
    });
    expect(runSystemctl(["enable", "--now", "clawdia-auth-monitor.timer"], env)).toMatchObject({
      ran: true,
      ok: false,
      output: "args: --user enable --now clawdia-auth-monitor.timer\nFailed to connect to bus",
    });
  });
});
