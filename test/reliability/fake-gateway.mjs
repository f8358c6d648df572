// Stands in for a running Clawdia gateway recording usage in an agent's auth store: take the
// store's proper-lockfile lock (as the gateway does), read it, add 1 to
// usageStats["anthropic:default"].requestCount, write it atomically (temp file + rename), let go.
//
//   node fake-gateway.mjs record <store> <report.json>   record usage until SIGTERM, then write
//                                                        { writes, corruptReads, compromised } to report.json
//   node fake-gateway.mjs hold <file>                    take the lock and keep it (fresh) until SIGTERM
//   node fake-gateway.mjs fail <store> <report.json>     record failed requests (rate limits) until SIGTERM,
//                                                        taking the profiles of GATEWAY_PROFILES (comma-separated)
//                                                        in turn: errorCount + 1, a cooldown a minute ahead,
//                                                        lastError, and failures + 1 (its own tally, which no
//                                                        edit of ours touches); then writes { writes, … }
//
// `record` alternates busy spells (writes back to back, 0-200 ms) with quiet ones (0-300 ms), as a
// gateway serving bursts of requests does; GATEWAY_NONSTOP=1 writes back to back all the time.
import fs from "node:fs";
import path from "node:path";
import lockfile from "proper-lockfile";

const PROFILE = "anthropic:default";
const [mode, file, reportPath] = process.argv.slice(2);
let stopping = false;
process.on("SIGTERM", () => (stopping = true));
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
let compromised = 0;

function lock(target, retries) {
  return lockfile.lock(target, {
    realpath: false,
    stale: 10_000,
    update: 1_000, // keeps the lock's mtime fresh while held
    retries: { retries, factor: 1, minTimeout: 2, maxTimeout: 10 },
    onCompromised: () => compromised++,
  });
}

function writeAtomic(target, text) {
  const temp = path.join(path.dirname(target), `.${path.basename(target)}.gateway-${process.pid}.tmp`);
  const fd = fs.openSync(temp, "w", 0o600);
  try {
    fs.writeSync(fd, text);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  fs.renameSync(temp, target);
}

async function record() {
  let writes = 0;
  let corruptReads = 0;
  let lockFailures = 0;
  let busyUntil = Date.now() + Math.random() * 200;
  while (!stopping) {
    let release;
    try {
      release = await lock(file, 2_000); // about 10 s of retries: longer than any of doctor's holds
    } catch {
      lockFailures++;
      continue;
    }
    try {
      let store;
      try {
        store = JSON.parse(fs.readFileSync(file, "utf8"));
      } catch {
        corruptReads++; // a torn or half-written store: what must never happen
        continue;
      }
      store.usageStats ??= {};
      if (mode === "fail") recordFailure(store.usageStats, FAILING[writes % FAILING.length]);
      else {
        const stats = (store.usageStats[PROFILE] ??= {});
        stats.requestCount = (stats.requestCount ?? 0) + 1;
        stats.lastUsed = Date.now();
      }
      writeAtomic(file, JSON.stringify(store, null, 2) + "\n");
      writes++;
    } finally {
      await release();
    }
    if (process.env.GATEWAY_NONSTOP === "1") await new Promise((resolve) => setImmediate(resolve));
    else if (Date.now() > busyUntil) {
      await sleep(Math.random() * 300);
      busyUntil = Date.now() + Math.random() * 200;
    }
  }
  fs.writeFileSync(reportPath, JSON.stringify({ writes, corruptReads, lockFailures, compromised }));
}

const FAILING = (process.env.GATEWAY_PROFILES ?? PROFILE).split(",");

/** What the gateway records after a 429: the count, a cooldown, the provider's answer. */
function recordFailure(usage, profileId) {
  const stats = (usage[profileId] ??= {});
  stats.failures = (stats.failures ?? 0) + 1;
  stats.errorCount = (stats.errorCount ?? 0) + 1;
  stats.cooldownUntil = Date.now() + 60_000;
  stats.lastError = '429 {"type":"error","error":{"type":"rate_limit_error","message":"rate limited"}}';
  stats.lastUsed = Date.now();
}

async function hold() {
  const release = await lock(file, 0);
  process.stdout.write("locked\n");
  while (!stopping) await sleep(50);
  await release();
}

await (mode === "hold" ? hold() : record());
