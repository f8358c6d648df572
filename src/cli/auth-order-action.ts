// `clawdia models auth order get|set|clear --provider P [--agent ID] [PROFILE_ID…]`.
import { orderKeyFor, resolveAuthCandidates } from "../auth/candidates.js";
import { commit } from "../engine/pipeline.js";
import { UsageError } from "../errors.js";
import { displayPath } from "../paths.js";
import { assertEditable, storeDocument } from "../auth/profile-ops.js";
import { checkProvider, chooseAgent, openState } from "../engine/open-state.js";
import { printOut } from "../output.js";
import { printable as p } from "../report/printable.js";
import type { FileOp } from "../types.js";

interface OrderFlags {
  provider: string;
  agent?: string;
  json?: boolean;
}

/** `--json` (configOrder, candidates and next from get only); its schema: src/report/schemas/auth-order.ts. */
export interface AuthOrderJson {
  schemaVersion: 1;
  agent: string;
  provider: string;
  order: string[] | null;
  configOrder?: string[] | null;
  candidates?: string[];
  next?: string | null;
}

export async function authOrderAction(
  action: "get" | "set" | "clear",
  ids: string[],
  flags: OrderFlags,
  stateDir: string | undefined,
): Promise<number> {
  const { paths, snapshot, now } = await openState(stateDir, `models auth order ${action}`);
  checkProvider(snapshot, flags.provider);
  const agentId = chooseAgent(snapshot, flags.agent);
  const store = storeDocument(snapshot, agentId);
  const view = snapshot.agentById.get(agentId)?.view;
  // The key the gateway reads, in whatever case it is written ("Anthropic" is anthropic's order).
  const currentKey = view && orderKeyFor(view.order, flags.provider);
  const current = currentKey === undefined ? undefined : view!.order[currentKey];
  const configKey = orderKeyFor(snapshot.configView.order, flags.provider);
  const shownStore = displayPath(store.file.path, paths.home);

  if (action === "get") {
    const resolution = resolveAuthCandidates({
      config: snapshot.configView,
      store: view ?? store.value,
      provider: flags.provider,
      now,
    });
    if (flags.json) {
      const json: AuthOrderJson = {
        schemaVersion: 1,
        agent: agentId,
        provider: flags.provider,
        order: current ?? null,
        configOrder: configKey === undefined ? null : snapshot.configView.order[configKey],
        candidates: resolution.candidates.map((c) => c.profileId),
        next: resolution.next ?? null,
      };
      printOut(JSON.stringify(json, null, 2));
    } else {
      // Ids come from the store and config (and the agent id and provider from the command line): escaped.
      const head = `${p(flags.provider)} (agent ${p(agentId)})`;
      printOut(
        current
          ? `${head}: ${shownOrder(current)}`
          : `${head}: no override; the gateway uses ${resolution.orderSource.replace("-", " ")}: ${shownOrder(resolution.order) || "none"}`,
      );
    }
    return 0;
  }

  assertEditable(store, paths.home);
  if (action === "clear" && current === undefined) {
    printOut(`${p(flags.provider)} (agent ${p(agentId)}) has no order override; nothing to clear.`);
    return 0;
  }
  const order = action === "set" ? [...new Set(ids)] : undefined;
  if (order) {
    const profiles = new Map((view?.profiles ?? []).map((profile) => [profile.id, profile]));
    for (const id of order) {
      const profile = profiles.get(id);
      if (!profile)
        throw new UsageError(
          `"${p(id)}" is not a profile in ${p(shownStore)}; known: ${[...profiles.keys()].map(p).join(", ") || "none"}`,
        );
      if (profile.provider !== flags.provider)
        throw new UsageError(`"${p(id)}" is a ${p(profile.provider)} profile, not ${p(flags.provider)}`);
    }
    if (JSON.stringify(current) === JSON.stringify(order)) {
      printOut(`${p(flags.provider)} (agent ${p(agentId)}) already has this order; nothing changed.`);
      return 0;
    }
  }
  const title = order
    ? `set the ${flags.provider} order of agent ${agentId}`
    : `clear the ${flags.provider} order of agent ${agentId}`;
  await commit(
    snapshot.raw,
    [
      {
        id: `order:${agentId}:${flags.provider}`,
        title,
        source: "fix",
        safety: "unsafe",
        ops: [
          ...variantOps(view?.order ?? {}, flags.provider, store.file.path),
          { kind: "json-set", file: store.file.path, path: ["order", flags.provider], value: order },
        ],
      },
    ],
    `models auth order ${action}`,
  );
  if (flags.json)
    printOut(
      JSON.stringify(
        { schemaVersion: 1, agent: agentId, provider: flags.provider, order: order ?? null } satisfies AuthOrderJson,
        null,
        2,
      ),
    );
  else
    printOut(
      order
        ? `${p(flags.provider)} (agent ${p(agentId)}): ${shownOrder(order)}`
        : `Cleared the ${p(flags.provider)} order of agent ${p(agentId)}.`,
    );
  return 0;
}

function shownOrder(ids: string[]): string {
  return ids.map(p).join(" → ");
}

/** Set and clear write the lower-case key: keys written in another case for the same provider go. */
function variantOps(orders: Record<string, string[]>, provider: string, file: string): FileOp[] {
  return Object.keys(orders)
    .filter((key) => key !== provider && key.toLowerCase() === provider.toLowerCase())
    .map((key) => ({ kind: "json-set", file, path: ["order", key], value: undefined }));
}
