// `clawdia models auth monitor` with launchd (macOS) and cron (Termux, no user manager), against
// fakes of launchctl and crontab that behave like the real tools (monitor-fakes.ts), and how the
// scheduler is chosen.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { parse as parsePlist } from "plist";
import { describe, expect, it } from "vitest";
import { history, read, ROOT, sandbox, type Sandbox } from "../helpers.js";
import { fakeCrontab, fakeLaunchctl } from "./monitor-fakes.js";

const MACOS = { CLAWDIA_TEST_PLATFORM: "darwin" };
const TERMUX = { PREFIX: "/data/data/com.termux/files/usr", TERMUX_VERSION: "0.118.0" };
const plistOf = (box: Sandbox) => path.join(box.home, "Library", "LaunchAgents", "ai.clawdia.auth-monitor.plist");
const uid = process.getuid!();

/** A PATH whose systemctl fails as it does without a user bus, before `rest`. */
function noUserManager(box: Sandbox, rest: string): string {
  const bin = path.join(box.home, "no-bus-bin");
  fs.mkdirSync(bin, { recursive: true });
  fs.writeFileSync(
    path.join(bin, "systemctl"),
    `#!/bin/sh\necho "Failed to connect to bus: No medium found" >&2\nexit 1\n`,
    { mode: 0o755 },
  );
  return `${bin}:${rest}`;
}

