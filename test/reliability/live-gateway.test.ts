// A live gateway beside us (issue 7, part 2). fake-gateway.mjs rewrites agent main's store under
// proper-lockfile's lock, as the gateway does when it records usage, while two lanes of ours run
// `clawdia doctor` (with a Claude Code credential that keeps changing: the sync pass), `clawdia
// models auth order set` and `clawdia migrate` on the same state. At the end: the gateway's counter
// equals its own count of writes (no update lost), every change we reported applied is there (and
// every other one was reported dropped), every file parses, every command ended in bounded time.
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT, writeJson } from "../e2e/helpers.js";
import {
  DAY,
  detachedSandbox,
  expectAllParse,
  NOW,
  run,
  STACK_FRAME,
  start,
  type Outcome,
  type Sandbox,
} from "./helpers.js";

const GATEWAY = path.join(ROOT, "test/reliability/fake-gateway.mjs");
/** RELIABILITY_SCALE=5 for a longer soak; 1 keeps the suite's time budget. */
const SCALE = Number(process.env.RELIABILITY_SCALE ?? 1) || 1;
/** Rounds per lane; each round of lane A is 3 commands, of lane B 2. */
const ROUNDS = 16 * SCALE;
/** No single command may take longer than this (a deadlock would). */
const COMMAND_BOUND_MS = 20_000;
const LOCK_TIMEOUT = "2000";

const KEY = (name: string) => `sk-ant-api03-LIVEGW${name}`.padEnd(95, "0");
const cliToken = (n: number) => `sk-ant-oat01-LIVEGWaccess${String(n).padStart(4, "0")}`.padEnd(90, "0");

/** healthy + agent work; both stores have two API-key profiles so the order can be set either way. */
function liveState(): Sandbox & { cleanup: () => void } {
  const box = detachedSandbox("healthy");
  const config = fs
    .readFileSync(box.config, "utf8")
    .replace('[{ "id": "main", "default": true }]', '[{ "id": "main", "default": true }, { "id": "work" }]');
  fs.writeFileSync(box.config, config);
  for (const agent of ["main", "work"]) {
    writeJson(box.store(agent), {
      version: 1,
      profiles: {
        "anthropic:default": { type: "api_key", provider: "anthropic", key: KEY(`${agent}default`) },
        "anthropic:backup": { type: "api_key", provider: "anthropic", key: KEY(`${agent}backup`) },
      },
      usageStats: { "anthropic:default": { requestCount: 0 } },
    });
  }
  writeClaude(box, 0);
  return box;
}

/** Claude Code renews its credential: a new token, expiring later each time (the sync takes it). */
function writeClaude(box: Sandbox, n: number): void {
  writeJson(path.join(box.home, ".claude", ".credentials.json"), {
    claudeAiOauth: {
      accessToken: cliToken(n),
      refreshToken: `sk-ant-ort01-LIVEGWrefresh${n}`.padEnd(90, "0"),
      expiresAt: NOW + DAY + n * 60_000,
      scopes: [],
      subscriptionType: "max",
    },
  });
}

function readStore(box: Sandbox, agent = "main"): any {
  return JSON.parse(fs.readFileSync(box.store(agent), "utf8"));
}

function startGateway(
  args: string[],
  env: Record<string, string> = {},
): { child: ChildProcess; exited: Promise<number | null> } {
  const child = spawn(process.execPath, [GATEWAY, ...args], {
    stdio: ["ignore", "pipe", "inherit"],
    env: { ...process.env, ...env },
  });
  const exited = new Promise<number | null>((resolve) => child.on("close", (code) => resolve(code)));
  return { child, exited };
}

async function stopGateway(gateway: { child: ChildProcess; exited: Promise<number | null> }): Promise<void> {
  gateway.child.kill("SIGTERM");
  const timer = setTimeout(() => gateway.child.kill("SIGKILL"), 10_000);
  expect(await gateway.exited, "the gateway stopped when told (it was not stuck on a lock)").toBe(0);
  clearTimeout(timer);
}

