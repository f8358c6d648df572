// A store that is a symbolic link (agents/main/agent/auth-profiles.json → a file elsewhere, e.g. a
// shared or dotfiles-managed store): doctor reads through the link but never writes through it.
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import {
  DAY,
  history,
  modeOf,
  NOW,
  parseStdout,
  read,
  sandbox,
  STACK_FRAME,
  writeClaudeCredentials,
} from "./helpers.js";

/** The healthy fixture with its main store moved to ~/shared/ and linked back. */
function linkedStore() {
  const box = sandbox("healthy");
  const target = path.join(box.home, "shared", "auth-profiles.json");
  fs.mkdirSync(path.dirname(target), { recursive: true });
  fs.renameSync(box.store(), target);
  fs.symlinkSync(target, box.store());
  return { box, target };
}

describe("a symlinked auth store", () => {
  it("is read through the link: its API key counts, exit 0, nothing written", () => {
    const { box, target } = linkedStore();
    const before = read(target);
    const result = box.run(["doctor"]);
    expect(result.code).toBe(0);
    expect(read(target)).toBe(before);
    expect(fs.lstatSync(box.store()).isSymbolicLink()).toBe(true);
    expect(fs.existsSync(box.state("backups"))).toBe(false);
  });

  it("a sync into it is dropped with a message; the link and its target are unchanged", () => {
    const { box, target } = linkedStore();
    writeClaudeCredentials(box.home, {
      accessToken: "sk-ant-oat01-SYMLINKsyncAccess0000000000000000000000000000000000000",
      refreshToken: "sk-ant-ort01-SYMLINKsyncRefresh000000000000000000000000000000000000000",
      expiresAt: NOW + 30 * DAY,
    });
    const before = read(target);
    const config = read(box.config);

    const result = box.run(["doctor"]);
    expect(result.stderr).not.toContain(STACK_FRAME);
    expect(result.stdout).toMatch(/dropped: it is a symbolic link/);
    expect(fs.lstatSync(box.store()).isSymbolicLink()).toBe(true);
    expect(fs.readlinkSync(box.store())).toBe(target);
    expect(read(target)).toBe(before);
    expect(read(box.config)).toBe(config); // the sync change is dropped whole
    expect(history(box.stateDir)).toEqual([]);
    expect(result.code).toBe(2); // Claude Code's credential is still not synced: a warning
  });

  it("a target wider than 0600 is reported, not chmodded through the link", () => {
    const { box, target } = linkedStore();
    fs.chmodSync(target, 0o644);
    const report = parseStdout(box.run(["doctor", "--json"]));
    const finding = report.findings.find(
      (f: any) => f.ruleId === "files/permissions" && f.subject.file === box.store(),
    );
    expect(finding.severity).toBe("info");
    expect(finding.message).toMatch(/symbolic link/);
    expect(finding.advice.join("\n")).toContain("chmod 600");
    expect(modeOf(target)).toBe(0o644);
  });
});
