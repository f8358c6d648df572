// What every models/auth command does first: resolve paths, run housekeeping (pending migrations and
// the Claude Code sync, as the docs promise "when the auth store is loaded"), and build the snapshot.
import { loadWithHousekeeping } from "./pipeline.js";
import type { HousekeepingOptions } from "./plan.js";
import { UsageError } from "../errors.js";
import { displayPath, resolvePaths, type StatePaths } from "../paths.js";
import { printable } from "../report/printable.js";
import { now as clockNow } from "../seams.js";
import { collectSecrets } from "../secrets.js";
import { buildSnapshot, type Snapshot } from "../snapshot/snapshot.js";
import { acceptedProviders } from "../auth/known-providers.js";
import { rememberSecrets } from "../output.js";

export interface OpenedState {
  paths: StatePaths;
  snapshot: Snapshot;
  now: number;
  /** What housekeeping did, in words (synced, migrated, or why it could not). */
  notes: string[];
}

export async function openState(
  stateDir: string | undefined,
  command: string,
  write = true,
  options: HousekeepingOptions = {},
): Promise<OpenedState> {
  const paths = resolvePaths({ stateDir });
  const now = clockNow();
  const { raw, housekeeping } = await loadWithHousekeeping(paths, process.env, now, command, write, options);
  const snapshot = buildSnapshot(raw);
  rememberSecrets(collectSecrets(snapshot));
  const notes = [
    ...housekeeping.applied.map((change) => `Applied: ${change.title}`),
    ...housekeeping.dropped.map(
      ({ change, reason }) =>
        `Not applied: ${change.title}: ${displayPath(change.ops[0]?.file ?? "", paths.home)} ${reason}`,
    ),
  ];
  return { paths, snapshot, now, notes };
}

/** The agent a command acts on: --agent (which must exist unless the state is empty) or the default. */
export function chooseAgent(snapshot: Snapshot, requested: string | undefined): string {
  if (requested === undefined) return snapshot.configView.defaultAgentId;
  if (snapshot.agentById.has(requested)) return requested;
  const known = snapshot.agents.map((agent) => agent.id);
  throw new UsageError(
    `unknown agent "${printable(requested)}"; known agents: ${known.map(printable).join(", ") || `none yet (the default is ${printable(snapshot.configView.defaultAgentId)})`}`,
  );
}

export function checkProvider(snapshot: Snapshot, provider: string): void {
  const accepted = acceptedProviders(snapshot);
  if (!accepted.includes(provider))
    throw new UsageError(`unknown provider "${printable(provider)}"; known: ${accepted.map(printable).join(", ")}`);
}
