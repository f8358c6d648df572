// Hostile units and configs through the real CLI (issue 16, item 4): each one gets an answer and the
// right finding, never a hang or a crash. Not timed here (the bench times them): the generous timeout
// only has to tell a linear run (about a second) from a quadratic one (minutes).
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parseStdout, sandbox, STACK_FRAME, type CliResult, type Sandbox } from "../helpers.js";
import { PLIST, UNIT } from "./helpers.js";

const TIMEOUT = 120_000;

/** The healthy fixture with a gateway unit whose [Service] section goes on with `body`. */
function withUnit(body: string): Sandbox {
  const box = sandbox("healthy");
  fs.mkdirSync(path.dirname(UNIT(box)), { recursive: true });
  fs.writeFileSync(UNIT(box), `[Service]\nExecStart=/usr/local/bin/clawdia gateway\n${body}`);
  return box;
}

function answered(result: CliResult): CliResult {
  expect(result.stderr).not.toContain(STACK_FRAME);
  expect(result.code, result.stderr).not.toBeNull(); // null: killed by the runner's timeout
  expect(result.code).not.toBe(70);
  return result;
}

function unitFindings(result: CliResult): any[] {
  return parseStdout(result).findings.filter((f: any) => f.ruleId === "env/service-file-invalid");
}

describe("a unit file with huge lines", () => {
  // Was quadratic (src/daemon/systemd-syntax.ts parseUnitFile joined and rescanned the whole continued
  // text on every line): minutes for doctor and models status.
  it(
    "50,000 continuation lines: doctor and models status answer, the daemon sees the variables",
    { timeout: TIMEOUT },
    () => {
      const box = withUnit("Environment=A=1 \\\n".repeat(50_000) + "B=2\n");
      const doctor = answered(box.run(["doctor", "--json"]));
      expect(unitFindings(doctor)).toEqual([]);
      expect(doctor.code).toBe(0);
      const status = answered(box.run(["models", "status", "--check"]));
      expect(status.code).toBe(0);
      expect(status.stdout).toContain("Daemon:        systemd unit ~/.config/systemd/user/clawdia-gateway.service");
    },
  );

  it(
    "a 256 KiB Environment= line of 65,536 bad words: five findings and a count of the rest",
    { timeout: TIMEOUT },
    () => {
      const box = withUnit(`Environment=${"1 1 ".repeat(65_536)}\n`);
      const doctor = answered(box.run(["doctor", "--json"]));
      const findings = unitFindings(doctor);
      expect(findings.map((f) => f.message)).toEqual([
        ...Array(5).fill(
          '~/.config/systemd/user/clawdia-gateway.service:3: Environment=: "1" is not a valid NAME=value assignment; systemd ignores it',
        ),
        "~/.config/systemd/user/clawdia-gateway.service:3: Environment=: 131,067 more problems like these on this line",
      ]);
      expect(doctor.code).toBe(2);
      expect(answered(box.run(["models", "status", "--check"])).code).toBe(0);
    },
  );

  it(
    "the longest line systemd reads (1 MiB less 1 byte, 262,141 assignments) is read whole",
    { timeout: TIMEOUT },
    () => {
      const line = ("Environment=" + "A=1 ".repeat(256 * 1024)).slice(0, 1024 * 1024 - 1);
      const box = withUnit(`${line}\nEnvironment=AFTER=1\n`);
      const doctor = answered(box.run(["doctor", "--json"]));
      expect(unitFindings(doctor)).toEqual([]);
      expect(doctor.code).toBe(0);
      expect(answered(box.run(["models", "status", "--check"])).code).toBe(0);
    },
  );

  it(
    "a 1 MiB Environment= line: an error (systemd refuses the unit), doctor exits 1, models status answers",
    { timeout: TIMEOUT },
    () => {
      const box = withUnit(`Environment=${"A=1 ".repeat(256 * 1024)}\nEnvironment=AFTER=1\n`);
      const doctor = answered(box.run(["doctor", "--json"]));
      const [finding, ...rest] = unitFindings(doctor);
      expect(rest).toEqual([]);
      expect(finding).toMatchObject({ severity: "error", subject: { file: UNIT(box), line: 3 } });
      expect(finding.message).toBe(
        '~/.config/systemd/user/clawdia-gateway.service:3: line 3 is 1,048,588 bytes long, and systemd reads lines of under 1 MiB only ("Line too long"): systemd refuses to load the unit, so the gateway does not start under it (doctor reads no further)',
      );
      expect(doctor.code).toBe(1);
      expect(answered(box.run(["models", "status", "--check"])).code).toBe(0);
    },
  );

  it("a 1 MiB line without a single space (one value): the same error", { timeout: TIMEOUT }, () => {
    const box = withUnit(`Environment=TOKEN=${"a".repeat(1024 * 1024)}\n`);
    const doctor = answered(box.run(["doctor"]));
    expect(doctor.stdout).toContain('("Line too long"): systemd refuses to load the unit');
    expect(doctor.code).toBe(1);
    expect(answered(box.run(["models", "status"])).code).toBe(0);
  });
});

