// The cron and launchd halves of the auth monitor, and how the scheduler is chosen: tables.
import { spawnSync } from "node:child_process";
import { parse as parsePlist } from "plist";
import { describe, expect, it } from "vitest";
import { UsageError } from "../../src/errors.js";
import {
  cronLine,
  cronSchedule,
  shellWord,
  withMonitorLine,
  withoutMonitorLine,
} from "../../src/models/monitor-cron.js";
import { launchdPlist } from "../../src/models/monitor-launchd.js";
import { chooseScheduler, isTermux } from "../../src/models/monitor-scheduler.js";
import { resolvePaths } from "../../src/paths.js";

const OPTIONS = { every: "6h", nodePath: "/usr/bin/node", cliPath: "/opt/clawdia/bin/clawdia.js" };

describe("cronSchedule", () => {
  it.each([
    ["5m", "*/5 * * * *"],
    ["15m", "*/15 * * * *"],
    ["30m", "*/30 * * * *"],
    ["60m", "0 * * * *"],
    ["1h", "0 * * * *"],
    ["6h", "0 */6 * * *"],
    ["12h", "0 */12 * * *"],
    ["24h", "0 0 * * *"],
    ["1d", "0 0 * * *"],
    ["1w", "0 0 * * 0"],
  ])("%s → %s", (every, schedule) => expect(cronSchedule(every)).toBe(schedule));

  it.each([["7m"], ["45m"], ["90m"], ["1.5h"], ["5h"], ["9h"], ["2d"], ["6d"], ["4m"], ["8d"]])(
    "%s is refused as bad usage",
    (every) => {
      expect(() => cronSchedule(every)).toThrow(UsageError);
    },
  );
});

describe("the crontab edit", () => {
  const line = "0 */6 * * * /usr/bin/node /x models status --check # clawdia-auth-monitor";
  it.each([
    ["an empty crontab", "", `${line}\n`],
    ["lines without a final newline", "MAILTO=me\n5 * * * * a", `MAILTO=me\n5 * * * * a\n${line}\n`],
    [
      "an older line of ours (removed; the new one goes last)",
      "1 * * * * a\n*/5 * * * * old # clawdia-auth-monitor\n2 * * * * b\n",
      `1 * * * * a\n2 * * * * b\n${line}\n`,
    ],
    [
      "a line that only mentions the marker",
      "# see # clawdia-auth-monitor docs\n",
      `# see # clawdia-auth-monitor docs\n${line}\n`,
    ],
  ])("install into %s", (_, before, after) => expect(withMonitorLine(before, line)).toBe(after));

  it("uninstall removes only lines ending in the marker", () => {
    const mine = "# clawdia-auth-monitor is mine\n1 * * * * a\n";
    expect(withoutMonitorLine(`${mine}${line}\n`)).toBe(mine);
    expect(withoutMonitorLine(`${mine}${line}`)).toBe(mine);
  });

  it("every word reads back through sh as it was", () => {
    for (const word of ["plain", "it's", "$HOME", "a b", "`x`", '"q"', "\\", "", "é"]) {
      const result = spawnSync("/bin/sh", ["-c", `printf %s ${shellWord(word)}`], { encoding: "utf8" });
      expect(result.stdout).toBe(word);
    }
  });

  it("refuses what a crontab line cannot hold", () => {
    expect(() => cronLine({ ...OPTIONS, notify: "date +%s" })).toThrow(/%/);
    expect(() => cronLine({ ...OPTIONS, notify: "a\nb" })).toThrow(/one line/);
  });
});

describe("launchdPlist", () => {
  const paths = resolvePaths({ env: { HOME: "/Users/me" } });
  it("is a plist that parses back, without EnvironmentVariables when there is nothing to carry", async () => {
    const agent = parsePlist(await launchdPlist(paths, OPTIONS)) as Record<string, unknown>;
    expect(agent).toEqual({
      Label: "ai.clawdia.auth-monitor",
      ProgramArguments: ["/usr/bin/node", "/opt/clawdia/bin/clawdia.js", "models", "status", "--check"],
      StartInterval: 21600,
      RunAtLoad: true,
      StandardOutPath: "/Users/me/Library/Logs/clawdia-auth-monitor.log",
      StandardErrorPath: "/Users/me/Library/Logs/clawdia-auth-monitor.log",
    });
  });

  it("refuses a control character XML cannot hold", async () => {
    await expect(launchdPlist(paths, { ...OPTIONS, notify: "say \x07" })).rejects.toThrow(UsageError);
  });
});

describe("chooseScheduler", () => {
  const noSystemctl = { PATH: "/nonexistent" };
  it.each([
    ["macOS", "darwin", {}, undefined, "launchd"],
    ["Termux (TERMUX_VERSION)", "linux", { ...noSystemctl, TERMUX_VERSION: "0.118" }, undefined, "cron"],
    ["Termux (PREFIX)", "android", { ...noSystemctl, PREFIX: "/data/data/com.termux/files/usr" }, undefined, "cron"],
    ["Linux without systemctl", "linux", noSystemctl, undefined, "cron"],
    ["the flag over macOS", "darwin", {}, "cron", "cron"],
    ["the flag over Termux", "linux", { TERMUX_VERSION: "1" }, "systemd", "systemd"],
  ] as const)("%s", (_, platform, env, flag, scheduler) => {
    expect(chooseScheduler(flag, platform as NodeJS.Platform, env).scheduler).toBe(scheduler);
  });

  it("says why it fell back to cron", () => {
    expect(chooseScheduler(undefined, "linux", noSystemctl).fallback).toBe(
      "systemctl is not on PATH, so the monitor goes to cron; pass --scheduler systemd to write the systemd units anyway",
    );
    expect(isTermux({ PREFIX: "/usr" })).toBe(false);
  });
});