/** One of our commands, with the bound that tells a deadlock from a slow run. */
async function ours(box: Sandbox, args: string[], log: Outcome[]): Promise<Outcome> {
  const started = start(box, args, { CLAWDIA_LOCK_TIMEOUT_MS: LOCK_TIMEOUT });
  const timer = setTimeout(() => started.child.kill("SIGKILL"), COMMAND_BOUND_MS);
  const result = await started.done;
  clearTimeout(timer);
  log.push(result);
  expect(result.signal, `${args.join(" ")} did not finish within ${COMMAND_BOUND_MS} ms`).toBeNull();
  expect(result.stderr, args.join(" ")).not.toContain(STACK_FRAME);
  expect(result.code, `${args.join(" ")}: ${result.stderr}`).not.toBe(70);
  return result;
}

const DROPPED =
  /locked by another process|locked by clawdia |changed on disk since it was read|not applied: another migration/;

describe.concurrent("a live gateway beside us", () => {
  it(
    `doctor, the sync pass, models auth order set and migrate, ${ROUNDS} rounds in 2 lanes: nothing lost, nothing corrupt, no deadlock`,
    async () => {
      const box = liveState();
      const report = box.state("gateway-report.json");
      const gateway = startGateway(["record", box.store(), report]);
      try {
        const log: Outcome[] = [];
        const tally = {
          syncApplied: 0,
          syncDropped: 0,
          orderApplied: 0,
          orderDropped: 0,
          migrateApplied: 0,
          migrateDropped: 0,
        };
        const planted: string[] = [];
        const began = Date.now();
        const lastOrder: Record<string, string[] | undefined> = { main: undefined, work: undefined };

        const orderSet = async (agent: string, round: number) => {
          const order =
            round % 2 ? ["anthropic:backup", "anthropic:default"] : ["anthropic:default", "anthropic:backup"];
          const before = readStore(box, agent).order?.anthropic;
          const result = await ours(
            box,
            ["models", "auth", "order", "set", "--provider", "anthropic", "--agent", agent, ...order],
            log,
          );
          const now = readStore(box, agent).order?.anthropic;
          if (result.code === 0) {
            tally.orderApplied++;
            lastOrder[agent] = order;
            expect(now, `order set ${agent} round ${round} reported applied`).toEqual(order);
          } else {
            tally.orderDropped++;
            expect(result.stderr).toMatch(DROPPED);
            expect(result.stderr).toMatch(/nothing was written/);
            expect(now, `order set ${agent} round ${round} reported dropped`).toEqual(before);
          }
        };

        const laneA = async () => {
          for (let round = 1; round <= ROUNDS; round++) {
            // 1. Claude Code renews its token; doctor's sync pass takes it (or says why not).
            writeClaude(box, round);
            const doctor = await ours(box, ["doctor", "--json"], log);
            expect([0, 1, 2]).toContain(doctor.code);
            const sync = JSON.parse(doctor.stdout).changes.find((c: any) => c.id === "sync:main");
            const profile = readStore(box).profiles["anthropic:claude-cli"];
            if (sync?.status === "applied") {
              tally.syncApplied++;
              expect(profile.access, `sync round ${round} reported applied`).toBe(cliToken(round));
            } else if (sync) {
              tally.syncDropped++;
              expect(sync.reason).toMatch(DROPPED);
            } else expect(profile.access, `round ${round}: no sync planned, so lane B synced it`).toBe(cliToken(round));

            // 2. The per-agent order of main, the store the gateway writes.
            await orderSet("main", round);

            // 3. A legacy auth.json appears (as from an older release); migrate merges it into main's store.
            const authJson = path.join(path.dirname(box.store()), "auth.json");
            if (!fs.existsSync(authJson)) {
              fs.rmSync(`${authJson}.bak`, { force: true }); // the user removed the last .bak (see hostile-input: a second auth.json)
              const provider = `custom${round}`;
              fs.writeFileSync(authJson, JSON.stringify({ [provider]: KEY(provider) }), { mode: 0o600 });
              planted.push(provider);
            }
            const migrate = await ours(box, ["migrate", "--json"], log);
            const result = JSON.parse(migrate.stdout);
            if (result.applied) {
              tally.migrateApplied++;
              const id = `${planted.at(-1)}:default`;
              expect(readStore(box).profiles[id], `migrate round ${round} reported applied`).toMatchObject({
                type: "api_key",
                key: KEY(planted.at(-1)!),
              });
              expect(fs.existsSync(authJson)).toBe(false);
            } else if (result.failure) {
              tally.migrateDropped++;
              expect(result.failure.message).toMatch(DROPPED);
              // Left in place, unless lane B's doctor (its housekeeping runs migrations) merged it meanwhile.
              const mergedByB = readStore(box).profiles[`${planted.at(-1)}:default`] !== undefined;
              expect(fs.existsSync(authJson) || mergedByB, "a failed migration leaves auth.json in place").toBe(true);
            }
          }
        };

        const laneB = async () => {
          for (let round = 1; round <= ROUNDS; round++) {
            await orderSet("work", round);
            const doctor = await ours(box, ["doctor", "--json"], log);
            expect([0, 1, 2]).toContain(doctor.code);
          }
        };

        await Promise.all([laneA(), laneB()]);
        const elapsed = Date.now() - began;
        await stopGateway(gateway);

        // Quiet now: one more doctor run migrates whatever auth.json is left and syncs the last token
        // (if the last sync was dropped), so every change can be looked for.
        const last = await run(box, ["doctor", "--json"]);
        expect([0, 1, 2], last.stderr).toContain(last.code);
        const counts = JSON.parse(fs.readFileSync(report, "utf8"));
        const store = readStore(box);

        expect(counts.corruptReads, "the gateway never read a torn store").toBe(0);
        expect(counts.compromised, "no one took the gateway's lock from it").toBe(0);
        expect(counts.writes).toBeGreaterThan(0);
        expect(store.usageStats["anthropic:default"].requestCount, "no gateway update was lost").toBe(counts.writes);
        for (const provider of planted)
          expect(store.profiles[`${provider}:default`], `${provider} migrated and kept`).toMatchObject({
            key: KEY(provider),
          });
        expect(store.order?.anthropic).toEqual(lastOrder.main);
        expect(readStore(box, "work").order?.anthropic).toEqual(lastOrder.work);
        expect(store.profiles["anthropic:claude-cli"].access).toBe(cliToken(ROUNDS));
        expect(store.profiles["anthropic:default"].key).toBe(KEY("maindefault"));
        expectAllParse(box, "end");
        const leftovers = fs
          .readdirSync(box.stateDir, { recursive: true })
          .map(String)
          .filter((rel) => /\.tmp$|\.lock(\.owner)?$/.test(rel));
        expect(leftovers, "no temp file or lock left behind").toEqual([]);
        expect(
          tally.orderApplied + tally.syncApplied + tally.migrateApplied,
          "some of our changes got through",
        ).toBeGreaterThan(0);

        const slowest = Math.max(...log.map((r) => r.ms));
        console.info(
          `live gateway: ${log.length} commands of ours in ${(elapsed / 1000).toFixed(1)} s (slowest ${slowest} ms), ${counts.writes} gateway writes, ${JSON.stringify(tally)}`,
        );
      } finally {
        gateway.child.kill("SIGKILL");
        box.cleanup();
      }
    },
    170_000 * SCALE,
  );

  it("a live lock (held and kept fresh by its owner) is waited for up to CLAWDIA_LOCK_TIMEOUT_MS, then reported; nothing is written", async ({
    onTestFinished,
  }) => {
    const box = liveState();
    fs.rmSync(path.join(box.home, ".claude"), { recursive: true }); // no sync: only the order change is in play
    const holder = startGateway(["hold", box.store()]);
    onTestFinished(() => {
      holder.child.kill("SIGKILL");
      box.cleanup();
    });
    await new Promise((resolve) => holder.child.stdout!.once("data", resolve));
    const before = fs.readFileSync(box.store());

    // Longer than the 10 s stale time: a lock kept fresh is never taken over, however long we wait.
    const result = await run(box, ["models", "auth", "order", "set", "--provider", "anthropic", "anthropic:backup"], {
      CLAWDIA_LOCK_TIMEOUT_MS: "11000",
    });
    await stopGateway(holder);
    expect(result.ms).toBeGreaterThanOrEqual(11_000);
    expect(result.ms).toBeLessThan(11_000 + 8_000);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      `clawdia: set the anthropic order of agent main: ${box.store()}: it is locked by another process (the gateway?) and stayed locked for 11000 ms; nothing was written\n`,
    );
    expect(fs.readFileSync(box.store())).toEqual(before);
    expect(fs.existsSync(box.state("backups"))).toBe(false);
  }, 40_000);

  it("a stale lock (a <file>.lock dir 60 s old, its owner gone) is taken over: order set, migrate and doctor's sync all write", async ({
    onTestFinished,
  }) => {
    const box = liveState();
    onTestFinished(() => box.cleanup());
    const stale = (file: string) => {
      fs.mkdirSync(`${file}.lock`);
      const old = new Date(Date.now() - 60_000);
      fs.utimesSync(`${file}.lock`, old, old);
    };
    stale(box.store());
    stale(box.config);
    const authJson = path.join(path.dirname(box.store("work")), "auth.json");
    fs.writeFileSync(authJson, JSON.stringify({ openrouter: "sk-or-v1-LIVEGWstale".padEnd(80, "0") }), { mode: 0o600 });
    stale(box.store("work"));

    const order = await run(box, [
      "models",
      "auth",
      "order",
      "set",
      "--provider",
      "anthropic",
      "anthropic:backup",
      "anthropic:default",
    ]);
    expect(order.code, order.stderr).toBe(0);
    expect(order.stdout).toBe("anthropic (agent main): anthropic:backup → anthropic:default\n");
    expect(readStore(box).order.anthropic).toEqual(["anthropic:backup", "anthropic:default"]);
    expect(readStore(box).profiles["anthropic:claude-cli"].access).toBe(cliToken(0)); // the sync ran first, through the stale lock
    expect(readStore(box, "work").profiles["openrouter:default"]).toMatchObject({ type: "api_key" }); // the migration too
    const locks = fs
      .readdirSync(box.stateDir, { recursive: true })
      .map(String)
      .filter((rel) => /\.lock(\.owner)?$/.test(rel));
    expect(locks, "taken over, then released").toEqual([]);
  }, 30_000);
});

