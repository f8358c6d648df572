// From one answer to the file edits that store it: an API key in <state>/.env or as an api_key
// profile, a pasted token or a setup-token as a token profile (the same code as paste-token and
// setup-token). Pure: planned against a snapshot, written later by the transaction.
import { CLAUDE_CLI_PROFILE } from "../auth/advice.js";
import { fingerprint } from "../auth/fingerprint.js";
import { putConfigProfileOps, putProfileOps, storeDocument } from "../auth/profile-ops.js";
import { envKeyFor } from "../auth/providers.js";
import { planStoreToken, type PlanningState } from "../auth/store-token.js";
import { UserError } from "../errors.js";
import { displayPath } from "../paths.js";
import { formatDotenvLine } from "../snapshot/dotenv-write.js";
import type { Snapshot } from "../snapshot/snapshot.js";
import type { FileOp } from "../types.js";
import { existingAt } from "./existing.js";
import { orderOps } from "./order.js";
import type { CredentialAnswer, CredentialPlan, Existing, Target } from "./types.js";

export function targetFor(snapshot: Snapshot, answer: CredentialAnswer): Target {
  if (answer.store === "dotenv")
    return { kind: "dotenv", file: snapshot.raw.paths.dotenvPath, envKey: envKeyFor(answer.provider) };
  const agentId = snapshot.configView.defaultAgentId;
  const profileId =
    answer.choice === "setup-token"
      ? CLAUDE_CLI_PROFILE
      : (answer.profileId ?? `${answer.provider}:${answer.choice === "api-key" ? "default" : "manual"}`);
  return { kind: "profile", file: storeDocument(snapshot, agentId).file.path, agentId, profileId };
}

/** Where a target is, in words: "ANTHROPIC_API_KEY in ~/.clawdia/.env", "anthropic:default (agent main)". */
export function describeTarget(target: Target, home: string): string {
  return target.kind === "dotenv"
    ? `${target.envKey} in ${displayPath(target.file, home)}`
    : `${target.profileId} (agent ${target.agentId})`;
}

/** Refuses to replace a different, working credential the user did not agree to replace. */
export class ReplaceRefused extends UserError {}

export function planCredential(state: PlanningState, answer: CredentialAnswer): CredentialPlan {
  const target = targetFor(state.snapshot, answer);
  const existing = existingAt(state, answer, target);
  if (existing?.state === "working" && !answer.replace)
    throw new ReplaceRefused(replaceRefusal(state, target, existing));
  const base = { answer, target, existing };
  if (answer.choice === "api-key") return { ...base, ...planApiKey(state, answer, target, existing) };
  return { ...base, ...planToken(state, answer, target, existing) };
}

type PlanBody = Omit<CredentialPlan, "answer" | "target" | "existing">;

function planApiKey(
  state: PlanningState,
  answer: CredentialAnswer,
  target: Target,
  existing: Existing | undefined,
): PlanBody {
  const key = answer.secret;
  const shown = describeTarget(target, state.paths.home);
  if (target.kind === "dotenv") {
    assertDotenvWritable(state);
    formatDotenvLine(target.envKey, key); // refuses, before anything is planned, a key dotenv could not read back
    const ops: FileOp[] =
      existing?.state === "same" ? [] : [{ kind: "dotenv-set", file: target.file, key: target.envKey, value: key }];
    return { fingerprint: fingerprint(key), change: change(answer, `set ${shown}`, ops), notes: [] };
  }
  const { snapshot } = state;
  const current = snapshot.agentById.get(target.agentId)?.view.profiles.find((p) => p.id === target.profileId);
  const unchanged = current?.type === "api_key" && current.secret === key && current.provider === answer.provider;
  const storeOps = unchanged
    ? []
    : putProfileOps(snapshot, target.agentId, target.profileId, { type: "api_key", provider: answer.provider, key });
  const configOps = putConfigProfileOps(snapshot, target.profileId, { provider: answer.provider, mode: "api_key" });
  const order = orderOps(snapshot, target.agentId, answer.provider, target.profileId);
  const stats = staleStatsOps(state, target, existing);
  const ops = [...storeOps, ...configOps, ...order.ops, ...stats.ops];
  return {
    fingerprint: fingerprint(key),
    change: change(answer, `store an API key as ${shown}`, ops),
    notes: [...order.notes, ...stats.notes],
  };
}

function planToken(
  state: PlanningState,
  answer: CredentialAnswer,
  target: Target,
  existing: Existing | undefined,
): PlanBody {
  if (target.kind !== "profile") throw new Error("a token is always stored as a profile");
  const expires = answer.expiresInMs === undefined ? undefined : state.now + answer.expiresInMs;
  const token = planStoreToken(state, {
    agentId: target.agentId,
    profileId: target.profileId,
    provider: answer.provider,
    token: answer.secret,
    expires,
  });
  const order = orderOps(state.snapshot, target.agentId, answer.provider, target.profileId);
  const stats = staleStatsOps(state, target, existing);
  const ops = [...token.ops, ...order.ops, ...stats.ops];
  return {
    fingerprint: fingerprint(answer.secret),
    expires,
    change: change(answer, `store a token as ${token.where}`, ops),
    notes: [...order.notes, ...stats.notes],
  };
}

/** Error counts and cooldowns recorded against the credential being replaced say nothing about the new one. */
function staleStatsOps(
  state: PlanningState,
  target: Target,
  existing: Existing | undefined,
): { ops: FileOp[]; notes: string[] } {
  if (target.kind !== "profile" || !existing || existing.state === "same") return { ops: [], notes: [] };
  if (!state.snapshot.agentById.get(target.agentId)?.view.usageStats[target.profileId]) return { ops: [], notes: [] };
  return {
    ops: [{ kind: "json-set", file: target.file, path: ["usageStats", target.profileId], value: undefined }],
    notes: [`the error counts and cooldown recorded for the old credential of ${target.profileId} are dropped`],
  };
}

function change(answer: CredentialAnswer, title: string, ops: FileOp[]) {
  return {
    id: `onboard:${answer.provider}:${answer.choice}`,
    title: `onboard ${answer.provider}: ${title}`,
    source: "fix" as const,
    safety: "unsafe" as const,
    ops,
  };
}

function assertDotenvWritable(state: PlanningState): void {
  const file = state.snapshot.dotenv.file;
  if (file.status === "ok" || file.status === "missing") return;
  throw new UserError(
    `${displayPath(file.path, state.paths.home)} cannot be used (${file.error}); nothing was written. Run \`clawdia doctor\`.`,
  );
}

function replaceRefusal(state: PlanningState, target: Target, existing: Existing): string {
  const home = state.paths.home;
  const how =
    target.kind === "dotenv"
      ? `remove the ${target.envKey} line from ${displayPath(target.file, home)} yourself and rerun`
      : `give another --profile-id to keep both`;
  return (
    `${existing.label} already holds a different credential that works (${fingerprint(existing.secret)}); onboarding never replaces one without asking. Nothing was written. ` +
    `To replace it, run \`clawdia onboard\` on a terminal (it shows both and asks), or ${how}.`
  );
}
