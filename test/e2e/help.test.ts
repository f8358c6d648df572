// `clawdia [command…] --help`: bin/clawdia.js prints the help the build rendered
// (dist/cli/help.json) without loading the CLI, and it is exactly what the CLI itself prints (80
// columns wide on a terminal too). With another flag in the line, the CLI renders it.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT, sandbox } from "./helpers.js";

const BIN = path.join(ROOT, "bin/clawdia.js");
const rendered: Record<string, string> = JSON.parse(fs.readFileSync(path.join(ROOT, "dist/cli/help.json"), "utf8"));

function run(args: string[], env: Record<string, string> = {}) {
  const box = sandbox();
  // The loader says on stderr whether it loaded the CLI ("code cache: …"): the fast path loads nothing.
  const result = spawnSync(process.execPath, [BIN, ...args], {
    env: { PATH: process.env.PATH, HOME: box.home, CLAWDIA_CODE_CACHE_DEBUG: "1", ...env },
    encoding: "utf8",
  });
  return { status: result.status, stdout: result.stdout, loadedCli: /^code cache: /m.test(result.stderr) };
}

describe("--help without loading the CLI", () => {
  it("covers every command the CLI has, down to the last subcommand", () => {
    expect(Object.keys(rendered)).toEqual(
      expect.arrayContaining([
        "",
        "doctor",
        "models status",
        "models auth order get",
        "models auth monitor install",
        "support-bundle",
        "completion",
      ]),
    );
  });

  it.each(Object.keys(rendered).map((words) => [words || "(no command)", words]))(
    "%s --help: the CLI's own help, exit 0, the CLI not loaded",
    (_, words) => {
      const command = words ? words.split(" ") : [];
      const fast = run([...command, "--help"]);
      // --state-dir in the line sends it through the CLI: the reference.
      const full = run(["--state-dir", "/nonexistent", ...command, "--help"]);
      expect(full.loadedCli).toBe(true);
      expect(fast).toEqual({ status: 0, stdout: full.stdout, loadedCli: false });
      expect(run([...command, "-h"])).toEqual(fast);
    },
  );

  it("a word that is no command, or a flag before --help, goes to the CLI", () => {
    expect(run(["doctr", "--help"]).loadedCli).toBe(true);
    expect(run(["doctor", "--json", "--help"]).loadedCli).toBe(true);
  });

  // script(1) runs the CLI on a terminal 132 columns wide; commander would wrap at 132 unless told 80.
  it.runIf(fs.existsSync("/usr/bin/script"))("on a terminal the CLI's help is the same 80 columns", () => {
    const box = sandbox();
    const command = `stty cols 132; ${JSON.stringify(process.execPath)} ${JSON.stringify(BIN)} --state-dir /nonexistent doctor --help`;
    const result = spawnSync("script", ["-qec", command, "/dev/null"], {
      env: { PATH: process.env.PATH, HOME: box.home },
      encoding: "utf8",
    });
    expect(result.status).toBe(0);
    expect(result.stdout.replace(/\r\n/g, "\n")).toBe(rendered.doctor);
  });

  it("without dist/cli/help.json (a build from before it) the CLI prints the help", () => {
    const box = sandbox();
    const pkg = path.join(box.home, "pkg");
    fs.cpSync(path.join(ROOT, "bin"), path.join(pkg, "bin"), { recursive: true });
    fs.cpSync(path.join(ROOT, "dist/cli"), path.join(pkg, "dist/cli"), {
      recursive: true,
      filter: (source) => !source.endsWith("help.json") && !source.includes(".code-cache"),
    });
    const result = spawnSync(process.execPath, [path.join(pkg, "bin/clawdia.js"), "doctor", "--help"], {
      env: { PATH: process.env.PATH, HOME: box.home },
      encoding: "utf8",
    });
    expect(result.status).toBe(0);
    expect(result.stdout).toBe(rendered.doctor);
  });
});
