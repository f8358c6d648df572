// `clawdia completion bash|zsh|fish`: the scripts come from the command line's own definition, and
// each shell completes with them (bash here always; zsh and fish where they are installed).
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { findOnPath } from "../../src/find-on-path.js";
import { sandbox } from "./helpers.js";

const ZSH = findOnPath("zsh", process.env.PATH);
const FISH = findOnPath("fish", process.env.PATH);

/** What bash offers after `clawdia <words>` with the cursor on the last word. */
function bashCompletes(script: string, words: string[]): string[] {
  const line = ["clawdia", ...words];
  const program = `${script}\nCOMP_WORDS=(${line.map((w) => `'${w}'`).join(" ")}); COMP_CWORD=${line.length - 1}; _clawdia; printf '%s\\n' "\${COMPREPLY[@]}"`;
  const result = spawnSync("bash", ["--norc", "--noprofile", "-c", program], { encoding: "utf8" });
  expect(result.status, result.stderr).toBe(0);
  return result.stdout.split("\n").filter(Boolean);
}

describe("clawdia completion", () => {
  it("bash: commands, then subcommands, then each command's own flags, whatever flags come between", () => {
    const { code, stdout } = sandbox().run(["completion", "bash"]);
    expect(code).toBe(0);
    expect(bashCompletes(stdout, [""])).toEqual([
      "doctor",
      "models",
      "onboard",
      "support-bundle",
      "migrate",
      "completion",
      "--version",
      "--state-dir",
      "--help",
    ]);
    expect(bashCompletes(stdout, ["mo"])).toEqual(["models"]);
    expect(bashCompletes(stdout, ["models", "auth", ""])).toEqual([
      "order",
      "paste-token",
      "cooldown",
      "monitor",
      "setup-token",
      "--help",
      "--state-dir",
    ]);
    expect(bashCompletes(stdout, ["models", "auth", "cooldown", "clear", "--d"])).toEqual(["--dry-run"]);
    expect(bashCompletes(stdout, ["--state-dir", "/tmp/x", "models", "status", "--"])).toEqual([
      "--check",
      "--shell",
      "--json",
      "--format",
      "--agent",
      "--help",
      "--state-dir",
    ]);
    expect(bashCompletes(stdout, ["doctor", "--f"])).toEqual(["--fix"]);
    expect(bashCompletes(stdout, ["models", "auth", "monitor", "in"])).toEqual(["install"]);
  });

  // zsh's bashcompinit calls the function with ksharrays set (arrays from 0, as in bash): so does the test.
  it.runIf(ZSH)("zsh: the script loads in zsh (through bashcompinit) and completes like bash", () => {
    const box = sandbox();
    const { stdout } = box.run(["completion", "zsh"]);
    expect(stdout.startsWith("#compdef clawdia\n")).toBe(true);
    const file = path.join(box.home, "_clawdia");
    fs.writeFileSync(file, stdout);
    const result = spawnSync(
      ZSH!,
      [
        "-f",
        "-c",
        `autoload -U compinit && compinit -u -D; source '${file}'; setopt ksharrays; COMP_WORDS=(clawdia models a); COMP_CWORD=2; _clawdia; print -l -- \${COMPREPLY[@]}`,
      ],
      { encoding: "utf8", env: { PATH: process.env.PATH, HOME: box.home } },
    );
    expect(result.status, result.stderr).toBe(0);
    // zsh's compgen stand-in leaves the prefix to compadd, which filters what it is given: the
    // candidates are the words after `clawdia models`, none of the top level's.
    expect(result.stdout.split("\n").filter(Boolean)).toEqual(["status", "auth", "--help", "--state-dir"]);
  });

  it.runIf(FISH)("fish: the script loads, and fish completes subcommands and flags from it", () => {
    const box = sandbox();
    const { stdout } = box.run(["completion", "fish"]);
    const file = path.join(box.home, "clawdia.fish");
    fs.writeFileSync(file, stdout);
    const complete = (line: string) => {
      const result = spawnSync(FISH!, ["--no-config", "-c", `source '${file}'; complete --do-complete '${line}'`], {
        encoding: "utf8",
        env: { PATH: process.env.PATH, HOME: box.home },
      });
      expect(result.status, result.stderr).toBe(0);
      return result.stdout
        .split("\n")
        .filter(Boolean)
        .map((entry) => entry.split("\t")[0]);
    };
    expect(complete("clawdia mod")).toEqual(["models"]);
    expect(complete("clawdia models auth o")).toEqual(["order"]);
    expect(complete("clawdia models status --ch")).toEqual(["--check"]);
  });

  it("an unknown shell is bad usage (64), and the command has help", () => {
    const box = sandbox();
    const result = box.run(["completion", "tcsh"]);
    expect(result.code).toBe(64);
    expect(result.stderr).toContain('completion: unknown shell "tcsh"; use one of bash, zsh, fish');
    expect(box.run(["completion", "--help"]).stdout).toContain("source <(clawdia completion bash)");
  });
});
