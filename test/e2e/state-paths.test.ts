// Where the state is: --state-dir, CLAWDIA_STATE_DIR and CLAWDIA_CONFIG_PATH are honoured, and odd
// entries where files should be (a directory, a plain file) are findings, never a crash.
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "jsonc-parser";
import { parseStdout, read, ROOT, sandbox, STACK_FRAME } from "./helpers.js";

describe("locating the state", () => {
  it("--state-dir (before or after the command) wins over CLAWDIA_STATE_DIR", () => {
    const box = sandbox("healthy");
    const other = path.join(box.home, "other-state");
    fs.cpSync(path.join(ROOT, "fixtures", "expired-token"), other, { recursive: true });
    // The env points at a dir that does not exist; ~/.clawdia is healthy; only `other` has the expired token.
    const env = { CLAWDIA_STATE_DIR: path.join(box.home, "nowhere") };
    for (const args of [
      ["--state-dir", other, "doctor", "--json"],
      ["doctor", "--state-dir", other, "--json"],
    ]) {
      const report = parseStdout(box.run(args, { env }));
      expect(report.stateDir).toBe(other);
      expect(report.findings.map((f: any) => f.ruleId)).toContain("auth/token-expired");
    }
    expect(fs.existsSync(path.join(box.home, "nowhere"))).toBe(false);
  });

  it("CLAWDIA_CONFIG_PATH: the config is read and repaired where it is, comments kept", () => {
    const box = sandbox("dangling-order");
    const elsewhere = path.join(box.home, "etc", "clawdia.jsonc");
    fs.mkdirSync(path.dirname(elsewhere));
    fs.renameSync(box.config, elsewhere);
    const report = parseStdout(box.run(["doctor", "--json"], { env: { CLAWDIA_CONFIG_PATH: elsewhere } }));
    expect(report.configPath).toBe(elsewhere);
    expect(report.exitCode).toBe(0);
    expect(parse(read(elsewhere)).auth.order).toEqual({ anthropic: ["anthropic:default"] });
    expect(read(elsewhere)).toContain("// tried first to last");
    expect(fs.existsSync(box.config)).toBe(false);
  });
});

describe("odd entries are findings, not crashes", () => {
  const cases: [string, (box: ReturnType<typeof sandbox>) => void][] = [
    [
      "the state dir is a file",
      (box) => {
        fs.rmSync(box.stateDir, { recursive: true });
        fs.writeFileSync(box.stateDir, "not a dir\n");
      },
    ],
    [
      "the config is a directory",
      (box) => {
        fs.rmSync(box.config);
        fs.mkdirSync(box.config);
      },
    ],
    [
      "the store is a directory",
      (box) => {
        fs.rmSync(box.store());
        fs.mkdirSync(box.store());
      },
    ],
    ["the config is empty", (box) => fs.writeFileSync(box.config, "")],
    ["the config is JSON null", (box) => fs.writeFileSync(box.config, "null\n")],
    ["the store is an array", (box) => fs.writeFileSync(box.store(), "[]\n")],
    [
      "the config has a BOM and CRLF line ends",
      (box) => fs.writeFileSync(box.config, "\ufeff" + read(box.config).replace(/\n/g, "\r\n")),
    ],
  ];
  for (const [what, spoil] of cases) {
    it(what, () => {
      const box = sandbox("healthy");
      spoil(box);
      for (const args of [["doctor"], ["doctor", "--json"]]) {
        const result = box.run(args);
        expect(result.stderr).not.toContain(STACK_FRAME);
        expect(result.stderr).not.toMatch(/internal error/);
        expect([0, 1, 2]).toContain(result.code);
      }
    });
  }

  it("a BOM and CRLF config is fixed without losing either", () => {
    const box = sandbox("dangling-order");
    fs.writeFileSync(box.config, "\ufeff" + read(box.config).replace(/\n/g, "\r\n"));
    expect(box.run(["doctor"]).code).toBe(0);
    const after = read(box.config);
    expect(after.startsWith("\ufeff")).toBe(true);
    expect(after.replace(/\r\n/g, "")).not.toContain("\n");
    expect(parse(after.slice(1)).auth.order).toEqual({ anthropic: ["anthropic:default"] });
  });
});