describe("models auth monitor: launchd", () => {
  it("print shows a LaunchAgent that parses back: the check's argv, StartInterval, the environment, logs", () => {
    const box = sandbox();
    const config = path.join(box.home, "odd & <dir>", "clawdia.json");
    const notify = `osascript -e 'display notification "auth check: $CLAWDIA_CHECK_EXIT"' & echo "<done>"`;
    const result = box.run(["models", "auth", "monitor", "print", "--every", "90m", "--notify", notify], {
      env: { ...MACOS, CLAWDIA_CONFIG_PATH: config },
    });
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    const [heading, ...xml] = result.stdout.split("\n");
    expect(heading).toBe("# ~/Library/LaunchAgents/ai.clawdia.auth-monitor.plist");
    const agent = parsePlist(xml.join("\n")) as Record<string, any>;
    expect(agent).toMatchObject({
      Label: "ai.clawdia.auth-monitor",
      StartInterval: 5400,
      RunAtLoad: true,
      EnvironmentVariables: { CLAWDIA_STATE_DIR: box.stateDir, CLAWDIA_CONFIG_PATH: config },
      StandardOutPath: path.join(box.home, "Library", "Logs", "clawdia-auth-monitor.log"),
      StandardErrorPath: path.join(box.home, "Library", "Logs", "clawdia-auth-monitor.log"),
    });
    // The same argv as the systemd service's ExecStart=, the notify command as the user wrote it.
    expect(agent.ProgramArguments.slice(0, 2)).toEqual(["/bin/sh", "-c"]);
    expect(agent.ProgramArguments.slice(3)).toEqual([
      "clawdia-auth-monitor",
      notify,
      process.execPath,
      path.join(ROOT, "bin", "clawdia.js"),
      "--state-dir",
      box.stateDir,
      "models",
      "status",
      "--check",
    ]);
    expect(fs.existsSync(plistOf(box))).toBe(false);
  });

  it("install writes the plist (0600) through the transaction and bootstraps it; again: bootout first; uninstall: bootout, removed, undoable", () => {
    const box = sandbox();
    const launchctl = fakeLaunchctl(box);
    const env = { ...MACOS, PATH: launchctl.path };
    const install = box.run(["models", "auth", "monitor", "install", "--every", "1h"], { env });
    expect(install.stderr).toBe("");
    expect(install.code).toBe(0);
    expect(install.stdout).toBe(
      `Wrote ~/Library/LaunchAgents/ai.clawdia.auth-monitor.plist (undo: clawdia doctor --undo)\nRan: launchctl bootstrap gui/${uid} ${plistOf(box)}\n`,
    );
    expect(fs.statSync(plistOf(box)).mode & 0o777).toBe(0o600);
    expect(read(path.join(launchctl.loaded, "ai.clawdia.auth-monitor"))).toBe(read(plistOf(box)));
    expect(history(box.stateDir).at(-1)).toMatchObject({ command: "models auth monitor install" });

    // Loaded already: bootstrap alone would fail with 5 (Input/output error), so it is booted out first.
    const again = box.run(["models", "auth", "monitor", "install", "--every", "2h"], { env });
    expect(again.code).toBe(0);
    expect(read(launchctl.log).trim().split("\n").slice(-3)).toEqual([
      `print gui/${uid}/ai.clawdia.auth-monitor`,
      `bootout gui/${uid}/ai.clawdia.auth-monitor`,
      `bootstrap gui/${uid} ${plistOf(box)}`,
    ]);
    expect(read(path.join(launchctl.loaded, "ai.clawdia.auth-monitor"))).toContain("<integer>7200</integer>");

    const uninstall = box.run(["models", "auth", "monitor", "uninstall"], { env });
    expect(uninstall.code).toBe(0);
    expect(uninstall.stdout).toMatch(
      /^Ran: launchctl bootout gui\/\d+\/ai\.clawdia\.auth-monitor\nRemoved ~\/Library\/LaunchAgents\/ai\.clawdia\.auth-monitor\.plist\n\(backed up in ~\/\.clawdia\/backups\/[^;]+; undo: clawdia doctor --undo\)\n$/,
    );
    expect(fs.existsSync(plistOf(box))).toBe(false);
    expect(fs.readdirSync(launchctl.loaded)).toEqual([]);
    expect(box.run(["models", "auth", "monitor", "uninstall"], { env }).stdout).toBe(
      "The auth monitor is not installed; nothing to remove.\n",
    );

    // --undo puts the plist back (loading it again is for the user: launchctl bootstrap).
    expect(box.run(["doctor", "--undo"], { env }).code).toBe(0);
    expect(read(plistOf(box))).toContain("<integer>7200</integer>");
  });

  it("bootstrap failing (no GUI session, as over ssh): the plist is written, the failure on stderr, exit 1", () => {
    const box = sandbox();
    const launchctl = fakeLaunchctl(box);
    const result = box.run(["models", "auth", "monitor", "install"], {
      env: { ...MACOS, PATH: launchctl.path, FAKE_LAUNCHCTL_NO_GUI: "1" },
    });
    expect(result.code).toBe(1);
    expect(result.stdout).toBe(
      "Wrote ~/Library/LaunchAgents/ai.clawdia.auth-monitor.plist (undo: clawdia doctor --undo)\n",
    );
    expect(result.stderr).toBe(
      `clawdia: Failed: launchctl bootstrap gui/${uid} ${plistOf(box)}: Bootstrap failed: 125: Domain does not support specified action; run it yourself\n`,
    );
    expect(fs.existsSync(plistOf(box))).toBe(true);
  });

  it("without launchctl (--scheduler launchd elsewhere): the commands to run", () => {
    const box = sandbox();
    const empty = path.join(box.home, "empty-bin");
    fs.mkdirSync(empty);
    const result = box.run(["models", "auth", "monitor", "install", "--scheduler", "launchd"], {
      env: { PATH: empty },
    });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`Run: launchctl bootstrap gui/${uid} ${plistOf(box)}`);
  });
});

