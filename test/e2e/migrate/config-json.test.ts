// Migration config.json-to-clawdia.json (2025.6.0): <state>/config.json moves to <state>/clawdia.json,
// only when clawdia.json does not exist; otherwise both stay and doctor says which to look at.
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { history, modeOf, parseStdout, read, sandbox } from "../helpers.js";
import { stampedMetaLine, textDiff, userFiles } from "./helpers.js";

const FIXTURE = "legacy-config-json";

describe("migration config.json-to-clawdia.json (legacy-config-json)", () => {
  it("moves the text to clawdia.json: comments, trailing commas and gateway keys survive; only the stamp changes", () => {
    const box = sandbox(FIXTURE);
    const before = read(box.state("config.json"));
    const store = read(box.store());
    const result = box.run(["migrate"]);
    expect(result).toMatchObject({ code: 0, stderr: "" });
    expect(result.stdout).toBe(
      "Applied 1 migration(s):\n  2025.6.0  move <state>/config.json to <state>/clawdia.json\nUndo with: clawdia doctor --undo\n",
    );
    expect(fs.existsSync(box.state("config.json"))).toBe(false);
    expect(textDiff(before, read(box.config))).toEqual(stampedMetaLine("2025.5.2", "2025-05-20T09:12:00Z"));
    expect(modeOf(box.config)).toBe(0o600);
    expect(read(box.store())).toBe(store);
  });

  it("a second run changes nothing: --check exits 0, no new history line, every byte the same", () => {
    const box = sandbox(FIXTURE);
    expect(box.run(["migrate", "--check"]).code).toBe(1);
    expect(box.run(["migrate"]).code).toBe(0);
    const migrated = userFiles(box);
    const check = box.run(["migrate", "--check"]);
    expect(check).toMatchObject({ code: 0, stdout: "No migrations pending.\n", stderr: "" });
    expect(box.run(["migrate"])).toMatchObject({ code: 0, stdout: "No migrations pending.\n" });
    expect(userFiles(box)).toEqual(migrated);
    expect(history(box.stateDir)).toHaveLength(1);
  });

  it("both config.json and clawdia.json: neither is touched, doctor reports state/legacy-leftovers", () => {
    const box = sandbox(FIXTURE);
    const newer = '// written by hand after the upgrade\n{ "gateway": { "port": 18800 } }\n';
    fs.writeFileSync(box.config, newer, { mode: 0o600 });
    const old = read(box.state("config.json"));
    expect(box.run(["migrate", "--check"]).code).toBe(0);
    expect(box.run(["migrate"]).stdout).toBe("No migrations pending.\n");
    expect(read(box.config)).toBe(newer);
    expect(read(box.state("config.json"))).toBe(old);

    const report = parseStdout(box.run(["doctor", "--json"]));
    expect(report.findings).toContainEqual(
      expect.objectContaining({
        ruleId: "state/legacy-leftovers",
        severity: "warning",
        subject: { file: box.state("config.json") },
        message: expect.stringContaining("~/.clawdia/config.json (old) and ~/.clawdia/clawdia.json exist"),
      }),
    );
    expect(read(box.config)).toBe(newer);
    expect(read(box.state("config.json"))).toBe(old);
  });

  it("CLAWDIA_CONFIG_PATH pointing elsewhere: config.json is not taken for the config and stays", () => {
    const box = sandbox(FIXTURE);
    const elsewhere = path.join(box.home, "etc", "clawdia.json");
    const before = userFiles(box);
    const result = box.run(["migrate"], { env: { CLAWDIA_CONFIG_PATH: elsewhere } });
    expect(result).toMatchObject({ code: 0, stdout: "No migrations pending.\n" });
    expect(userFiles(box)).toEqual(before);
    expect(fs.existsSync(elsewhere)).toBe(false);
  });
});
