// systemd's version, through the real CLI with a fake `systemctl` first on PATH printing what the real
// ones print: a comment line ending in \ in an EnvironmentFile= swallows the key on 252, not on 256;
// an unknown version is reported, not guessed; no unit, no systemctl.
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { sandbox, type Sandbox } from "../helpers.js";
import { expectNoSecrets, fakeSystemctl, findingsOf, SYSTEMCTL_252, SYSTEMCTL_256, UNIT } from "./helpers.js";

const KEY = "sk-ant-api03-PLANTEDgatewayENVkey0123456789abcdef";

/** The gateway's unit reads ~/gateway.env, whose key follows a comment line ending in a backslash. */
function swallowingBox(): Sandbox {
  const box = sandbox();
  fs.mkdirSync(path.dirname(UNIT(box)), { recursive: true });
  fs.writeFileSync(UNIT(box), "[Service]\nExecStart=/usr/bin/clawdia gateway\nEnvironmentFile=%h/gateway.env\n");
  fs.writeFileSync(
    path.join(box.home, "gateway.env"),
    `# the old key, kept for reference \\\nANTHROPIC_API_KEY=${KEY}\n`,
    { mode: 0o600 },
  );
  return box;
}

const anthropicDaemon = (stdout: string) =>
  JSON.parse(stdout).agents[0].providers.find((p: any) => p.provider === "anthropic").daemon;

describe("systemd's version decides how the unit reads", () => {
  it("systemd 252: the key after the comment is swallowed, and models status --check fails for the daemon", () => {
    const box = swallowingBox();
    const env = { PATH: fakeSystemctl(box, { output: SYSTEMCTL_252 }).PATH };
    const check = box.run(["models", "status", "--check"], { env });
    expect(check.code).toBe(1);
    const status = box.run(["models", "status", "--json"], { env });
    expect(JSON.parse(status.stdout).daemon.systemdVersion).toBe(252);
    expect(anthropicDaemon(status.stdout)).toEqual({ sees: "no", onlyInThisShell: false });
    const doctor = box.run(["doctor", "--json"], { env });
    expect(findingsOf(doctor, "env/service-file-invalid").map((f: any) => [f.severity, f.message])).toEqual([
      [
        "warning",
        "~/gateway.env:2: systemd 252 reads this line as part of the comment on line 1, which ends in a backslash (systemd 254 and later do not); the line is ignored (as EnvironmentFile=)",
      ],
    ]);
    expect(findingsOf(doctor, "env/systemd-version-unknown")).toEqual([]);
    expectNoSecrets([check, status, doctor], [KEY]);
  });

  it("systemd 256: the same file gives the daemon the key", () => {
    const box = swallowingBox();
    const env = { PATH: fakeSystemctl(box, { output: SYSTEMCTL_256 }).PATH };
    expect(box.run(["models", "status", "--check"], { env }).code).toBe(0);
    const status = box.run(["models", "status"], { env });
    expect(status.stdout).toContain(
      "Daemon:        systemd unit ~/.config/systemd/user/clawdia-gateway.service (systemd 256)",
    );
    expect(status.stdout).toMatch(/daemon: yes, from EnvironmentFile= ~\/gateway\.env:2 {2}sk-ant-api03-…cdef\n/);
    expectNoSecrets([status], [KEY]);
  });

  it.each([
    { name: "systemctl fails", how: { exit: 1 } as const, why: "systemctl --version exited with status 1" },
    {
      name: "systemctl hangs (given up after 3 s)",
      how: { hang: true } as const,
      why: "systemctl --version did not answer within 3 s",
    },
    {
      name: "systemctl prints something else",
      how: { output: "Running in chroot, ignoring request.\n" },
      why: "systemctl --version printed no version doctor understands",
    },
  ])("the version unknown ($name): the ambiguity is reported, not guessed", ({ how, why }) => {
    const box = swallowingBox();
    const env = { PATH: fakeSystemctl(box, how).PATH };
    const started = Date.now();
    const doctor = box.run(["doctor", "--json"], { env });
    expect(Date.now() - started).toBeLessThan(15_000);
    expect(findingsOf(doctor, "env/systemd-version-unknown")).toEqual([
      {
        ruleId: "env/systemd-version-unknown",
        severity: "warning",
        message: `ANTHROPIC_API_KEY is set on systemd ≥ 254 but not on older versions; systemd's version could not be learned (${why})`,
        subject: { file: path.join(box.home, "gateway.env"), line: 2, column: 1 },
        advice: [
          "systemctl --version",
          "write the unit and its environment files so they read the same on every systemd: no comment line ending in \\, no %S, %L or %D",
        ],
      },
    ]);
    const status = box.run(["models", "status", "--json"], { env });
    expect(JSON.parse(status.stdout).daemon.systemdVersion).toBeUndefined();
    expect(anthropicDaemon(status.stdout)).toMatchObject({
      sees: "yes",
      dependsOnSystemdVersion: "ANTHROPIC_API_KEY is set on systemd ≥ 254 but not on older versions",
    });
    expectNoSecrets([doctor, status], [KEY]);
  });

  it("no systemctl on PATH at all: unknown too", () => {
    const box = swallowingBox();
    const doctor = box.run(["doctor", "--json"], { env: { PATH: path.join(box.home, "no-such-bin") } });
    expect(findingsOf(doctor, "env/systemd-version-unknown").map((f: any) => f.message)).toEqual([
      "ANTHROPIC_API_KEY is set on systemd ≥ 254 but not on older versions; systemd's version could not be learned (systemctl is not on PATH)",
    ]);
  });

  it("systemctl runs only when a unit is read, once per command", () => {
    const box = sandbox();
    const fake = fakeSystemctl(box, { output: SYSTEMCTL_252 });
    box.run(["models", "status", "--check"], { env: { PATH: fake.PATH } });
    expect(fs.existsSync(fake.calls)).toBe(false);
    const withUnit = swallowingBox();
    const fake2 = fakeSystemctl(withUnit, { output: SYSTEMCTL_252 });
    withUnit.run(["doctor"], { env: { PATH: fake2.PATH } });
    expect(fs.readFileSync(fake2.calls, "utf8")).toBe("--version\n");
  });
});
