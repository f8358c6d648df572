// `clawdia models auth cooldown clear --provider P [--profile ID] [--agent ID] [--dry-run] [--json]`:
// resets the gateway's failure bookkeeping (cooldownUntil, errorCount) of an agent's profiles through
// the transaction (locked, backed up, undoable with `clawdia doctor --undo`).
import { clearCooldownOps, clockTime, failedRequests } from "../auth/cooldown.js";
import { assertEditable, storeDocument } from "../auth/profile-ops.js";
import { checkProvider, chooseAgent, openState, type OpenedState } from "../engine/open-state.js";
import { commit } from "../engine/pipeline.js";
import { ChangedSinceRead, UsageError } from "../errors.js";
import { displayPath } from "../paths.js";
import { printable as p } from "../report/printable.js";
import { objectAt } from "../snapshot/views.js";
import type { Change } from "../types.js";
import { printOut } from "../output.js";

interface CooldownFlags {
  provider: string;
  profile?: string;
  agent?: string;
  dryRun?: boolean;
  json?: boolean;
}

/** `--json`; its schema: src/report/schemas/auth-cooldown.ts. */
export interface AuthCooldownJson {
  schemaVersion: 1;
  agent: string;
  provider: string;
  dryRun: boolean;
  cleared: { profileId: string; cooldownUntil?: number; errorCount?: number }[];
  runId?: string;
}

/**
 * A gateway recording a failure of the same profile between our read and our lock makes the
 * transaction drop the change (it never overwrites what it did not plan on): read again and retry,
 * a few times, as the user would.
 */
const ATTEMPTS = 3;

export async function cooldownClearAction(flags: CooldownFlags, stateDir: string | undefined): Promise<number> {
  for (let attempt = 1; ; attempt++) {
    const state = await openState(stateDir, "models auth cooldown clear", !flags.dryRun);
    const plan = planClear(state, flags);
    if (plan.cleared.length === 0 || flags.dryRun) return report(plan, flags, undefined, state.now);
    try {
      const result = await commit(state.snapshot.raw, [plan.change], "models auth cooldown clear");
      return report(plan, flags, result.runId, state.now);
    } catch (error) {
      if (!(error instanceof ChangedSinceRead) || attempt >= ATTEMPTS) throw error;
    }
  }
}

interface ClearPlan {
  agentId: string;
  cleared: AuthCooldownJson["cleared"];
  change: Change;
  storeShown: string;
}

function planClear({ snapshot, paths }: OpenedState, flags: CooldownFlags): ClearPlan {
  checkProvider(snapshot, flags.provider);
  const agentId = chooseAgent(snapshot, flags.agent);
  const store = storeDocument(snapshot, agentId);
  assertEditable(store, paths.home);
  const view = snapshot.agentById.get(agentId)?.view;
  const profiles = (view?.profiles ?? []).filter((profile) => profile.provider === flags.provider);
  if (flags.profile !== undefined && !profiles.some((profile) => profile.id === flags.profile)) {
    const known = profiles.map((profile) => p(profile.id)).join(", ") || "none";
    throw new UsageError(
      `"${p(flags.profile)}" is not one of agent ${p(agentId)}'s ${p(flags.provider)} profiles; known: ${known}`,
    );
  }
  const targets = profiles.filter((profile) => flags.profile === undefined || profile.id === flags.profile);
  const rawUsage = objectAt(store.value, "usageStats");
  const cleared: ClearPlan["cleared"] = [];
  const ops = targets.flatMap((profile) => {
    const profileOps = clearCooldownOps(store.file.path, profile.id, rawUsage[profile.id]);
    const stats = view!.usageStats[profile.id];
    if (profileOps.length)
      cleared.push({
        profileId: profile.id,
        ...(stats?.cooldownUntil !== undefined && { cooldownUntil: stats.cooldownUntil }),
        ...(stats?.errorCount !== undefined && { errorCount: stats.errorCount }),
      });
    return profileOps;
  });
  const which = flags.profile ?? `the ${flags.provider} profiles`;
  return {
    agentId,
    cleared,
    storeShown: displayPath(store.file.path, paths.home),
    change: {
      id: `cooldown:${agentId}:${flags.provider}`,
      title: `clear the cooldown of ${which} of agent ${agentId}`,
      source: "fix",
      safety: "unsafe",
      ops,
    },
  };
}

function report(plan: ClearPlan, flags: CooldownFlags, runId: string | undefined, now: number): number {
  if (flags.json) {
    const json: AuthCooldownJson = {
      schemaVersion: 1,
      agent: plan.agentId,
      provider: flags.provider,
      dryRun: !!flags.dryRun,
      cleared: plan.cleared,
      ...(runId && { runId }),
    };
    printOut(JSON.stringify(json, null, 2));
    return 0;
  }
  const head = `${p(flags.provider)} (agent ${p(plan.agentId)})`;
  if (plan.cleared.length === 0) {
    printOut(
      `${head}: no cooldown or error count recorded${flags.profile ? ` for ${p(flags.profile)}` : ""}; nothing to clear.`,
    );
    return 0;
  }
  const lines = plan.cleared.map(
    ({ profileId, cooldownUntil, errorCount }) =>
      `  ${p(profileId)}: ${describeRecord(cooldownUntil, errorCount, now)}`,
  );
  if (flags.dryRun) {
    printOut(
      [`Would clear in ${p(plan.storeShown)}, ${head}:`, ...lines, "Nothing was written (--dry-run)."].join("\n"),
    );
    return 0;
  }
  printOut(
    [
      `Cleared in ${p(plan.storeShown)}, ${head}:`,
      ...lines,
      "The gateway tries them again on the next request. Undo: clawdia doctor --undo   Check: clawdia models status",
    ].join("\n"),
  );
  return 0;
}

function describeRecord(cooldownUntil: number | undefined, errorCount: number | undefined, now: number): string {
  const parts: string[] = [];
  if (cooldownUntil !== undefined && cooldownUntil > now)
    parts.push(`cooling down until ${clockTime(cooldownUntil, now)}`);
  else if (cooldownUntil !== undefined) parts.push(`a cooldown that ended at ${clockTime(cooldownUntil, now)}`);
  if (errorCount) parts.push(failedRequests(errorCount));
  return parts.join(", ") || "an empty cooldown record";
}
