// `clawdia … | head` closes stdout early: the CLI stops quietly, with no stack trace.
import { spawnSync } from "node:child_process";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT } from "../support/cli.js";
import { sandbox, writeJson } from "./helpers.js";

describe("a reader that closes the pipe early", () => {
  it("clawdia models status --json | head -c 10, with an output far larger than a pipe holds", () => {
    const box = sandbox();
    const profiles = Object.fromEntries(
      Array.from({ length: 3000 }, (_, i) => [
        `openrouter:p${i}`,
        { type: "api_key", provider: "openrouter", key: `sk-or-v1-PIPETEST${String(i).padStart(40, "0")}` },
      ]),
    );
    writeJson(box.store(), { version: 1, profiles });
    const cli = [process.execPath, path.join(ROOT, "bin/clawdia.js"), "models", "status", "--json"]
      .map((a) => `'${a}'`)
      .join(" ");
    const result = spawnSync("sh", ["-c", `${cli} | head -c 10 >/dev/null`], {
      encoding: "utf8",
      env: { PATH: process.env.PATH, HOME: box.home, CLAWDIA_STATE_DIR: box.stateDir },
    });
    expect(result.stderr).not.toMatch(/EPIPE|\n\s+at /);
    expect(result.stderr).toBe("");
  });
});
