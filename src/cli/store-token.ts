// Stores a static token as a profile and registers it in the config, in one transaction. Shared by
// paste-token, setup-token and onboard.
import { CLAUDE_CLI_PROFILE } from "../auth/advice.js";
import { modeAccepts } from "../auth/credentials.js";
import { fingerprint } from "../auth/fingerprint.js";
import { putConfigProfileOps, putProfileOps } from "../auth/profile-ops.js";
import { describeExpiry } from "../auth/status.js";
import { commitChanges } from "../engine/commit.js";
import { displayPath } from "../paths.js";
import type { OpenedState } from "./open-state.js";

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

export async function storeToken(state: OpenedState, input: StoreTokenInput): Promise<StoreTokenResult> {
  const { snapshot, paths, now } = state;
  const existing = snapshot.agentById.get(input.agentId)?.view.profiles.find((p) => p.id === input.profileId);
  const profile = { type: "token", provider: input.provider, token: input.token, ...(input.expires !== undefined ? { expires: input.expires } : {}) };
  const storeOps =
    existing?.type === "token" && existing.secret === input.token && existing.expires === input.expires && existing.provider === input.provider
      ? []
      : putProfileOps(snapshot, input.agentId, input.profileId, profile);
  const configOps = putConfigProfileOps(snapshot, input.profileId, { provider: input.provider, mode: configMode(state, input.profileId) });
  const where = `${input.profileId} (agent ${input.agentId})`;
  const expiry = input.expires === undefined ? "no expiry recorded" : describeExpiry(input.expires, now);
  if (storeOps.length === 0 && configOps.length === 0) return { changed: false, message: `${where} already holds this token (${fingerprint(input.token)}); nothing changed.` };
  await commitChanges(paths, snapshot.raw, [{ id: `store-token:${input.agentId}:${input.profileId}`, title: `store a token as ${where}`, source: "fix", safety: "unsafe", ops: [...storeOps, ...configOps] }], input.command);
  const storePath = displayPath(snapshot.agentById.get(input.agentId)?.store.file.path ?? `${paths.agentsDir}/${input.agentId}/agent/auth-profiles.json`, paths.home);
  return { changed: true, message: `Stored ${fingerprint(input.token)} as ${where} in ${storePath}; ${expiry}.` };
}

/** anthropic:claude-cli is mode "oauth" (it accepts setup-tokens too); others keep a mode that accepts a token. */
function configMode(state: OpenedState, profileId: string): string {
  if (profileId === CLAUDE_CLI_PROFILE) return "oauth";
  const current = state.snapshot.configView.profiles[profileId]?.mode;
  return current && modeAccepts(current, "token") ? current : "token";
}
