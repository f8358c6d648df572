// `models auth cooldown clear` beside a live gateway (issue 20). The stand-in (test/reliability/
// fake-gateway.mjs fail) keeps recording rate-limited requests in agent main's store under the
// gateway's lock, alternating between its two profiles, each with a tally of its own (`failures`)
// that no edit of ours touches; meanwhile we clear the cooldowns again and again. At the end the
// tallies add up to the gateway's own count of writes (not one of its writes lost), every clear
// either went through or was refused in words, every file parses, and history has one run per clear.
import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { history, read, ROOT, sandbox, STACK_FRAME, startCli, writeJson } from "../helpers.js";

const GATEWAY = path.join(ROOT, "test/reliability/fake-gateway.mjs");
const PROFILES = ["anthropic:default", "anthropic:backup"];
const KEY = (name: string) => `sk-ant-api03-GWCOOL${name}`.padEnd(95, "0");
const CLEARS = 8;

describe("cooldown clear while the gateway records failures", () => {
  it("loses none of the gateway's writes, and each clear is applied or refused cleanly", async () => {
    const box = sandbox("cooling-down");
    writeJson(box.store("main"), {
      version: 1,
      profiles: {
        "anthropic:default": { type: "api_key", provider: "anthropic", key: KEY("default") },
        "anthropic:backup": { type: "api_key", provider: "anthropic", key: KEY("backup") },
      },
      order: { anthropic: PROFILES },
      usageStats: {},
    });
    const report = path.join(box.home, "gateway-report.json");
    const gateway = spawn(process.execPath, [GATEWAY, "fail", box.store("main"), report], {
      stdio: ["ignore", "ignore", "inherit"],
      env: { ...process.env, GATEWAY_PROFILES: PROFILES.join(",") },
    });
    const exited = new Promise<number | null>((resolve) => gateway.on("close", resolve));

    const outcomes = [];
    try {
      // Let it record a few failures first, so there is a cooldown to clear.
      for (let waited = 0; !read(box.store("main")).includes('"failures"'); waited += 20) {
        if (waited > 10_000) throw new Error("the gateway stand-in never wrote");
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      for (let i = 0; i < CLEARS; i++) {
        outcomes.push(
          await startCli(box, ["models", "auth", "cooldown", "clear", "--provider", "anthropic"], {
            env: { CLAWDIA_LOCK_TIMEOUT_MS: "3000" },
          }),
        );
      }
    } finally {
      gateway.kill("SIGTERM");
    }
    expect(await exited, "the gateway stopped when told").toBe(0);
    const gw = JSON.parse(fs.readFileSync(report, "utf8"));

    for (const outcome of outcomes) {
      expect(outcome.stderr).not.toContain(STACK_FRAME);
      // Applied, or (the gateway rewrote that very profile every time we looked) refused in words.
      if (outcome.code !== 0) expect(outcome.stderr).toMatch(/changed on disk|locked by/);
      expect(outcome.code === 0 || outcome.code === 1).toBe(true);
    }
    const applied = outcomes.filter((outcome) => outcome.code === 0 && outcome.stdout.startsWith("Cleared")).length;
    expect(applied, outcomes.map((o) => o.stderr).join("\n")).toBeGreaterThan(0);

    const store = JSON.parse(read(box.store("main")));
    const tallies = PROFILES.map((id) => store.usageStats[id]?.failures ?? 0);
    expect({
      writes: gw.writes,
      recorded: tallies[0] + tallies[1],
      corruptReads: gw.corruptReads,
      compromised: gw.compromised,
    }).toEqual({ writes: gw.writes, recorded: gw.writes, corruptReads: 0, compromised: 0 });
    expect(store.profiles).toEqual({ "anthropic:default": expect.any(Object), "anthropic:backup": expect.any(Object) });
    expect(history(box.stateDir).filter((run: any) => run.command === "models auth cooldown clear")).toHaveLength(
      applied,
    );

    // With the gateway stopped, one more clear leaves no cooldown, and the tallies stand.
    expect((await startCli(box, ["models", "auth", "cooldown", "clear", "--provider", "anthropic"])).code).toBe(0);
    const after = JSON.parse(read(box.store("main")));
    for (const [i, id] of PROFILES.entries())
      expect(after.usageStats[id]).toMatchObject({ failures: tallies[i], errorCount: 0 });
    for (const id of PROFILES) expect(after.usageStats[id].cooldownUntil).toBeUndefined();
  }, 60_000);
});
