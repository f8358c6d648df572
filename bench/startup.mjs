// Start-up cases of `npm run bench`: each command's wall time as a ratio to `node -e 0`, measured in
// the same run, interleaved (one run of each in turn, so a busy moment of the machine costs all of
// them alike), in the same clean environment (`env -i PATH HOME`: no NODE_OPTIONS, no
// NODE_EXTRA_CA_CERTS, which alone adds ~35 ms to every Node start on some machines).
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { median } from "./median.mjs";

/**
 * Runs the floor and every command `runs` times, interleaved; returns, per command, the median wall
 * time, its ratio to the floor's median and the peak RSS, and the floor itself.
 */
export function measureStartup({ bin, probe, home, tmp, commands, runs }) {
  const rssFile = path.join(tmp, "startup-rss");
  const once = (args, stateDir) => {
    const env = {
      PATH: process.env.PATH,
      HOME: home,
      BENCH_RSS_FILE: rssFile,
      ...(stateDir ? { CLAWDIA_STATE_DIR: stateDir } : {}),
    };
    const start = process.hrtime.bigint();
    const result = spawnSync(process.execPath, ["--require", probe, ...args], {
      env,
      stdio: ["ignore", "ignore", "pipe"],
      encoding: "utf8",
    });
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    if (result.status === null || result.status >= 64)
      throw new Error(`${args.join(" ")} failed (${result.signal ?? result.status}): ${result.stderr}`);
    return { ms, mb: Number(fs.readFileSync(rssFile, "utf8")) / 1024 };
  };
  const floor = { name: "node -e 0 (the floor)", args: ["-e", "0"] };
  const all = [floor, ...commands.map((c) => ({ ...c, args: [bin, ...c.args] }))];
  const samples = all.map(() => ({ ms: [], mb: [] }));
  for (let i = 0; i < runs; i++) {
    all.forEach((c, k) => {
      const { ms, mb } = once(c.args, c.stateDir);
      samples[k].ms.push(ms);
      samples[k].mb.push(mb);
    });
  }
  const floorMs = median(samples[0].ms);
  return all.map((c, k) => {
    const ms = median(samples[k].ms);
    return { name: c.name, target: c.target, ms, ratio: ms / floorMs, mb: Math.max(...samples[k].mb) };
  });
}