describe("a launchd plist (macOS) with hostile content", () => {
  function withPlist(body: string): Sandbox {
    const box = sandbox("healthy");
    fs.mkdirSync(path.dirname(PLIST(box)), { recursive: true });
    fs.writeFileSync(
      PLIST(box),
      `<?xml version="1.0" encoding="UTF-8"?>\n<plist version="1.0"><dict><key>Label</key><string>ai.clawdia.gateway</string>\n${body}</dict></plist>\n`,
    );
    return box;
  }

  // Was quadratic (src/daemon/launchd.ts found each variable's line by slicing the text up to it): 97 s.
  it("20,000 EnvironmentVariables: doctor and models status answer", { timeout: TIMEOUT }, () => {
    const vars = Array.from({ length: 20_000 }, (_, i) => `<key>V${i}</key><string>value${i}</string>\n`).join("");
    const box = withPlist(`<key>EnvironmentVariables</key><dict>\n${vars}</dict>\n`);
    const doctor = answered(box.run(["doctor", "--json"], { platform: "darwin" }));
    expect(unitFindings(doctor)).toEqual([]);
    expect(doctor.code).toBe(0);
    expect(answered(box.run(["models", "status", "--check"], { platform: "darwin" })).code).toBe(0);
  });

  it("nested 100,000 deep: a finding with the line, not a stack overflow", { timeout: TIMEOUT }, () => {
    const box = withPlist(
      `<key>EnvironmentVariables</key>\n${"<dict><key>a</key>".repeat(100_000)}<string>x</string>${"</dict>".repeat(100_000)}\n`,
    );
    const doctor = answered(box.run(["doctor", "--json"], { platform: "darwin" }));
    expect(unitFindings(doctor).map((f) => f.message)).toEqual([
      "~/Library/LaunchAgents/ai.clawdia.gateway.plist: it nests <dict> and <array> deeper than 1024 levels (line 4); doctor does not read a plist this deep (a launchd agent's is a few levels)",
    ]);
    expect(doctor.code).toBe(1);
    expect(answered(box.run(["models", "status", "--check"], { platform: "darwin" })).code).toBe(0);
  });
});

describe("a config or store nested 100,000 deep", () => {
  it(
    "the config: config/invalid 'nested deeper than 1024 levels' from doctor; models status --check exits 1",
    { timeout: TIMEOUT },
    () => {
      const box = sandbox("healthy");
      fs.writeFileSync(box.config, '{ "x": ' + "[".repeat(100_000) + "]".repeat(100_000) + " }\n");
      const doctor = answered(box.run(["doctor", "--json"]));
      const invalid = parseStdout(doctor).findings.filter((f: any) => f.ruleId === "config/invalid");
      expect(invalid.map((f: any) => f.message)).toEqual([
        "~/.clawdia/clawdia.json:1:1031: nested deeper than 1024 levels",
      ]);
      expect(doctor.code).toBe(1);
      const status = answered(box.run(["models", "status", "--check"]));
      expect(status.stdout).toContain(
        "the state cannot be read: ~/.clawdia/clawdia.json:1:1031: nested deeper than 1024 levels",
      );
      expect(status.code).toBe(1);
    },
  );

  it("a store: store/invalid from doctor; models status --check exits 1", { timeout: TIMEOUT }, () => {
    const box = sandbox("healthy");
    fs.writeFileSync(
      box.store(),
      '{ "version": 1, "profiles": {}, "usageStats": ' +
        '{ "a": '.repeat(100_000) +
        "1" +
        " }".repeat(100_000) +
        " }\n",
    );
    const doctor = answered(box.run(["doctor", "--json"]));
    expect(
      parseStdout(doctor).findings.some(
        (f: any) => f.ruleId === "store/invalid" && f.message.includes("nested deeper than 1024 levels"),
      ),
    ).toBe(true);
    expect(doctor.code).toBe(1);
    expect(answered(box.run(["models", "status", "--check"])).code).toBe(1);
  });
});
