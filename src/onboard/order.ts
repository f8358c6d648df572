// Keeps a provider's auth order honest when onboarding adds a profile: when the provider has several
// profiles, the config's auth.order lists them with the new one first (it is the one the user just
// chose), and an agent's own order override, which would otherwise hide the new profile, gets it too.
import { storeDocument } from "../auth/profile-ops.js";
import type { Snapshot } from "../snapshot/snapshot.js";
import type { FileOp } from "../types.js";

export interface OrderEdit {
  ops: FileOp[];
  notes: string[];
}

export function orderOps(snapshot: Snapshot, agentId: string, provider: string, profileId: string): OrderEdit {
  const ops: FileOp[] = [];
  const notes: string[] = [];
  const configOrder = snapshot.configView.order[provider];
  const others = configOrder ?? currentProfiles(snapshot, agentId, provider).filter((id) => id !== profileId);
  if (!others.includes(profileId) && (configOrder !== undefined || others.length > 0)) {
    const order = [profileId, ...others];
    ops.push({
      kind: "json-set",
      file: snapshot.raw.paths.configPath,
      path: ["auth", "order", provider],
      value: order,
    });
    notes.push(`auth.order.${provider} becomes ${order.join(" → ")}`);
  }
  const agentOrder = snapshot.agentById.get(agentId)?.view.order[provider];
  if (agentOrder && !agentOrder.includes(profileId)) {
    const order = [profileId, ...agentOrder];
    ops.push({
      kind: "json-set",
      file: storeDocument(snapshot, agentId).file.path,
      path: ["order", provider],
      value: order,
    });
    notes.push(`agent ${agentId}'s own ${provider} order becomes ${order.join(" → ")}`);
  }
  return { ops, notes };
}

/** The profiles the gateway tries without an order: the configured ones, else every stored one. */
function currentProfiles(snapshot: Snapshot, agentId: string, provider: string): string[] {
  const configured = Object.entries(snapshot.configView.profiles)
    .filter(([id, profile]) => (profile.provider ?? id.split(":")[0]) === provider)
    .map(([id]) => id);
  if (configured.length) return configured;
  // Registering a first profile in the config would otherwise leave the stored-only ones out.
  return (snapshot.agentById.get(agentId)?.view.profiles ?? []).filter((p) => p.provider === provider).map((p) => p.id);
}
