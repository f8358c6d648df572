// Safety classes on the command line: safe repairs always; unsafe ones only with --fix, confirmed on a
// TTY or accepted with --yes; without a TTY, --fix alone applies nothing unsafe and says so;
// --non-interactive applies safe ones only. The unsafe fix here is auth/profile-mode-mismatch's
// (fixtures/mode-mismatch: a token stored under a profile whose configured mode is api_key).
import fs from "node:fs";
import { describe, expect, it } from "vitest";
import { HAS_SCRIPT, history, modeOf, parseStdout, read, runOnTty, sandbox, tree } from "./helpers.js";

const MODE_LINE = /"anthropic:manual": \{ "provider": "anthropic", "mode": "(\w+)" \}/;

/** The mismatch (unsafe fix) plus a .env at 0644 (safe fix). */
function mismatch() {
  const box = sandbox("mode-mismatch");
  fs.writeFileSync(box.dotenv, "CLAWDIA_LOG_LEVEL=info\n");
  fs.chmodSync(box.dotenv, 0o644);
  return box;
}

const configuredMode = (config: string) => MODE_LINE.exec(read(config))?.[1];
const unsafeChange = (report: any) => report.changes.find((c: any) => c.safety === "unsafe");

describe("unsafe fixes", () => {
  it("without --fix: not applied (needs-fix), the safe chmod is, exit 2", () => {
    const box = mismatch();
    const result = box.run(["doctor", "--json"]);
    const report = parseStdout(result);
    expect(unsafeChange(report)).toMatchObject({ status: "needs-fix", reason: expect.stringContaining("--fix") });
    expect(configuredMode(box.config)).toBe("api_key");
    expect(modeOf(box.dotenv)).toBe(0o600);
    expect(result.code).toBe(2);
  });

  it("--fix without a TTY and without --yes applies nothing unsafe and says why (JSON)", () => {
    const box = mismatch();
    const result = box.run(["doctor", "--fix", "--json"]);
    const change = unsafeChange(parseStdout(result));
    expect(change.status).toBe("declined");
    expect(change.reason).toMatch(/--yes/);
    expect(configuredMode(box.config)).toBe("api_key");
    expect(modeOf(box.dotenv)).toBe(0o600);
    expect(result.code).toBe(2);
  });

  // Was a bug (src/report/text.ts): the text report shows "declined" and "fix available: run `clawdia doctor
  // --fix`" (which the user just ran); the reason ("no terminal to confirm on: add --yes") is only in JSON.
  it("--fix without a TTY tells a person to add --yes", () => {
    const result = mismatch().run(["doctor", "--fix"]);
    expect(result.stdout + result.stderr).toMatch(/--yes/);
  });

  it("--fix --yes applies it: exit 0, the comment on that line survives, history says unsafe", () => {
    const box = mismatch();
    const result = box.run(["doctor", "--fix", "--yes"]);
    expect(result.code).toBe(0);
    expect(configuredMode(box.config)).toBe("token");
    expect(read(box.config)).toContain('// should be "token"');
    expect(history(box.stateDir)[0].changes.map((c: any) => c.safety)).toEqual(
      expect.arrayContaining(["safe", "unsafe"]),
    );
  });

  it("--non-interactive applies safe repairs only, never prompts, even with --fix --yes", () => {
    for (const args of [
      ["--non-interactive"],
      ["--non-interactive", "--fix"],
      ["--non-interactive", "--fix", "--yes"],
    ]) {
      const box = mismatch();
      const result = box.run(["doctor", ...args, "--json"]);
      const change = unsafeChange(parseStdout(result));
      expect(change.status, args.join(" ")).not.toBe("applied");
      expect(configuredMode(box.config)).toBe("api_key");
      expect(modeOf(box.dotenv)).toBe(0o600);
      expect(result.code).toBe(2);
    }
  });

  it("--fix --yes --dry-run shows the unsafe change in the diff and writes nothing", () => {
    const box = mismatch();
    const before = tree(box.home);
    const result = box.run(["doctor", "--fix", "--yes", "--dry-run"]);
    expect(result.stdout).toMatch(/^-.*"mode": "api_key" \} \/\/ should be "token"/m);
    expect(result.stdout).toMatch(/^\+.*"mode": "token" \} \/\/ should be "token"/m);
    expect(tree(box.home)).toEqual(before);
  });

  it("--undo after --fix --yes restores the mode the user had", () => {
    const box = mismatch();
    const before = read(box.config);
    box.run(["doctor", "--fix", "--yes"]);
    expect(box.run(["doctor", "--undo"]).code).toBe(0);
    expect(read(box.config)).toBe(before);
    expect(modeOf(box.dotenv)).toBe(0o644);
  });
});

describe.skipIf(!HAS_SCRIPT)("on a terminal", () => {
  it("--fix asks before an unsafe repair; yes applies it", async () => {
    const box = mismatch();
    const { code, output } = await runOnTty(box, ["doctor", "--fix"], /Apply 1 unsafe repair/, "y");
    expect(output).toContain("set auth.profiles");
    expect(configuredMode(box.config)).toBe("token");
    expect(code).toBe(0);
  });

  it("--fix asks; no applies nothing unsafe (the safe chmod still happens)", async () => {
    const box = mismatch();
    const { code } = await runOnTty(box, ["doctor", "--fix"], /Apply 1 unsafe repair/, "n");
    expect(configuredMode(box.config)).toBe("api_key");
    expect(modeOf(box.dotenv)).toBe(0o600);
    expect(code).toBe(2);
  });

  it("--non-interactive never asks, even on a terminal", async () => {
    const box = mismatch();
    const { code, output } = await runOnTty(box, ["doctor", "--fix", "--non-interactive"], /$^/, "");
    expect(output).not.toMatch(/Apply \d+ unsafe repair/);
    expect(configuredMode(box.config)).toBe("api_key");
    expect(code).toBe(2);
  });
});