describe("models auth monitor: cron", () => {
  it("print shows the crontab line; 6h is 0 */6, the variables the job does not inherit are set", () => {
    const box = sandbox();
    const config = path.join(box.home, "it's here", "clawdia.json");
    const result = box.run(["models", "auth", "monitor", "print", "--scheduler", "cron"], {
      env: { CLAWDIA_CONFIG_PATH: config },
    });
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(
      `# a line of your crontab (crontab -l; installed with crontab -)\n0 */6 * * * CLAWDIA_STATE_DIR=${box.stateDir} CLAWDIA_CONFIG_PATH='${path.join(box.home, "it'\\''s here", "clawdia.json")}' ${process.execPath} ${path.join(ROOT, "bin", "clawdia.js")} --state-dir ${box.stateDir} models status --check # clawdia-auth-monitor\n`,
    );
  });

  it("on Termux: install adds one marked line, keeps the user's lines, replaces itself; uninstall removes exactly it", () => {
    const box = sandbox();
    const cron = fakeCrontab(box);
    const env = { ...TERMUX, PATH: cron.path };
    const mine = "MAILTO=me@example.com\n# backups\n30 2 * * * /usr/bin/backup --all\n";
    fs.writeFileSync(cron.spool, mine);
    const install = box.run(
      [
        "models",
        "auth",
        "monitor",
        "install",
        "--every",
        "30m",
        "--notify",
        "termux-notification -t 'auth: $CLAWDIA_CHECK_EXIT'",
      ],
      { env },
    );
    expect(install.stderr).toBe("");
    expect(install.code).toBe(0);
    expect(install.stdout).toMatch(
      /^Added the auth monitor to your crontab .*\n\(your crontab before is in ~\/\.clawdia\/backups\/([^/]+)\/crontab\.before; undo: crontab ~\/\.clawdia\/backups\/\1\/crontab\.before\)\nTermux runs cron jobs only while crond runs/,
    );
    const installed = read(cron.spool);
    expect(installed.startsWith(mine)).toBe(true);
    const added = installed.slice(mine.length).split("\n");
    expect(added).toHaveLength(2);
    expect(added[0]).toMatch(
      /^\*\/30 \* \* \* \* CLAWDIA_STATE_DIR=\S+ \/bin\/sh -c 'notify=\$1; .*' clawdia-auth-monitor 'termux-notification -t '\\''auth: \$CLAWDIA_CHECK_EXIT'\\''' .* models status --check # clawdia-auth-monitor$/,
    );
    // The crontab found before, kept with the run (0600), and the one installed, recorded by the transaction.
    const runId = /backups\/([^/]+)\/crontab\.before/.exec(install.stdout)![1];
    expect(read(box.state("backups", runId, "crontab.before"))).toBe(mine);
    expect(fs.statSync(box.state("backups", runId, "crontab.before")).mode & 0o777).toBe(0o600);
    expect(read(box.state("monitor", "crontab.installed"))).toBe(installed);
    expect(history(box.stateDir).at(-1)).toMatchObject({ runId, command: "models auth monitor install" });

    // Installed again: the line is replaced, not added twice.
    expect(box.run(["models", "auth", "monitor", "install", "--every", "1h"], { env }).code).toBe(0);
    expect(
      read(cron.spool)
        .split("\n")
        .filter((line) => line.includes("# clawdia-auth-monitor")),
    ).toHaveLength(1);
    expect(read(cron.spool)).toMatch(/^0 \* \* \* \* /m);

    const uninstall = box.run(["models", "auth", "monitor", "uninstall"], { env });
    expect(uninstall.code).toBe(0);
    expect(uninstall.stdout).toMatch(/^Removed the auth monitor's line from your crontab\n/);
    expect(read(cron.spool)).toBe(mine);
    expect(box.run(["models", "auth", "monitor", "uninstall"], { env }).stdout).toBe(
      "The auth monitor is not in your crontab; nothing to remove.\n",
    );
  });

  it("no systemd user manager, no crontab yet ('no crontab for …', exit 1): cron is chosen, with a note; the crontab holds only our line", () => {
    const box = sandbox();
    const cron = fakeCrontab(box);
    const install = box.run(["models", "auth", "monitor", "install"], { env: { PATH: noUserManager(box, cron.path) } });
    expect(install.code).toBe(0);
    expect(install.stderr).toBe(
      "clawdia: note: systemctl --user does not reach a user manager (Failed to connect to bus: No medium found), so the monitor goes to cron; pass --scheduler systemd to write the systemd units anyway\n",
    );
    expect(read(cron.spool)).toMatch(
      /^0 \*\/6 \* \* \* CLAWDIA_STATE_DIR=\S+ \S+ \S+ --state-dir \S+ models status --check # clawdia-auth-monitor\n$/,
    );
    const runId = /backups\/([^/]+)\/crontab\.before/.exec(install.stdout)![1];
    expect(read(box.state("backups", runId, "crontab.before"))).toBe("");
    expect(fs.existsSync(path.join(box.home, ".config", "systemd"))).toBe(false);
  });

  it("crontab - refusing the new crontab: stderr, exit 1, the user's crontab unchanged", () => {
    const box = sandbox();
    const cron = fakeCrontab(box);
    // A line the fake's syntax check refuses, as the real crontab refuses a broken crontab file.
    const broken = "* * *\n";
    fs.writeFileSync(cron.spool, broken);
    const result = box.run(["models", "auth", "monitor", "install"], { env: { ...TERMUX, PATH: cron.path } });
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      `clawdia: Failed: crontab -: "-":0: bad minute\nerrors in crontab file, can't install.; your crontab was not changed\n`,
    );
    expect(read(cron.spool)).toBe(broken);
  });

  it("crontab -l failing otherwise, or no crontab at all: stderr, exit 1, nothing written", () => {
    const box = sandbox();
    const bin = path.join(box.home, "bin");
    fs.mkdirSync(bin);
    fs.writeFileSync(
      path.join(bin, "crontab"),
      `#!/bin/sh\necho "crontab: your UID isn't in the passwd file." >&2\nexit 1\n`,
      { mode: 0o755 },
    );
    const denied = box.run(["models", "auth", "monitor", "install"], {
      env: { ...TERMUX, PATH: `${bin}:${process.env.PATH}` },
    });
    expect(denied.code).toBe(1);
    expect(denied.stderr).toBe(
      "clawdia: crontab -l: crontab: your UID isn't in the passwd file.; nothing was changed\n",
    );
    const empty = path.join(box.home, "empty-bin");
    fs.mkdirSync(empty);
    const missing = box.run(["models", "auth", "monitor", "install"], { env: { ...TERMUX, PATH: empty } });
    expect(missing.code).toBe(1);
    expect(missing.stderr).toBe(
      "clawdia: crontab is not on PATH (pkg install cronie termux-services); nothing was changed\n",
    );
    expect(fs.existsSync(box.state("monitor"))).toBe(false);
  });

  it.each([["90m"], ["45m"], ["5h"], ["2d"]])("--every %s, which cron cannot keep to, is bad usage", (every) => {
    const box = sandbox();
    const result = box.run(["models", "auth", "monitor", "print", "--scheduler", "cron", "--every", every]);
    expect(result.code).toBe(64);
    expect(result.stderr).toContain(`--every ${every} cannot be written as a cron schedule; with cron use 5m,`);
  });

  it("a % in the command (cron's newline) is bad usage", () => {
    const box = sandbox();
    const result = box.run(["models", "auth", "monitor", "print", "--scheduler", "cron", "--notify", "date +%s"]);
    expect(result.code).toBe(64);
    expect(result.stderr).toMatch(/which cron reads as a new line/);
  });
});

