// The launchd agent, on "macOS" (the platform injected through the test seam), through the real CLI.
import fs from "node:fs";
import { describe, expect, it } from "vitest";
import { modeOf, read } from "../helpers.js";
import { daemonSandbox, expectNoSecrets, findingsOf, PLIST, UID } from "./helpers.js";

const SHELL_KEY = "sk-ant-api03-PLANTEDlaunchdSHELLonly0002";
const PLIST_KEY = "sk-or-v1-plistinlineplistinline4242";
const PLIST_TOKEN = "planted&plist<token>0451"; // as launchd reads it (the file has &amp; and &lt;)
const ARG_TOKEN = "plantedlaunchdargtoken77";
const KICKSTART = `launchctl kickstart -k gui/${UID}/ai.clawdia.gateway`;
const darwin = { platform: "darwin" as const };

describe("launchd agent (fixtures/daemon-launchd, platform darwin)", () => {
  it("reads EnvironmentVariables and ProgramArguments: inline secrets, and the key only the shell has", () => {
    const box = daemonSandbox("daemon-launchd");
    const result = box.run(["doctor", "--json"], { ...darwin, env: { ANTHROPIC_API_KEY: SHELL_KEY } });
    const [missing] = findingsOf(result, "env/daemon-not-inherited");
    expect(missing).toMatchObject({
      severity: "error",
      subject: { provider: "anthropic", file: PLIST(box) },
      fix: { safety: "unsafe" },
    });
    expect(missing.advice).toContain(KICKSTART);
    expect(missing.message).toContain(
      "(launchd agent ~/Library/LaunchAgents/ai.clawdia.gateway.plist) will not see it: it is not in the plist's EnvironmentVariables",
    );
    const inline = findingsOf(result, "env/secret-in-service-file").map((f: any) => [
      f.message.split(" ")[0],
      f.subject.line ?? null,
    ]);
    expect(inline).toEqual([
      ["OPENROUTER_API_KEY", 21],
      ["CLAWDIA_GATEWAY_TOKEN", 23],
      ["--auth-token", null],
    ]);
    expectNoSecrets([result], [SHELL_KEY, PLIST_KEY, PLIST_TOKEN, ARG_TOKEN]);
  });

  it("doctor --fix --yes writes <state>/.env (0600) and says to kickstart the agent; --undo removes it again", () => {
    const box = daemonSandbox("daemon-launchd");
    const fixed = box.run(["doctor", "--fix", "--yes"], { ...darwin, env: { ANTHROPIC_API_KEY: SHELL_KEY } });
    expect(fixed.stdout).toContain(
      `write ANTHROPIC_API_KEY from this shell to ~/.clawdia/.env; then restart the daemon: ${KICKSTART}`,
    );
    expect(read(box.dotenv)).toBe(`ANTHROPIC_API_KEY=${SHELL_KEY}\n`);
    expect(modeOf(box.dotenv)).toBe(0o600);
    expect(box.run(["doctor", "--undo"], darwin).code).toBe(0);
    expect(fs.existsSync(box.dotenv)).toBe(false);
    expectNoSecrets([fixed], [SHELL_KEY, PLIST_KEY, PLIST_TOKEN, ARG_TOKEN]);
  });

  it("models status: the daemon's view per provider; CLAWDIA_* drift by fingerprint", () => {
    const box = daemonSandbox("daemon-launchd");
    const env = { ANTHROPIC_API_KEY: SHELL_KEY, CLAWDIA_LOG_LEVEL: "info" };
    const text = box.run(["models", "status"], { ...darwin, env });
    expect(text.stdout).toContain("Daemon:        launchd agent ~/Library/LaunchAgents/ai.clawdia.gateway.plist");
    expect(text.stdout).toContain(
      "daemon: yes, from EnvironmentVariables in ~/Library/LaunchAgents/ai.clawdia.gateway.plist  sk-or-v1-…4242",
    );
    expect(text.stdout).toContain("daemon: no: ANTHROPIC_API_KEY is only in this shell");
    const doctor = box.run(["doctor", "--json"], { ...darwin, env });
    const drift = findingsOf(doctor, "env/daemon-drift").map((f: any) => f.message);
    // ProgramArguments run `/usr/bin/env CLAWDIA_LOG_LEVEL=debug …`: that is what the daemon sees.
    expect(drift).toEqual([
      "the gateway daemon will see a different CLAWDIA_LOG_LEVEL (…, from ProgramArguments (env CLAWDIA_LOG_LEVEL=…) in ~/Library/LaunchAgents/ai.clawdia.gateway.plist) than this shell (…); the values differ, though their fingerprints do not show it",
    ]);
    const runs = [
      text,
      doctor,
      box.run(["doctor", "--sarif"], { ...darwin, env }),
      box.run(["models", "status", "--json"], { ...darwin, env }),
    ];
    expectNoSecrets(runs, [SHELL_KEY, PLIST_KEY, PLIST_TOKEN, ARG_TOKEN]);
  });

  it("a plist that does not parse is an error, never a crash, and its content never printed", () => {
    const box = daemonSandbox("daemon-launchd");
    fs.writeFileSync(PLIST(box), read(PLIST(box)).replace("</dict>\n</plist>", "</plist>"));
    const result = box.run(["doctor", "--json"], darwin);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe("");
    const [broken] = findingsOf(result, "env/service-file-invalid");
    expect(broken.message).toMatch(
      /^~\/Library\/LaunchAgents\/ai\.clawdia\.gateway\.plist: it is not a valid plist: .*; launchd will not load it$/,
    );
    expectNoSecrets([result, box.run(["models", "status"], darwin)], [PLIST_KEY, PLIST_TOKEN, ARG_TOKEN]);
  });

  it("on macOS the systemd unit is not read, and on Linux the plist is not", () => {
    const box = daemonSandbox("daemon-launchd");
    const linux = box.run(["doctor", "--json"], { platform: "linux" });
    expect(findingsOf(linux, "env/daemon-not-installed")).toHaveLength(1);
    expect(findingsOf(linux, "env/secret-in-service-file")).toEqual([]);
  });
});
