// Downgrade protection: a config stamped by a newer Clawdia (meta.lastTouchedVersion) is reported
// and never rewritten by this version: not by migrate, not by doctor's migrations or safe fixes.
import fs from "node:fs";
import { parse } from "jsonc-parser";
import { describe, expect, it } from "vitest";
import { parseStdout, read, sandbox, type Sandbox } from "../helpers.js";
import { userFiles } from "./helpers.js";

const NEWER = "2099.1.0";
const MESSAGE = `~/.clawdia/clawdia.json was last written by Clawdia ${NEWER}, newer than this one (2026.11.0); it is never rewritten by this version. Upgrade Clawdia.\n`;

/** legacy-gateway-token (a pending migration) as if a newer Clawdia had stamped it. */
function newerGatewayToken(): Sandbox {
  const box = sandbox("legacy-gateway-token");
  fs.writeFileSync(
    box.config,
    read(box.config).replace('"lastTouchedVersion": "2025.12.0"', `"lastTouchedVersion": "${NEWER}"`),
  );
  return box;
}

describe("a config stamped by a newer Clawdia", () => {
  it("migrate exits 1 with a clear message and writes nothing", () => {
    const box = newerGatewayToken();
    const before = userFiles(box);
    const result = box.run(["migrate"]);
    expect(result).toMatchObject({ code: 1, stdout: "", stderr: MESSAGE });
    expect(userFiles(box)).toEqual(before);
    expect(fs.existsSync(box.state("doctor"))).toBe(false);
  });

  it("--check and --dry-run exit 1 with the same message; --json says newerVersion", () => {
    const box = newerGatewayToken();
    const before = userFiles(box);
    for (const args of [
      ["migrate", "--check"],
      ["migrate", "--dry-run"],
    ])
      expect(box.run(args)).toMatchObject({ code: 1, stderr: MESSAGE });
    const json = box.run(["migrate", "--json"]);
    expect(json.code).toBe(1);
    expect(parseStdout(json)).toMatchObject({ newerVersion: NEWER, migrations: [], applied: false, exitCode: 1 });
    expect(userFiles(box)).toEqual(before);
  });

  it("nothing else of the state is migrated either (a flat auth.json stays)", () => {
    const box = sandbox("legacy-flat-auth");
    fs.writeFileSync(
      box.config,
      read(box.config).replace('"lastTouchedVersion": "2025.10.4"', `"lastTouchedVersion": "${NEWER}"`),
    );
    const before = userFiles(box);
    expect(box.run(["migrate"]).code).toBe(1);
    expect(box.run(["doctor"]).code).not.toBe(70);
    expect(userFiles(box)).toEqual(before);
  });

  it("doctor reports config/newer-version and applies no migration to it", () => {
    const box = newerGatewayToken();
    const text = read(box.config);
    const report = parseStdout(box.run(["doctor", "--json"]));
    expect(report.findings).toContainEqual(
      expect.objectContaining({
        ruleId: "config/newer-version",
        severity: "warning",
        message: expect.stringContaining(`last written by Clawdia ${NEWER}, newer than this one (2026.11.0)`),
      }),
    );
    expect(report.changes.filter((c: any) => c.source === "migration")).toEqual([]);
    expect(read(box.config)).toBe(text);
  });

  it("doctor's safe fix to the config (a dangling auth.order entry) is dropped, not written; --fix --yes too", () => {
    const box = sandbox("dangling-order");
    const text = read(box.config).replace("{\n", `{\n  "meta": { "lastTouchedVersion": "${NEWER}" },\n`);
    fs.writeFileSync(box.config, text);
    for (const args of [
      ["doctor", "--json"],
      ["doctor", "--fix", "--yes", "--json"],
    ]) {
      const result = box.run(args);
      expect(result.code).not.toBe(70);
      const report = parseStdout(result);
      expect(report.findings.map((f: any) => f.ruleId)).toContain("config/newer-version");
      const fix = report.changes.find((c: any) => c.id.startsWith("auth/order-unknown-profile"));
      expect(fix, args.join(" ")).toMatchObject({ status: "dropped", reason: expect.stringContaining(NEWER) });
      expect(read(box.config)).toBe(text);
    }
    expect(parse(read(box.config)).auth.order.anthropic).toEqual(["anthropic:old", "anthropic:default"]);
  });

  it("a stamp equal to this version, or older, is not 'newer': migrations run", () => {
    for (const version of ["2026.11.0", "2026.10.9"]) {
      const box = sandbox("legacy-gateway-token");
      fs.writeFileSync(
        box.config,
        read(box.config).replace('"lastTouchedVersion": "2025.12.0"', `"lastTouchedVersion": "${version}"`),
      );
      expect(box.run(["migrate"]), version).toMatchObject({ code: 0 });
      expect(parse(read(box.config)).gateway.auth).toEqual({ token: "clawgw-LEGGWTKgatewayBearer000000000000" });
    }
  });

  // Was a bug: planMigrations (src/engine/migrate.ts) looks for a newer stamp only in <state>/clawdia.json;
  // a config still at the old path <state>/config.json is moved and then re-stamped with this
  // version, so a newer Clawdia's config is rewritten and its stamp lowered. Input:
  // legacy-config-json with meta.lastTouchedVersion "2099.1.0" (no clawdia.json). Expected: the config
  // kept as it is (migrate exits 1 with the newer-version message, or at least the stamp stays
  // 2099.1.0). Actual: moved to clawdia.json with "lastTouchedVersion": "2026.11.0", exit 0.
  it("a newer config still at the old path config.json is not re-stamped by this version", () => {
    const box = sandbox("legacy-config-json");
    const text = read(box.state("config.json")).replace(
      '"lastTouchedVersion": "2025.5.2"',
      `"lastTouchedVersion": "${NEWER}"`,
    );
    fs.writeFileSync(box.state("config.json"), text);
    box.run(["migrate"]);
    const config = fs.existsSync(box.config) ? read(box.config) : read(box.state("config.json"));
    expect(config).toBe(text);
  });
});
