// Hostile and odd input (issue 7, part 4): for each, the exact line a user sees and proof that the
// file is never rewritten. Where the behaviour is poor (no finding, a confusing message, a crash),
// the test states what it should be and is marked it.fails with a "BUG:" comment.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import {
  CLI_ARGV,
  cliEnv,
  DAY,
  NOW,
  ROOT,
  runAsOwner,
  sandbox,
  STACK_FRAME,
  tree,
  writeClaudeCredentials,
  writeJson,
  type CliResult,
  type Sandbox,
} from "../e2e/helpers.js";

const NOBODY = 65534;
const IS_ROOT = process.getuid?.() === 0;

/** The healthy fixture plus a newer Claude Code credential: a normal run wants to write the main store (and the config). */
function withPendingSync(fixture = "healthy"): Sandbox {
  const box = sandbox(fixture);
  writeClaudeCredentials(box.home, {
    accessToken: "sk-ant-oat01-HOSTILEsyncAccess00000000000000000000000000000000000000",
    refreshToken: "sk-ant-ort01-HOSTILEsyncRefresh000000000000000000000000000000000000000",
    expiresAt: NOW + 30 * DAY,
  });
  return box;
}

/** Runs a command; it must not crash, and `file` must keep every byte. Returns what the user saw. */
function expectUntouched(
  box: Sandbox,
  file: string,
  args: string[] = ["doctor"],
  run: Sandbox["run"] = box.run,
): CliResult {
  const before = snapshotOf(file);
  const result = run(args);
  expect(result.stderr, "a stack trace").not.toContain(STACK_FRAME);
  expect(result.code, `exit code: ${result.stderr}`).not.toBe(70);
  expect(snapshotOf(file), `${file} was rewritten`).toEqual(before);
  return result;
}

/** Content and mode (or the directory / link itself); for a huge file its inode, size, mtime and mode. */
function snapshotOf(file: string): Record<string, string> {
  const stat = fs.lstatSync(file);
  if (stat.isFile() && stat.size > 1024 * 1024)
    return { [file]: `${stat.ino} ${stat.size} ${stat.mtimeMs} ${stat.mode}` };
  return tree(file);
}

/** The store of the expiring-token fixture with anthropic:claude-cli's `expires` set to `value`. */
function tokenExpiring(value: unknown): Sandbox {
  const box = sandbox("expiring-token");
  const store = JSON.parse(fs.readFileSync(box.store(), "utf8"));
  store.profiles["anthropic:claude-cli"].expires = value;
  writeJson(box.store(), store);
  return box;
}

function lines(result: CliResult): string[] {
  return result.stdout.split("\n");
}

describe("empty, BOM, CRLF", () => {
  it("an empty config: 'the file is empty', exit 1, never rewritten (even with a pending sync and --fix --yes)", () => {
    const box = withPendingSync();
    fs.writeFileSync(box.config, "");
    const result = expectUntouched(box, box.config, ["doctor", "--fix", "--yes"]);
    expect(lines(result)).toContain("✖ ~/.clawdia/clawdia.json: the file is empty [config/invalid]");
    expect(lines(result)).toContain("    → ${EDITOR:-vi} ~/.clawdia/clawdia.json");
    expect(result.code).toBe(1);
  });

  it("an empty store: 'the file is empty' and no credentials, exit 1, never rewritten (the sync skips it)", () => {
    const box = withPendingSync();
    fs.writeFileSync(box.store(), "");
    const result = expectUntouched(box, box.store());
    expect(lines(result)).toContain(
      "✖ ~/.clawdia/agents/main/agent/auth-profiles.json: the file is empty [store/invalid]",
    );
    expect(result.stdout).toContain("its auth store could not be read, see store/invalid) [auth/missing-credentials]");
    expect(result.code).toBe(1);
  });

  it("a store with a UTF-8 BOM and CRLF line ends is read as it is: no finding, not rewritten", () => {
    const box = sandbox("healthy");
    fs.writeFileSync(box.store(), "\ufeff" + fs.readFileSync(box.store(), "utf8").replace(/\n/g, "\r\n"));
    const result = expectUntouched(box, box.store());
    expect(result.code).toBe(0);
    expect(result.stdout).not.toContain("[store/invalid]");
  });

  it("a config with a BOM and CRLF is read as it is: no finding, not rewritten", () => {
    const box = sandbox("healthy");
    fs.writeFileSync(box.config, "\ufeff" + fs.readFileSync(box.config, "utf8").replace(/\n/g, "\r\n"));
    const result = expectUntouched(box, box.config);
    expect(result.code).toBe(0);
    expect(result.stdout).not.toContain("[config/invalid]");
  });

  it("a sync into a BOM + CRLF store keeps the BOM and every CRLF", () => {
    const box = withPendingSync();
    fs.writeFileSync(box.store(), "\ufeff" + fs.readFileSync(box.store(), "utf8").replace(/\n/g, "\r\n"));
    expect(box.run(["doctor"]).code).toBe(0);
    const after = fs.readFileSync(box.store(), "utf8");
    expect(after.startsWith("\ufeff")).toBe(true);
    expect(after.replace(/\r\n/g, "")).not.toContain("\n");
    expect(JSON.parse(after.slice(1)).profiles["anthropic:claude-cli"].type).toBe("oauth");
  });
});