describe("a gateway that records usage non-stop", () => {
  // Was a bug: the store is read and planned before its lock is taken, and a change whose file moved
  // on was dropped, so while the gateway recorded usage every few ms `models auth order set` always
  // failed "changed on disk". Now an edit is made on the new content when only the gateway's usage
  // bookkeeping changed (src/engine/rebase.ts).
  it("models auth order set gets through while the gateway records usage non-stop", async ({ onTestFinished }) => {
    const box = liveState();
    fs.rmSync(path.join(box.home, ".claude"), { recursive: true });
    const gateway = startGateway(["record", box.store(), box.state("gateway-report.json")], { GATEWAY_NONSTOP: "1" });
    onTestFinished(() => {
      gateway.child.kill("SIGKILL");
      box.cleanup();
    });
    await new Promise((resolve) => setTimeout(resolve, 300));
    const tries: Outcome[] = [];
    for (let i = 0; i < 3 && !tries.some((r) => r.code === 0); i++) {
      tries.push(
        await run(
          box,
          ["models", "auth", "order", "set", "--provider", "anthropic", "anthropic:backup", "anthropic:default"],
          { CLAWDIA_LOCK_TIMEOUT_MS: "2000" },
        ),
      );
    }
    expect(tries.map((r) => r.stderr)).toContain("");
    expect(readStore(box).order?.anthropic).toEqual(["anthropic:backup", "anthropic:default"]);
  }, 30_000);
});
