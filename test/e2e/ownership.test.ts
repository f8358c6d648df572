// Root keeps the owner of the user's files (issue 13, case 4): `sudo clawdia doctor --fix --yes` with
// HOME kept must not leave the user's config and stores root:root, where the gateway (running as the
// user) can no longer read its credentials; `sudo clawdia onboard` into a user's home refuses.
// Only root can give files away, so these run as root (CI does) and are skipped otherwise.
import fs from "node:fs";
import { describe, expect, it } from "vitest";
import { DAY, NOW, read, sandbox, STACK_FRAME, writeClaudeCredentials } from "./helpers.js";

const IS_ROOT = process.getuid?.() === 0;
const USER = 65534; // nobody

function owner(file: string): string {
  const stat = fs.statSync(file);
  return `${stat.uid}:${stat.gid}`;
}

describe.skipIf(!IS_ROOT)("as root, in a state whose files belong to a user", () => {
  it("doctor --fix --yes rewrites the config and a store: each keeps its owner; --undo too", () => {
    const box = sandbox("mode-mismatch");
    // The state dir is root's (made by an earlier `sudo`), the files in it the user's.
    writeClaudeCredentials(box.home, {
      accessToken: "sk-ant-oat01-OWNERsyncAccess".padEnd(100, "0"),
      refreshToken: "sk-ant-ort01-OWNERsyncRefresh".padEnd(100, "0"),
      expiresAt: NOW + 30 * DAY,
    });
    for (const file of [box.config, box.store()]) fs.chownSync(file, USER, USER);
    const result = box.run(["doctor", "--fix", "--yes"]);
    expect(result.stderr).not.toContain(STACK_FRAME);
    expect(read(box.config)).toContain('"mode": "token"');
    expect(owner(box.config)).toBe(`${USER}:${USER}`);
    expect(owner(box.store())).toBe(`${USER}:${USER}`);

    expect(box.run(["doctor", "--undo"]).code).toBe(0);
    expect(read(box.config)).not.toContain('"mode": "token"');
    expect(owner(box.config)).toBe(`${USER}:${USER}`);
    expect(owner(box.store())).toBe(`${USER}:${USER}`);
  });

  it("a file root creates in it gets the state dir's owner", () => {
    const box = sandbox("healthy");
    fs.chownSync(box.stateDir, 0, USER);
    fs.rmSync(box.dotenv);
    const result = box.run(
      ["onboard", "--non-interactive", "--provider", "anthropic", "--auth-choice", "api-key", "--store", "dotenv"],
      {
        input: "sk-ant-api03-OWNERnewKey".padEnd(100, "0"),
      },
    );
    expect(result.code, result.stderr).toBe(0);
    expect(owner(box.dotenv)).toBe(`0:${USER}`);
  });

  it.each([
    ["non-interactive", ["onboard", "--non-interactive", "--provider", "anthropic", "--auth-choice", "api-key"]],
    ["the wizard", ["onboard"]],
  ])("onboard (%s) into a user's home with no ~/.clawdia refuses before asking, and creates nothing", (_name, args) => {
    const box = sandbox();
    fs.chownSync(box.home, USER, USER);
    const result = box.run(args, { input: "sk-ant-api03-OWNERrefused".padEnd(100, "0") });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/belongs to another user \(uid 65534\); run clawdia as that user/);
    expect(result.stderr).not.toContain(STACK_FRAME);
    expect(fs.existsSync(box.stateDir)).toBe(false);
  });
});