describe("invalid UTF-8", () => {
  /** A store whose API-key profile has a "label" with a Latin-1 byte (0xE9, "é") in it. */
  function latin1Store(box: Sandbox): Buffer {
    const text = fs
      .readFileSync(box.store(), "utf8")
      .replace('"type": "api_key",', '"type": "api_key", "label": "caf@",');
    const bytes = Buffer.from(text);
    bytes[bytes.indexOf("@")] = 0xe9;
    fs.writeFileSync(box.store(), bytes);
    return bytes;
  }

  // BUG (src/snapshot/raw-file.ts readRawFile reads with "utf8"; src/engine/transaction.ts writes
  // the backup and the new file from that decoded text): a store (or config) that is not valid UTF-8
  // gives no finding, and any write to it (here the sync) replaces each invalid byte with U+FFFD
  // (EF BF BD): bytes the user or gateway wrote are changed silently. Expected: a finding naming the
  // file and the position of the first invalid byte, and the file never rewritten.
  it("a store that is not valid UTF-8 is reported and never rewritten (a sync would replace the byte with U+FFFD)", () => {
    const box = withPendingSync();
    latin1Store(box);
    const result = expectUntouched(box, box.store());
    expect(result.stdout).toMatch(/auth-profiles\.json.*(UTF-8|utf-8).*\[store\/invalid\]/);
  });

  // Was a bug (same cause): the backup was written from the decoded text. Now such a file is never
  // rewritten, so there is nothing to undo and the original bytes stay.
  it("a store that is not valid UTF-8 keeps its exact bytes, through doctor and --undo", () => {
    const box = withPendingSync();
    const original = latin1Store(box);
    expect(box.run(["doctor"]).code).toBe(1);
    box.run(["doctor", "--undo"]);
    expect(fs.readFileSync(box.store()).equals(original)).toBe(true);
  });
});

describe("duplicate keys", () => {
  /** dangling-order with a second auth.order: JSON.parse (the gateway) uses the last one. */
  function duplicateOrder(): Sandbox {
    const box = sandbox("dangling-order");
    fs.writeFileSync(
      box.config,
      fs
        .readFileSync(box.config, "utf8")
        .replace(
          "    // tried first to last",
          '    "order": { "anthropic": ["anthropic:default"] },\n    // tried first to last',
        ),
    );
    return box;
  }

  it("a fix edits the occurrence the gateway uses (the last), and leaves the first as it is", () => {
    const box = duplicateOrder();
    const result = box.run(["doctor"]);
    expect(result.code).toBe(2); // the duplicate itself stays, as a warning: which one is meant is the user's call
    const after = fs.readFileSync(box.config, "utf8");
    expect(after).toContain(
      '    "order": { "anthropic": ["anthropic:default"] },\n    // tried first to last\n    "order": { "anthropic": ["anthropic:default"] }\n',
    );
  });

  // Was a bug (src/snapshot/jsonc.ts parseJsonc / rules/config/invalid.ts): a key given twice gave no
  // finding. The first occurrence is silently ignored (by the gateway and by doctor), which is how a
  // hand edit "does nothing". Expected: a warning naming the key and both positions.
  it("a key given twice in the config is reported (the first one is ignored by the gateway)", () => {
    const box = duplicateOrder();
    fs.writeFileSync(box.config, fs.readFileSync(box.config, "utf8").replace('"anthropic:old", ', ""));
    const result = expectUntouched(box, box.config);
    expect(result.stdout).toMatch(/auth\.order.*(duplicate|twice|more than once).*\[config\/invalid\]/);
  });
});

