// readShellAssignment against a real POSIX shell sourcing the line (`set -a; . ./file`).
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { readShellAssignment } from "../../src/snapshot/shell-assignment.js";

const dir = mkdtempSync(join(tmpdir(), "clawdia-shell-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** What `sh` assigns to K when it sources `line`, or undefined when it fails. */
function shellValue(line: string): string | undefined {
  const file = join(dir, "env");
  writeFileSync(file, `${line}\n`);
  try {
    return execFileSync("sh", ["-c", 'set -a; . "$1" 2>/dev/null || exit 9; printf %s "${K-unset}"', "sh", file], {
      encoding: "utf8",
      env: { PATH: process.env.PATH },
    });
  } catch {
    return undefined;
  }
}

describe("readShellAssignment", () => {
  it.each([
    "K=1",
    "export K='two words'",
    'K="x#y" # note',
    "K=abc#def",
    'K="a\\"b\\\\c\\n"',
    "K=a\\ b",
    "K=",
    "K=''",
    `K='it'"'"'s'`,
    "K=a'b c'd",
  ])("%s reads as sh reads it", (line) => {
    const reading = readShellAssignment(line);
    expect(reading).toEqual({ value: shellValue(line) });
  });

  it.each(["K=$HOME", 'K="${X}"', "K=`date`", "K = 1", "K: 1", "K=a b", "K=~/x", "K=a;b"])(
    "%s is not a plain assignment",
    (line) => {
      expect(readShellAssignment(line)).toHaveProperty("differs");
    },
  );

  it("on random values: when it gives a value, sh gives the same", () => {
    const value = fc.string({
      unit: fc.constantFrom("a", " ", "#", "'", '"', "\\", "=", "n", "%", "*"),
      maxLength: 10,
    });
    fc.assert(
      fc.property(value, (v) => {
        const reading = readShellAssignment(`K=${v}`);
        if (reading && "value" in reading) expect(shellValue(`K=${v}`)).toBe(reading.value);
      }),
      { numRuns: Number(process.env.FC_RUNS ?? 150) },
    );
  });
});
