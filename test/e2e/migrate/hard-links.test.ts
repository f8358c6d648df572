// A run's backups and moves share the original's inode instead of copying it (creating files is
// the slow step on many disks). Nothing may stay shared afterwards: a backup must not change when
// the user later edits a live file in place, and every file must still be restorable.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it, onTestFinished } from "vitest";
import { read, sandbox, tree, type Sandbox } from "../helpers.js";

/** Every regular file under the state dir with more than one name. */
function sharedInodes(box: Sandbox): string[] {
  return fs
    .readdirSync(box.stateDir, { recursive: true })
    .map(String)
    .filter((name) => {
      const stat = fs.lstatSync(box.state(name));
      return stat.isFile() && stat.nlink > 1;
    });
}

function backupsOf(box: Sandbox): Map<string, string> {
  const [runDir] = fs.readdirSync(box.state("backups"));
  const manifest = JSON.parse(read(box.state("backups", runDir, "manifest.json")));
  return new Map(manifest.files.filter((f: any) => f.backup).map((f: any) => [f.path, f.backup]));
}

describe("backups and moves by hard link (legacy-flat-auth, files 0600)", () => {
  it("after migrate no file has a second name, and each backup holds its original's bytes", () => {
    const box = sandbox("legacy-flat-auth");
    const before = tree(box.stateDir);
    const originals = new Map(
      Object.keys(before)
        .filter((rel) => before[rel].startsWith("file"))
        .map((rel) => [box.state(rel), read(box.state(rel))]),
    );
    expect(box.run(["migrate"]).code).toBe(0);
    expect(sharedInodes(box)).toEqual([]);
    const backups = backupsOf(box);
    expect(backups.size).toBeGreaterThan(2);
    for (const [file, backup] of backups) expect(read(backup), file).toBe(originals.get(file));
  });

  it("auth.json.bak edited in place afterwards: the run's backup of auth.json keeps the original", () => {
    const box = sandbox("legacy-flat-auth");
    const authJson = box.state("agents", "main", "agent", "auth.json");
    const original = read(authJson);
    expect(box.run(["migrate"]).code).toBe(0);
    const bak = `${authJson}.bak`;
    expect(read(bak)).toBe(original);
    fs.writeFileSync(bak, "edited in place\n"); // truncates and writes the same inode, as vim does for a linked file
    expect(read(backupsOf(box).get(authJson)!)).toBe(original);
  });

  it("--undo puts every original back byte for byte and mode for mode", () => {
    const box = sandbox("legacy-flat-auth");
    const before = tree(box.stateDir);
    expect(box.run(["migrate"]).code).toBe(0);
    expect(box.run(["doctor", "--undo"]).code).toBe(0);
    const after = tree(box.stateDir);
    for (const rel of Object.keys(before)) expect(after[rel], rel).toBe(before[rel]);
    expect(
      Object.keys(after).filter((rel) => !(rel in before) && !rel.startsWith("backups") && !rel.startsWith("doctor")),
    ).toEqual([]);
  });

  it("an original with a second name of the user's is backed up as a copy: editing that name leaves the backup alone", () => {
    const box = sandbox("legacy-flat-auth");
    const authJson = box.state("agents", "main", "agent", "auth.json");
    const original = read(authJson);
    const usersLink = path.join(box.home, "my-auth.json");
    fs.linkSync(authJson, usersLink);
    expect(box.run(["migrate"]).code).toBe(0);
    fs.writeFileSync(usersLink, "edited in place\n");
    expect(read(backupsOf(box).get(authJson)!)).toBe(original);
    expect(read(`${authJson}.bak`)).toBe(original);
  });

  it("a 0644 original is backed up as a 0600 copy, never by a link that would keep 0644", () => {
    const box = sandbox("legacy-flat-auth");
    const authJson = box.state("agents", "main", "agent", "auth.json");
    fs.chmodSync(authJson, 0o644);
    expect(box.run(["migrate"]).code).toBe(0);
    const backup = backupsOf(box).get(authJson)!;
    expect(fs.statSync(backup).mode & 0o777).toBe(0o600);
    expect(fs.statSync(`${authJson}.bak`).mode & 0o777).toBe(0o600);
    expect(path.basename(backup)).toMatch(/auth\.json$/);
  });

  // A config on another file system (CLAWDIA_CONFIG_PATH on a RAM disk) cannot be hard-linked into
  // <state>/backups: the link fails with EXDEV and the backup is a copy.
  const otherDevice = fs.existsSync("/dev/shm") && fs.statSync("/dev/shm").dev !== fs.statSync(os.tmpdir()).dev;
  it.runIf(otherDevice)("a config on another file system is backed up by copy, and --undo restores it", () => {
    const box = sandbox("legacy-gateway-token");
    const dir = fs.mkdtempSync("/dev/shm/clawdia-test-");
    onTestFinished(() => fs.rmSync(dir, { recursive: true, force: true }));
    const config = path.join(dir, "clawdia.json");
    fs.copyFileSync(box.config, config);
    fs.rmSync(box.config);
    fs.chmodSync(config, 0o600);
    const original = read(config);
    const env = { CLAWDIA_CONFIG_PATH: config };
    expect(box.run(["migrate"], { env }).code).toBe(0);
    expect(read(config)).not.toBe(original);
    const backup = backupsOf(box).get(config)!;
    expect(read(backup)).toBe(original);
    expect(fs.statSync(backup).nlink).toBe(1);
    expect(box.run(["doctor", "--undo"], { env }).code).toBe(0);
    expect(read(config)).toBe(original);
  });
});