describe("10,000 levels of nesting", () => {
  // BUG (src/snapshot/jsonc.ts parseJsonc → jsonc-parser's recursive parse): 10,000 nested arrays
  // or objects overflow the stack: "clawdia: internal error: Maximum call stack size exceeded", exit
  // 70, for doctor, models status and migrate alike. The gateway's JSON.parse reads the same file.
  // Expected: a config/invalid (store/invalid) error such as "nested too deeply", exit 1.
  it("a config nested 10,000 levels deep is an error finding, not an internal error", () => {
    const box = sandbox("healthy");
    fs.writeFileSync(box.config, '{ "x": ' + "[".repeat(10_000) + "]".repeat(10_000) + " }\n");
    const result = expectUntouched(box, box.config);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain("[config/invalid]");
  });

  it("a store nested 10,000 levels deep is an error finding, not an internal error", () => {
    const box = sandbox("healthy");
    fs.writeFileSync(
      box.store(),
      '{ "version": 1, "profiles": {}, "usageStats": ' + '{ "a": '.repeat(10_000) + "1" + " }".repeat(10_000) + " }\n",
    );
    const result = expectUntouched(box, box.store());
    expect(result.code).toBe(1);
    expect(result.stdout).toContain("[store/invalid]");
  });

  it("1,000 levels are read fine (the limit is somewhere between)", () => {
    const box = sandbox("healthy");
    fs.writeFileSync(
      box.store(),
      fs
        .readFileSync(box.store(), "utf8")
        .replace('"version": 1,', `"version": 1, "deep": ${"[".repeat(1000)}${"]".repeat(1000)},`),
    );
    const result = expectUntouched(box, box.store());
    expect(result.code).toBe(0);
  });
});

describe("a 100 MB file (sparse)", () => {
  it("a 100 MB config is refused with the 16 MiB limit in the message, exit 1, never read whole or rewritten", () => {
    const box = withPendingSync();
    fs.truncateSync(box.config, 100 * 1024 * 1024);
    const result = expectUntouched(box, box.config, ["doctor", "--fix", "--yes"]);
    expect(lines(result)).toContain(
      "✖ ~/.clawdia/clawdia.json could not be read: it is 100 MiB, over the 16 MiB limit [config/invalid]",
    );
    expect(result.code).toBe(1);
  });

  it("a 100 MB store is refused the same way; models auth order set will not edit it either", () => {
    const box = sandbox("healthy");
    fs.truncateSync(box.store(), 100 * 1024 * 1024);
    const result = expectUntouched(box, box.store());
    expect(lines(result)).toContain(
      "✖ ~/.clawdia/agents/main/agent/auth-profiles.json could not be read: it is 100 MiB, over the 16 MiB limit [store/invalid]",
    );
    expect(result.code).toBe(1);
    const order = expectUntouched(box, box.store(), [
      "models",
      "auth",
      "order",
      "set",
      "--provider",
      "anthropic",
      "anthropic:default",
    ]);
    expect(order.code).toBe(1);
    expect(order.stderr).toBe(
      "clawdia: ~/.clawdia/agents/main/agent/auth-profiles.json cannot be used (it is 100 MiB, over the 16 MiB limit); nothing was written. Run `clawdia doctor`.\n",
    );
  });
});

