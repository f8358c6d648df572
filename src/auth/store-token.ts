// Stores a static token as a profile and registers it in the config, in one transaction. Shared by
// paste-token, setup-token and onboard.
import { CLAUDE_CLI_PROFILE } from "./advice.js";
import { modeAccepts } from "./credentials.js";
import { fingerprint } from "./fingerprint.js";
import { putConfigProfileOps, putProfileOps } from "./profile-ops.js";
import { describeExpiry } from "./status.js";
import { commit } from "../engine/pipeline.js";
import { UsageError } from "../errors.js";
import { displayPath } from "../paths.js";
import type { Change, FileOp } from "../types.js";
import { orderOps } from "../onboard/order.js";
import type { OpenedState } from "../engine/open-state.js";

export interface StoreTokenInput {
  agentId: string;
  profileId: string;
  provider: string;
  token: string;
  expires?: number;
  command: string;
}

export interface StoreTokenResult {
  changed: boolean;
  message: string;
}

/** What storing a token writes, planned against a snapshot (which may be one "as it would be"). */
export interface TokenPlan {
  /** Store and config edits; empty when the profile already holds exactly this token. */
  ops: FileOp[];
  /** "anthropic:manual (agent main)". */
  where: string;
  /** The auth store, as the user would type its path. */
  storePath: string;
  /** "expires in 365d", or "no expiry recorded". */
  expiry: string;
}

export type PlanningState = Pick<OpenedState, "snapshot" | "paths" | "now">;

export async function storeToken(state: OpenedState, input: StoreTokenInput): Promise<StoreTokenResult> {
  const plan = planStoreToken(state, input);
  // A profile missing from an order the gateway follows would never be tried: it goes first there, as onboard does.
  const order = orderOps(state.snapshot, input.agentId, input.provider, input.profileId);
  if (plan.ops.length === 0 && order.ops.length === 0)
    return {
      changed: false,
      message: `${plan.where} already holds this token (${fingerprint(input.token)}); nothing changed.`,
    };
  await commit(
    state.snapshot.raw,
    [storeTokenChange(input, { ...plan, ops: [...plan.ops, ...order.ops] })],
    input.command,
  );
  const stored = plan.ops.length
    ? `Stored ${fingerprint(input.token)} as ${plan.where} in ${plan.storePath}; ${plan.expiry}.`
    : `${plan.where} already holds this token (${fingerprint(input.token)}).`;
  const notes = order.notes.map((note) => ` So that the gateway tries it, ${note}.`).join("");
  return { changed: true, message: `${stored}${notes}` };
}

export function planStoreToken(state: PlanningState, input: Omit<StoreTokenInput, "command">): TokenPlan {
  const { snapshot, paths, now } = state;
  const existing = snapshot.agentById.get(input.agentId)?.view.profiles.find((p) => p.id === input.profileId);
  const profile = {
    type: "token",
    provider: input.provider,
    token: input.token,
    ...(input.expires !== undefined ? { expires: input.expires } : {}),
  };
  const storeOps =
    existing?.type === "token" &&
    existing.secret === input.token &&
    existing.expires === input.expires &&
    existing.provider === input.provider
      ? []
      : putProfileOps(snapshot, input.agentId, input.profileId, profile);
  const configOps = putConfigProfileOps(snapshot, input.profileId, {
    provider: input.provider,
    mode: configMode(state, input.profileId),
  });
  return {
    ops: [...storeOps, ...configOps],
    where: `${input.profileId} (agent ${input.agentId})`,
    storePath: displayPath(
      snapshot.agentById.get(input.agentId)?.store.file.path ??
        `${paths.agentsDir}/${input.agentId}/agent/auth-profiles.json`,
      paths.home,
    ),
    expiry: input.expires === undefined ? "no expiry recorded" : describeExpiry(input.expires, now),
  };
}

function storeTokenChange(input: Pick<StoreTokenInput, "agentId" | "profileId">, plan: TokenPlan): Change {
  return {
    id: `store-token:${input.agentId}:${input.profileId}`,
    title: `store a token as ${plan.where}`,
    source: "fix",
    safety: "unsafe",
    ops: plan.ops,
  };
}

/** A token's profile id is "<provider>:<name>"; paste-token's default name is "manual". */
export function checkTokenProfileId(provider: string, profileId: string): void {
  if (!profileId.startsWith(`${provider}:`) || profileId.length === provider.length + 1) {
    throw new UsageError(`--profile-id must be "${provider}:<name>" for --provider ${provider} (got "${profileId}")`);
  }
}

/** anthropic:claude-cli is mode "oauth" (it accepts setup-tokens too); others keep a mode that accepts a token. */
function configMode(state: PlanningState, profileId: string): string {
  if (profileId === CLAUDE_CLI_PROFILE) return "oauth";
  const current = state.snapshot.configView.profiles[profileId]?.mode;
  return current && modeAccepts(current, "token") ? current : "token";
}
