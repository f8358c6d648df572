// Against the real systemd on this machine: a private user manager (systemd --user) in a mount namespace
// of its own, started as root with no bus, runs the gateway's unit; what its process really gets is
// compared with what doctor computes for the same unit, variable by variable, and with models status.
// Runs only as root, where unshare and /lib/systemd/systemd exist (Debian 12 ships 252, so the
// version-dependent rules are the old ones there).
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { daemonEnvironment } from "../../../src/daemon/effective-env.js";
import { parseSystemdVersion } from "../../../src/daemon/systemd-version.js";
import { resolvePaths } from "../../../src/paths.js";
import { readState } from "../../../src/snapshot/read-state.js";
import { buildSnapshot } from "../../../src/snapshot/snapshot.js";
import { sandbox } from "../helpers.js";
import { UNIT } from "./helpers.js";

const MANAGER = "/lib/systemd/systemd";
const PATH = "/usr/bin:/bin";
const IS_ROOT = process.getuid?.() === 0;
const CAN_RUN =
  IS_ROOT && fs.existsSync(MANAGER) && spawnSync("unshare", ["-m", "--propagation", "private", "true"]).status === 0;
const VERSION = CAN_RUN
  ? parseSystemdVersion(spawnSync("systemctl", ["--version"], { encoding: "utf8" }).stdout ?? "")
  : undefined;

const KEY = "sk-ant-api03-PLANTEDrealSYSTEMDkey0123456789abcdef";
const ENV_FILE = [
  "# the old key \\",
  `ANTHROPIC_API_KEY=${KEY}`,
  "OPENAI_API_KEY=sk-proj-plantedREALopenai0123456789",
  "# x \\ y",
  "CLAWDIA_B=2",
  "; c \\",
  "CLAWDIA_C=3",
  "CLAWDIA_D=4",
  "",
].join("\n");
// %D is unknown before 256: systemd drops that word only.
const ENVIRONMENT = "CLAWDIA_STATE_DIR=%S/clawdia CLAWDIA_LOGS=%L CLAWDIA_DATA=%D/x CLAWDIA_AFTER=1";
const PLANTED = [
  "ANTHROPIC_API_KEY",
  "OPENAI_API_KEY",
  "CLAWDIA_B",
  "CLAWDIA_C",
  "CLAWDIA_D",
  "CLAWDIA_STATE_DIR",
  "CLAWDIA_LOGS",
  "CLAWDIA_DATA",
  "CLAWDIA_AFTER",
];

/** Starts a user manager in its own namespace, runs the unit once, and returns its process's environment. */
function realEnvironment(home: string, runtime: string): Record<string, string> {
  const script = `mount -t tmpfs tmpfs /run/systemd && mkdir /run/systemd/system || exit 9
${MANAGER} --user >"$HOME/manager.log" 2>&1 &
for i in $(seq 100); do [ -S "$XDG_RUNTIME_DIR/systemd/private" ] && break; sleep 0.1; done
systemctl --user start clawdia-gateway.service; code=$?
systemctl --user exit; wait; exit $code`;
  // The manager thinks it runs under a booted systemd only if /run/systemd/system exists: a tmpfs over
  // /run/systemd in this namespace gives it one without touching the machine's.
  const result = spawnSync("unshare", ["-m", "--propagation", "private", "sh", "-c", script], {
    env: { HOME: home, XDG_RUNTIME_DIR: runtime, PATH },
    encoding: "utf8",
    timeout: 30_000,
  });
  const environ = path.join(home, "real.environ");
  expect({
    status: result.status,
    stderr: result.stderr,
    log: fs.existsSync(environ) ? "" : fs.readFileSync(path.join(home, "manager.log"), "utf8"),
  }).toMatchObject({ status: 0 });
  return Object.fromEntries(
    fs
      .readFileSync(environ, "utf8")
      .split("\0")
      .filter(Boolean)
      .map((entry) => [entry.slice(0, entry.indexOf("=")), entry.slice(entry.indexOf("=") + 1)]),
  );
}

describe.runIf(CAN_RUN)(`the real systemd ${VERSION ?? "(version unknown)"} user manager (root, unshare)`, () => {
  it("gives the gateway's process exactly the variables doctor says it will", { timeout: 60_000 }, async () => {
    const box = sandbox();
    const runtime = fs.mkdtempSync(path.join(box.home, "run-"));
    fs.chmodSync(runtime, 0o700);
    fs.mkdirSync(path.dirname(UNIT(box)), { recursive: true });
    fs.writeFileSync(path.join(box.home, "gateway.env"), ENV_FILE, { mode: 0o600 });
    const unit = `[Service]\nType=oneshot\nEnvironmentFile=%h/gateway.env\nEnvironment=${ENVIRONMENT}\nExecStart=/usr/bin/env -0\nStandardOutput=file:%h/real.environ\n`;
    fs.writeFileSync(UNIT(box), unit);

    const real = realEnvironment(box.home, runtime);
    const env = { HOME: box.home, XDG_RUNTIME_DIR: runtime, PATH };
    const daemon = daemonEnvironment(buildSnapshot(await readState(resolvePaths({ env }), env)))!;
    expect(daemon.systemd).toEqual({ version: VERSION });
    const pick = (get: (name: string) => string | undefined) =>
      Object.fromEntries(PLANTED.map((name) => [name, get(name) ?? null]));
    const doctors = pick((name) => daemon.process.get(name)?.value);
    expect(doctors).toEqual(pick((name) => real[name]));
    // And what the CLI says of the key, from the same reading.
    const status = box.run(["models", "status", "--json"], { env: { PATH, XDG_RUNTIME_DIR: runtime } });
    const anthropic = JSON.parse(status.stdout).agents[0].providers.find((p: any) => p.provider === "anthropic").daemon;
    expect(anthropic.sees).toBe(real.ANTHROPIC_API_KEY ? "yes" : "no");
    expect(status.stdout).not.toContain(KEY);
  });
});