describe("odd `expires` values", () => {
  it('"NaN" (a string): expected a number, got string', () => {
    const box = tokenExpiring("NaN");
    const result = expectUntouched(box, box.store());
    expect(lines(result)).toContain(
      '✖ agent main: profiles["anthropic:claude-cli"].expires: expected a number, got string [store/invalid]',
    );
    expect(lines(result)).toContain("    ~/.clawdia/agents/main/agent/auth-profiles.json:8:7");
    expect(result.code).toBe(1);
  });

  it("a date string: expected a number, got string", () => {
    const box = tokenExpiring("2026-12-27T12:00:00Z");
    const result = expectUntouched(box, box.store());
    expect(lines(result)).toContain(
      '✖ agent main: profiles["anthropic:claude-cli"].expires: expected a number, got string [store/invalid]',
    );
    expect(result.code).toBe(1);
  });

  it("null: expected a number, got null", () => {
    const box = tokenExpiring(null);
    const result = expectUntouched(box, box.store());
    expect(lines(result)).toContain(
      '✖ agent main: profiles["anthropic:claude-cli"].expires: expected a number, got null [store/invalid]',
    );
  });

  // BUG (rules/auth/token-expired.ts, src/snapshot/store-schema.ts): `expires` in seconds
  // (1766836800 = 2026-12-27 in seconds) is read as milliseconds, and the user is told
  // "anthropic:claude-cli (agent main) expired 20399d ago", advised to rerun `claude setup-token`
  // for a token that is fine. Expected: a finding that says the value looks like seconds (the
  // gateway reads milliseconds) and what it would be in milliseconds.
  it("`expires` in seconds is reported as seconds-instead-of-milliseconds, not as 'expired 20399d ago'", () => {
    const box = tokenExpiring(Math.floor((NOW + 30 * DAY) / 1000));
    const result = expectUntouched(box, box.store());
    expect(result.stdout).not.toContain("expired 20399d ago");
    expect(result.stdout).toMatch(/seconds/);
  });

  // BUG (same place): a negative `expires` passes the schema and reads as "expired 20420d ago".
  // Expected: store/invalid, "expected a time in milliseconds since 1970, got -1".
  it("a negative `expires` is a schema error, not 'expired 20420d ago'", () => {
    const box = tokenExpiring(-1);
    const result = expectUntouched(box, box.store());
    expect(result.stdout).toMatch(/profiles\["anthropic:claude-cli"\]\.expires: .*\[store\/invalid\]/);
  });
});

describe("credential types and providers", () => {
  it("an unknown credential type: the allowed ones are named, and nothing is counted as a credential", () => {
    const box = sandbox("expiring-token");
    const store = JSON.parse(fs.readFileSync(box.store(), "utf8"));
    store.profiles["anthropic:claude-cli"].type = "aws-sdk";
    writeJson(box.store(), store);
    const result = expectUntouched(box, box.store(), ["doctor", "--fix", "--yes"]);
    expect(lines(result)).toContain(
      '✖ agent main: profiles["anthropic:claude-cli"].type: expected one of "oauth", "token", "api_key" [store/invalid]',
    );
    expect(lines(result)).toContain(
      "✖ No credentials found for anthropic (agent main; in use by default model anthropic/claude-opus-4-5, profile anthropic:claude-cli) [auth/missing-credentials]",
    );
    expect(result.code).toBe(1);
  });

  // Was a bug (no rule covered it; now store/invalid): a
  // profile id whose provider prefix disagrees with its `provider` ("openrouter:work" holding an
  // Anthropic key with provider "anthropic") gives no finding; `models status` lists it under
  // anthropic. Expected: a warning naming the id, its prefix and its provider.
  it("a profile id whose prefix disagrees with its provider is reported", () => {
    const box = sandbox("healthy");
    const store = JSON.parse(fs.readFileSync(box.store(), "utf8"));
    store.profiles["openrouter:work"] = {
      type: "api_key",
      provider: "anthropic",
      key: "sk-ant-api03-HOSTILEprefixKey".padEnd(95, "0"),
    };
    writeJson(box.store(), store);
    const result = expectUntouched(box, box.store());
    expect(result.stdout).toMatch(
      /openrouter:work.*(openrouter|prefix).*anthropic|openrouter:work.*anthropic.*openrouter/,
    );
  });

  // Was a bug: anthropic:claude-cli holding an sk-ant-oat01 token whose store `provider` says
  // "openrouter" got the advice to set the *config* provider to "openrouter", which would move Claude
  // Code's token to OpenRouter. The id prefix, the config and the token's shape all say anthropic: the
  // store's `provider` field is the odd one out, and the advice now says to fix that.
  it("when only the store's provider disagrees (prefix, config and token say anthropic), the advice is to fix the store", () => {
    const box = sandbox("expiring-token");
    const store = JSON.parse(fs.readFileSync(box.store(), "utf8"));
    store.profiles["anthropic:claude-cli"].provider = "openrouter";
    writeJson(box.store(), store);
    const result = expectUntouched(box, box.store());
    expect(result.stdout).toContain(
      'holds a credential for openrouter, but auth.profiles["anthropic:claude-cli"].provider is "anthropic" [auth/profile-mode-mismatch]',
    );
    expect(result.stdout).not.toContain('set auth.profiles["anthropic:claude-cli"].provider to "openrouter"');
    expect(result.stdout).toContain(
      'set profiles["anthropic:claude-cli"].provider to "anthropic" in ~/.clawdia/agents/main/agent/auth-profiles.json',
    );
  });
});

