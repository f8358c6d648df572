// Which of an agent's profiles the gateway tries for a provider, in order, and which comes next.
// The same function serves `models status`, `/model status` and the gateway (the library export).
import { viewConfig, viewStore, type ConfigView, type StoredProfile, type StoreView } from "../snapshot/views.js";
import { storedCredentialProblem } from "./credential-shape.js";
import { modeAccepts } from "./credentials.js";
import { credentialStatus } from "./status.js";

export type OrderSource = "session-pin" | "agent-order" | "config-order" | "configured-profiles" | "stored-profiles";

export interface Candidate {
  profileId: string;
  type: string;
  /** Until when the gateway rests this profile after errors; candidates in cooldown go last. */
  cooldownUntil?: number;
}

export interface Excluded {
  profileId: string;
  reason: string;
}

export interface CandidateResolution {
  provider: string;
  /** Where the order came from. */
  orderSource: OrderSource;
  /** The ids in the order the gateway would consider them, before anything is left out. */
  order: string[];
  candidates: Candidate[];
  excluded: Excluded[];
  /** The profile the next request would use. */
  next?: string;
}

export interface ResolveInput {
  /** The parsed config (or a ConfigView). */
  config: unknown;
  /** The agent's parsed auth store (or a StoreView). */
  store: unknown;
  provider: string;
  /** A `/model …@profileId` pin for this session. */
  sessionPin?: string;
  now: number;
}

export class PinError extends Error {}

export function resolveAuthCandidates(input: ResolveInput): CandidateResolution {
  const config = isConfigView(input.config) ? input.config : viewConfig(input.config);
  const store = isStoreView(input.store) ? input.store : viewStore(input.store, "", "");
  const { provider, now } = input;
  const stored = new Map(store.profiles.map((profile) => [profile.id, profile]));
  if (input.sessionPin !== undefined) checkPin(input.sessionPin, provider, stored, config);
  const [orderSource, order] = orderFor(input.sessionPin, provider, config, store);

  const candidates: Candidate[] = [];
  const excluded: Excluded[] = [];
  for (const id of order) {
    const reason = exclusionReason(stored.get(id), provider, config, store, now);
    if (reason) excluded.push({ profileId: id, reason });
    else candidates.push({ profileId: id, type: stored.get(id)!.type, cooldownUntil: activeCooldown(store, id, now) });
  }
  // A stable sort: profiles resting after errors go last, soonest-ending first; the order among the others is kept.
  candidates.sort((a, b) => (a.cooldownUntil ?? -Infinity) - (b.cooldownUntil ?? -Infinity) || 0);
  return { provider, orderSource, order, candidates, excluded, next: candidates[0]?.profileId };
}

/**
 * The ids the gateway considers for `provider`, in order, before anything is left out: the `order`
 * of resolveAuthCandidates without its checks of every profile's credential, for a caller that only
 * asks whether a profile is in the order (token-expiring asks it for every expiring token).
 */
export function candidateOrder(config: ConfigView, store: StoreView, provider: string): string[] {
  return orderFor(undefined, provider, config, store)[1];
}

function orderFor(
  pin: string | undefined,
  provider: string,
  config: ConfigView,
  store: StoreView,
): [OrderSource, string[]] {
  if (pin !== undefined) return ["session-pin", [pin]];
  const agentKey = orderKeyFor(store.order, provider);
  if (agentKey !== undefined) return ["agent-order", unique(store.order[agentKey])];
  const configKey = orderKeyFor(config.order, provider);
  if (configKey !== undefined) return ["config-order", unique(config.order[configKey])];
  const configured = Object.entries(config.profiles)
    .filter(([id, profile]) => (profile.provider ?? id.split(":")[0]) === provider)
    .map(([id]) => id);
  if (configured.length) return ["configured-profiles", configured];
  return [
    "stored-profiles",
    store.profiles.filter((profile) => profile.provider === provider).map((profile) => profile.id),
  ];
}

/**
 * The key of an order object that holds `provider`'s order. Provider ids are matched ignoring case, as
 * the gateway does ("OpenAI" is openai's order); when several keys differ only in case, the one written
 * exactly as the provider id wins, else the first in the file (auth/order-provider-case reports both).
 */
export function orderKeyFor(orders: Record<string, unknown>, provider: string): string | undefined {
  if (Object.hasOwn(orders, provider)) return provider;
  const lower = provider.toLowerCase();
  return Object.keys(orders).find((key) => key.toLowerCase() === lower);
}

function exclusionReason(
  profile: StoredProfile | undefined,
  provider: string,
  config: ConfigView,
  store: StoreView,
  now: number,
): string | undefined {
  if (!profile) return "not in this agent's auth store";
  if (profile.provider !== provider) return `a ${profile.provider} profile`;
  const mode = config.profiles[profile.id]?.mode;
  if (!modeAccepts(mode, profile.type)) return `config mode "${mode}" does not accept a ${profile.type} credential`;
  const status = credentialStatus(profile, now, config.expiryWarnHours);
  if (status === "missing") return "the credential is empty";
  if (status === "expired") return "expired";
  if (status === "invalid") return profile.unusable;
  const problem = storedCredentialProblem(profile, store.usageStats[profile.id]);
  return problem && `it ${problem}`;
}

function checkPin(pin: string, provider: string, stored: Map<string, StoredProfile>, config: ConfigView): void {
  const profile = stored.get(pin);
  const known =
    profile ?? (config.profiles[pin] ? { provider: config.profiles[pin].provider ?? pin.split(":")[0] } : undefined);
  if (!known) throw new PinError(`unknown auth profile "${pin}"`);
  if (known.provider !== provider)
    throw new PinError(`auth profile "${pin}" is for ${known.provider}, not ${provider}`);
}

function activeCooldown(store: StoreView, id: string, now: number): number | undefined {
  const until = store.usageStats[id]?.cooldownUntil;
  return until !== undefined && until > now ? until : undefined;
}

function unique(ids: string[]): string[] {
  return [...new Set(ids)];
}

function isConfigView(value: unknown): value is ConfigView {
  return (
    typeof value === "object" &&
    value !== null &&
    "defaultModel" in value &&
    "expiryWarnHours" in value &&
    "agentIds" in value
  );
}

function isStoreView(value: unknown): value is StoreView {
  return (
    typeof value === "object" &&
    value !== null &&
    Array.isArray((value as StoreView).profiles) &&
    "usageStats" in value &&
    "lastGood" in value
  );
}