describe("models auth monitor: the scheduler", () => {
  it("--scheduler must be systemd, launchd or cron", () => {
    const result = sandbox().run(["models", "auth", "monitor", "print", "--scheduler", "upstart"]);
    expect(result.code).toBe(64);
    expect(result.stderr).toMatch(/^clawdia: --scheduler must be one of systemd, launchd, cron \(got "upstart"\)/);
  });

  it.each([
    ["launchd", "", /<key>StartInterval<\/key>/],
    ["cron", "", /# clawdia-auth-monitor$/m],
    ["systemd", "", /^OnUnitActiveSec=6h$/m],
  ])("run from npx's cache, %s: the warning on stderr", (scheduler, _, shown) => {
    const box = sandbox();
    const pkg = path.join(box.home, ".npm", "_npx", "0123abcd", "node_modules", "clawdia");
    fs.cpSync(path.join(ROOT, "bin"), path.join(pkg, "bin"), { recursive: true });
    fs.cpSync(path.join(ROOT, "dist", "cli"), path.join(pkg, "dist", "cli"), {
      recursive: true,
      filter: (source) => !source.includes(".code-cache"),
    });
    fs.copyFileSync(path.join(ROOT, "package.json"), path.join(pkg, "package.json"));
    const cli = path.join(pkg, "bin", "clawdia.js");
    const result = spawnSync(process.execPath, [cli, "models", "auth", "monitor", "print", "--scheduler", scheduler], {
      env: { PATH: process.env.PATH, HOME: box.home, CLAWDIA_STATE_DIR: box.stateDir },
      encoding: "utf8",
    });
    expect(result.status).toBe(0);
    expect(result.stderr).toBe(
      `clawdia: warning: the monitor would run ${cli}, inside npx's cache, which npm may clean at any time; install clawdia (npm install -g clawdia) and run this again from there\n`,
    );
    expect(result.stdout).toMatch(shown);
    expect(result.stdout).toContain(cli);
  });
});