describe("a store that is not a regular file", () => {
  it("a directory: 'it is not a regular file', nothing written into it by the sync, models auth refuses", () => {
    const box = withPendingSync();
    fs.rmSync(box.store());
    fs.mkdirSync(box.store());
    const result = expectUntouched(box, box.store());
    expect(lines(result)).toContain(
      "✖ ~/.clawdia/agents/main/agent/auth-profiles.json could not be read: it is not a regular file [store/invalid]",
    );
    expect(lines(result)).toContain("    → ls -ld ~/.clawdia/agents/main/agent/auth-profiles.json");
    expect(result.code).toBe(1);
    const order = expectUntouched(box, box.store(), [
      "models",
      "auth",
      "order",
      "set",
      "--provider",
      "anthropic",
      "anthropic:default",
    ]);
    expect(order.stderr).toBe(
      "clawdia: ~/.clawdia/agents/main/agent/auth-profiles.json cannot be used (it is not a regular file); nothing was written. Run `clawdia doctor`.\n",
    );
    expect(fs.readdirSync(box.store())).toEqual([]);
  });

  /** The store moved to ~/shared/ and linked back (a dotfiles-managed or shared store). */
  function linkedStore(fixture = "healthy"): { box: Sandbox; target: string } {
    const box = sandbox(fixture);
    const target = path.join(box.home, "shared", "auth-profiles.json");
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.renameSync(box.store(), target);
    fs.symlinkSync(target, box.store());
    return { box, target };
  }

  it("a symlink out of the state dir: models auth order set refuses, the link and its target are kept", () => {
    const { box, target } = linkedStore();
    const result = expectUntouched(box, target, [
      "models",
      "auth",
      "order",
      "set",
      "--provider",
      "anthropic",
      "anthropic:default",
    ]);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      `clawdia: set the anthropic order of agent main: ${box.store()}: it is a symbolic link; doctor never writes through links; nothing was written\n`,
    );
    expect(fs.readlinkSync(box.store())).toBe(target);
  });

  it("a symlink out of the state dir: migrate refuses to merge auth.json through it, all or nothing", () => {
    const { box, target } = linkedStore("legacy-flat-auth");
    const before = tree(box.stateDir);
    const result = expectUntouched(box, target, ["migrate"]);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      "clawdia: migration auth.json-to-auth-profiles failed on ~/.clawdia/agents/main/agent/auth-profiles.json: it is a symbolic link; doctor never writes through links. Nothing was written.\n",
    );
    expect(tree(box.stateDir)).toEqual(before);
  });

  it("a dangling symlink (its target removed): paste-token does not create the target through it", () => {
    const { box, target } = linkedStore();
    fs.rmSync(target);
    const result = box.run(["models", "auth", "paste-token", "--provider", "anthropic"], {
      input: "sk-ant-oat01-HOSTILEdangling".padEnd(95, "0") + "\n",
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/: it is a symbolic link; doctor never writes through links; nothing was written\n$/);
    expect(fs.existsSync(target)).toBe(false);
    expect(fs.lstatSync(box.store()).isSymbolicLink()).toBe(true);
  });
});

