// Whether the gateway has a stored credential for a provider regardless of its environment: the
// daemon reads the same auth stores as doctor, and tries their profiles before any key variable.
import { agentIdsToCheck, credentialSources, isUsable } from "../auth/credentials.js";
import type { Snapshot } from "../snapshot/snapshot.js";

/** The agents with no usable stored profile for `provider`: they depend on its key variable. */
export function agentsNeedingKey(snapshot: Snapshot, provider: string, now: number): string[] {
  return agentIdsToCheck(snapshot).filter(
    (agentId) =>
      !credentialSources(snapshot, provider, agentId).some(
        (source) => source.kind === "store" && isUsable(source, snapshot, now),
      ),
  );
}