/** Whether this machine lets us make a private mount namespace (root, not in a locked-down container). */
const CAN_MOUNT =
  IS_ROOT &&
  spawnSync("unshare", [
    "-m",
    "--propagation",
    "private",
    "sh",
    "-c",
    "mount --bind /tmp /tmp && mount -o remount,bind,ro /tmp",
  ]).status === 0;

/** Runs the CLI with `dir` bind-mounted read-only, in a mount namespace of its own (gone when it exits). */
function runOnReadOnlyMount(box: Sandbox, dir: string, args: string[]): CliResult {
  const quote = (word: string) => `'${word.replace(/'/g, `'\\''`)}'`;
  const script = `mount --bind ${quote(dir)} ${quote(dir)} && mount -o remount,bind,ro ${quote(dir)} && exec ${[process.execPath, ...CLI_ARGV, ...args].map(quote).join(" ")}`;
  const result = spawnSync("unshare", ["-m", "--propagation", "private", "sh", "-c", script], {
    env: cliEnv(box),
    encoding: "utf8",
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe("a read-only file system", () => {
  // A real read-only file system (EROFS): the state dir bind-mounted read-only in a private mount
  // namespace (unshare -m), so nothing outside the test sees the mount. Needs root; skipped otherwise
  // (the read-only directories below and test/e2e/read-only.test.ts cover non-root users).
  it.skipIf(!CAN_MOUNT)("EROFS: every change is dropped with 'read-only file system', nothing changes, exit 2", () => {
    const box = withPendingSync("dangling-order");
    fs.chmodSync(box.config, 0o644);
    const before = tree(box.stateDir);
    const result = runOnReadOnlyMount(box, box.stateDir, ["doctor", "--json"]);
    expect(result.stderr).not.toContain(STACK_FRAME);
    expect(result.code).toBe(2);
    const report = JSON.parse(result.stdout);
    const fileChanges = report.changes.filter((change: any) => !change.files.includes(box.stateDir));
    expect(fileChanges.length).toBeGreaterThan(0);
    for (const change of fileChanges)
      expect(change).toMatchObject({ status: "dropped", reason: "could not lock it: read-only file system (EROFS)" });
    expect(tree(box.stateDir)).toEqual(before);
  });

  it.skipIf(!CAN_MOUNT)("EROFS: models auth order set says so in one line, nothing written", () => {
    const box = sandbox("healthy");
    const before = tree(box.stateDir);
    const result = runOnReadOnlyMount(box, box.stateDir, [
      "models",
      "auth",
      "order",
      "set",
      "--provider",
      "anthropic",
      "anthropic:default",
    ]);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      `clawdia: set the anthropic order of agent main: ${box.store()}: could not lock it: read-only file system (EROFS); nothing was written\n`,
    );
    expect(tree(box.stateDir)).toEqual(before);
  });

  // BUG (src/engine/transaction.ts writeAll: mkdirSync(backupDir, { recursive: true }) on a
  // read-only file system fails with ENOENT, reported as is): the state dir's chmod is dropped with
  // "could not write: it does not exist (ENOENT)", but the state dir exists. Expected: the real
  // reason, "read-only file system (EROFS)" (or "could not create the backup directory …").
  it.skipIf(!CAN_MOUNT)(
    "on EROFS, the state dir's chmod is dropped for the real reason, not 'it does not exist (ENOENT)'",
    () => {
      const box = sandbox("healthy");
      fs.chmodSync(box.stateDir, 0o755);
      const result = runOnReadOnlyMount(box, box.stateDir, ["doctor", "--json"]);
      const chmod = JSON.parse(result.stdout).changes.find((change: any) => change.files.includes(box.stateDir));
      expect(chmod.status).toBe("dropped");
      expect(chmod.reason).not.toMatch(/does not exist/);
      expect(chmod.reason).toMatch(/read-only file system/);
    },
  );

  it("simulated for a non-root user: a read-only agent dir; order set and migrate say 'permission denied', nothing written", () => {
    const box = sandbox("legacy-flat-auth");
    const agentDir = path.dirname(box.store());
    const run = runAsOwner(box);
    fs.chmodSync(agentDir, 0o500);
    const before = tree(box.stateDir);
    const migrate = run(["migrate"]);
    expect(migrate.stderr).not.toContain(STACK_FRAME);
    expect(migrate.code).toBe(1);
    expect(migrate.stderr).toMatch(
      /^clawdia: migration auth\.json-to-auth-profiles failed on ~\/\.clawdia\/agents\/main\/agent\/\S+: could not lock it: permission denied \(EACCES\)\. Nothing was written\.\n$/,
    );
    expect(tree(box.stateDir)).toEqual(before);
  });
});

describe("no HOME", () => {
  /** Runs the CLI as nobody (whose home in /etc/passwd is /nonexistent), with `env` as the whole environment. */
  function runBare(args: string[], env: Record<string, string>, cwd?: string): CliResult {
    const result = spawnSync(process.execPath, [...CLI_ARGV, ...args], {
      env: {
        PATH: process.env.PATH ?? "/usr/bin:/bin",
        NO_COLOR: "1",
        CLAWDIA_TEST_NOW: String(NOW),
        CLAWDIA_LOCK_TIMEOUT_MS: "300",
        ...env,
      },
      encoding: "utf8",
      cwd,
      ...(IS_ROOT ? { uid: NOBODY, gid: NOBODY } : {}),
    });
    return { code: result.status, stdout: result.stdout, stderr: result.stderr };
  }

  it.skipIf(!IS_ROOT)(
    "HOME unset, no state dir given: the user database's home is used; 'No Clawdia state', nothing created",
    () => {
      const result = runBare(["doctor"], {});
      expect(result.stderr).not.toContain(STACK_FRAME);
      expect(result.code).toBe(1);
      expect(lines(result)).toContain("ℹ No Clawdia state at ~/.clawdia [state/not-initialised]");
      expect(fs.existsSync("/nonexistent")).toBe(false);
    },
  );

  it.skipIf(!IS_ROOT)(
    "HOME unset, CLAWDIA_STATE_DIR given: a normal run (repairs applied, paths shown in full), --undo works",
    () => {
      const box = sandbox("dangling-order");
      runAsOwner(box); // hands the home to nobody
      const result = runBare(["doctor"], { CLAWDIA_STATE_DIR: box.stateDir });
      expect(result.stderr).not.toContain(STACK_FRAME);
      expect(result.code).toBe(0);
      expect(result.stdout).toContain(`  drop unknown ids from auth.order.anthropic: applied (${box.config})`);
      expect(runBare(["doctor", "--undo"], { CLAWDIA_STATE_DIR: box.stateDir }).code).toBe(0);
    },
  );

  // Was a bug (src/paths.ts took os.homedir(), which is "" when HOME is ""): the state dir was
  // `.clawdia` in the current directory. Now an empty HOME is treated as unset: the user's home from
  // the password database (nobody's /nonexistent here, shown as ~).
  it.skipIf(!IS_ROOT)(
    "HOME set to the empty string does not make ./.clawdia (in the current directory) the state dir",
    () => {
      const box = sandbox();
      const cwd = path.join(box.home, "somewhere");
      fs.cpSync(path.join(ROOT, "fixtures", "dangling-order"), path.join(cwd, ".clawdia"), { recursive: true });
      runAsOwner(box);
      const before = tree(cwd);
      const result = runBare(["doctor"], { HOME: "" }, cwd);
      expect(result.stdout).not.toContain("somewhere");
      expect(result.code).not.toBe(70);
      expect(tree(cwd)).toEqual(before);
    },
  );
});

describe("a state dir owned by another user", () => {
  it.skipIf(!IS_ROOT)("run by its owner (nobody): repairs applied, every file still the owner's", () => {
    const box = withPendingSync("dangling-order");
    const run = runAsOwner(box);
    const result = run(["doctor"]);
    expect(result.code).toBe(0);
    for (const rel of fs.readdirSync(box.stateDir, { recursive: true }).map(String))
      expect(fs.statSync(path.join(box.stateDir, rel)).uid, rel).toBe(NOBODY);
  });

  it.skipIf(!IS_ROOT)(
    "run by nobody on root's 0700 state dir: one line per file, 'permission denied', nothing written",
    () => {
      const box = sandbox("healthy");
      fs.chownSync(box.home, NOBODY, NOBODY); // nobody's home; the state dir inside stays root's
      const before = tree(box.stateDir);
      const result = spawnSync(process.execPath, [...CLI_ARGV, "doctor"], {
        env: cliEnv(box),
        encoding: "utf8",
        uid: NOBODY,
        gid: NOBODY,
      });
      expect(result.stderr).not.toContain(STACK_FRAME);
      expect(result.status).toBe(1);
      expect(result.stdout).toContain(
        "✖ ~/.clawdia/clawdia.json could not be read: permission denied (EACCES) [config/invalid]",
      );
      expect(result.stdout).toContain('    → sudo chown "$(id -un)" ~/.clawdia/clawdia.json');
      expect(tree(box.stateDir)).toEqual(before);
    },
  );

  // Was a bug: root (`sudo clawdia doctor`) on a state owned by another user wrote each changed file
  // as a new root-owned 0600 file, which the owner and the gateway could then not read, and the
  // owner's `doctor --undo` saw nothing. Now root refuses to write there and says how to run it.
  it.skipIf(!IS_ROOT)("root on nobody's state dir leaves every file readable by its owner", () => {
    const box = withPendingSync("dangling-order");
    const asOwner = runAsOwner(box); // chowns the home to nobody
    const result = box.run(["doctor"]); // as root
    expect(result.code).not.toBe(70);
    const stranger = fs
      .readdirSync(box.stateDir, { recursive: true })
      .map(String)
      .filter((rel) => fs.statSync(path.join(box.stateDir, rel)).uid !== NOBODY);
    expect(stranger).toEqual([]);
    expect(asOwner(["doctor"]).stdout).not.toContain("permission denied");
  });
});

describe("leftovers of older releases", () => {
  // Was a bug: the backup name was fixed, so an earlier auth.json.bak blocked the migration forever
  // with a wrong file and reason. Now the new backup takes the next free name and the old one stays.
  it("an auth.json next to an earlier auth.json.bak: migrate keeps the old .bak and writes auth.json.bak.2", () => {
    const box = sandbox("legacy-flat-auth");
    expect(box.run(["migrate"]).code).toBe(0);
    const authJson = path.join(path.dirname(box.store()), "auth.json");
    const earlier = fs.readFileSync(`${authJson}.bak`);
    const again = JSON.stringify({ custom: "sk-custom-HOSTILE0123456789" });
    fs.writeFileSync(authJson, again);
    const migrate = box.run(["migrate"]);
    expect(migrate.code).toBe(0);
    expect(migrate.stdout).not.toContain("sk-custom-HOSTILE0123456789");
    expect(fs.readFileSync(`${authJson}.bak`).equals(earlier)).toBe(true);
    expect(fs.readFileSync(`${authJson}.bak.2`, "utf8")).toBe(again);
    expect(fs.existsSync(authJson)).toBe(false);
  });

  // Was a bug: jsonc-parser assigned "__proto__" as the prototype, so `"order": { "__proto__": [...],
  // "anthropic": [...] }` gave "auth.order: expected an object, got object" and the ids under it were
  // never checked. JSON.parse (the gateway) reads "__proto__" as a provider name, and so do we now.
  it.each([
    ["plain JSON", ""],
    ["JSONC", "// a comment makes it JSONC\n"],
  ])('a "__proto__" key is read as a key, and the ids under it are checked (%s)', (_, head) => {
    const box = sandbox("dangling-order");
    const config = fs
      .readFileSync(box.config, "utf8")
      .replace('"order": { "anthropic"', '"order": { "__proto__": ["nobody:here"], "anthropic"');
    fs.writeFileSync(box.config, head + config);
    const result = box.run(["doctor", "--json", "--dry-run"]);
    expect(result.stdout).not.toContain("expected an object, got object");
    expect(result.stdout).toContain("auth.order.__proto__ names a profile that does not exist: nobody:here");
  });
});
