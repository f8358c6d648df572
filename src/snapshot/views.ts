// Typed, tolerant views of the parsed config and auth stores. A value of the wrong type is simply
// absent here (the config/invalid and store rules report it); defaults come from DESIGN.md §1.

export const DEFAULT_MODEL = "anthropic/claude-opus-4-5";
const DEFAULT_EXPIRY_WARN_HOURS = 24;
export const DEFAULT_AGENT_ID = "main";
/** `doctor.backups.keep`: how many writing runs keep their backups (they hold old secrets). */
export const BACKUPS_KEEP = { min: 1, max: 1000, default: 10 };

/** The config's `doctor.backups.keep`, or the default when it is absent or out of bounds. */
export function backupsToKeep(config: unknown): number {
  const keep = objectAt(config, "doctor", "backups").keep;
  return Number.isInteger(keep) && (keep as number) >= BACKUPS_KEEP.min && (keep as number) <= BACKUPS_KEEP.max
    ? (keep as number)
    : BACKUPS_KEEP.default;
}

export interface ConfigView {
  defaultModel: string;
  aliases: Record<string, string>;
  profiles: Record<string, { provider?: string; mode?: string }>;
  order: Record<string, string[]>;
  expiryWarnHours: number;
  envVars: Record<string, string>;
  shellEnvEnabled: boolean;
  agentIds: string[];
  defaultAgentId: string;
  lastTouchedVersion?: string;
}

export interface UsageStats {
  lastUsed?: number;
  errorCount?: number;
  cooldownUntil?: number;
  lastError?: string;
}

export interface StoredProfile {
  agentId: string;
  id: string;
  provider: string;
  type: string;
  /** The credential itself: `access` for oauth, `token` for token, `key` for api_key; absent when empty or only whitespace. */
  secret?: string;
  /** An oauth profile's refresh token; absent when empty or only whitespace. */
  refresh?: string;
  expires?: number;
  /** Why the gateway cannot use this profile whatever its credential: an `expires` that is not a finite number. */
  unusable?: string;
  storePath: string;
}

export interface StoreView {
  profiles: StoredProfile[];
  order: Record<string, string[]>;
  lastGood: Record<string, string>;
  usageStats: Record<string, UsageStats>;
}

type Json = Record<string, unknown>;

export function isObject(value: unknown): value is Json {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** The value at `keys` inside nested objects, or undefined when any step is not an object. */
export function valueAt(value: unknown, ...keys: string[]): unknown {
  let current = value;
  for (const key of keys) current = isObject(current) ? current[key] : undefined;
  return current;
}

/** The object at `keys`, or an empty object when there is none. */
export function objectAt(value: unknown, ...keys: string[]): Json {
  const found = valueAt(value, ...keys);
  return isObject(found) ? found : {};
}

function stringOr(value: unknown): string | undefined {
  return typeof value === "string" ? value : undefined;
}

/** A credential that is empty or only whitespace is no credential: the gateway cannot send it. */
function nonBlank(value: unknown): string | undefined {
  return typeof value === "string" && /\S/.test(value) ? value : undefined;
}

function finiteOr(value: unknown): number | undefined {
  return typeof value === "number" && Number.isFinite(value) ? value : undefined;
}

/** The last millisecond of year 9999: the latest time ISO 8601 (four-digit years) and the clock can show. */
const LAST_TIME = Date.UTC(9999, 11, 31, 23, 59, 59, 999);

/**
 * A time the gateway compares as a number (`cooldownUntil > Date.now()`), brought into the dates we can
 * print: 1e300 still rests the profile for good (so year 9999), -1e300 ended long ago (so 1970). The
 * order of times, all the gateway looks at, is kept.
 */
function timeOr(value: unknown): number | undefined {
  const ms = finiteOr(value);
  return ms === undefined ? undefined : Math.min(Math.max(ms, 0), LAST_TIME);
}

function stringRecord(value: Json): Record<string, string> {
  return Object.fromEntries(
    Object.entries(value).filter((entry): entry is [string, string] => typeof entry[1] === "string"),
  );
}

function orderRecord(value: Json): Record<string, string[]> {
  const order: Record<string, string[]> = {};
  for (const [provider, ids] of Object.entries(value)) {
    if (Array.isArray(ids)) order[provider] = ids.filter((id): id is string => typeof id === "string");
  }
  return order;
}

/** Agent ids become directory names: anything else is ignored here and reported by config/invalid. */
export function isSafeAgentId(id: string): boolean {
  return /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/.test(id) && id !== "." && id !== "..";
}

export function viewConfig(config: unknown): ConfigView {
  const agentsList = objectAt(config, "agents").list;
  const agents = Array.isArray(agentsList) ? agentsList.filter(isObject) : [];
  const agentIds = agents.map((agent) => stringOr(agent.id)).filter((id): id is string => !!id && isSafeAgentId(id));
  const defaultAgent = agents.find(
    (agent) => agent.default === true && typeof agent.id === "string" && isSafeAgentId(agent.id),
  );
  const profiles: ConfigView["profiles"] = {};
  for (const [id, profile] of Object.entries(objectAt(config, "auth", "profiles"))) {
    profiles[id] = isObject(profile) ? { provider: stringOr(profile.provider), mode: stringOr(profile.mode) } : {};
  }
  const warnHours = finiteOr(objectAt(config, "auth").expiryWarnHours);
  return {
    defaultModel: stringOr(objectAt(config, "models").default) || DEFAULT_MODEL,
    aliases: stringRecord(objectAt(config, "models", "aliases")),
    profiles,
    order: orderRecord(objectAt(config, "auth", "order")),
    expiryWarnHours: warnHours !== undefined && warnHours >= 0 ? warnHours : DEFAULT_EXPIRY_WARN_HOURS,
    envVars: stringRecord(objectAt(config, "env", "vars")),
    shellEnvEnabled: objectAt(config, "env", "shellEnv").enabled === true,
    agentIds,
    defaultAgentId: (defaultAgent?.id as string | undefined) ?? agentIds[0] ?? DEFAULT_AGENT_ID,
    lastTouchedVersion: stringOr(objectAt(config, "meta").lastTouchedVersion),
  };
}

const SECRET_FIELD: Record<string, string> = { oauth: "access", token: "token", api_key: "key" };

/** The field that holds a credential of this type. */
export function secretField(type: string): string | undefined {
  return SECRET_FIELD[type];
}

export function viewStore(store: unknown, agentId: string, storePath: string): StoreView {
  const profiles: StoredProfile[] = [];
  for (const [id, raw] of Object.entries(objectAt(store, "profiles"))) {
    if (!isObject(raw)) continue;
    const type = stringOr(raw.type) ?? "unknown";
    const field = secretField(type);
    profiles.push({
      agentId,
      id,
      provider: stringOr(raw.provider) ?? id.split(":")[0],
      type,
      secret: field ? nonBlank(raw[field]) : undefined,
      refresh: type === "oauth" ? nonBlank(raw.refresh) : undefined,
      expires: finiteOr(raw.expires),
      // 1e400 parses as Infinity, "soon" as a string: no time the gateway can compare (store/invalid says where).
      ...(raw.expires !== undefined &&
        finiteOr(raw.expires) === undefined && { unusable: "its expiry is not a finite number of milliseconds" }),
      storePath,
    });
  }
  const usageStats: Record<string, UsageStats> = {};
  for (const [id, stats] of Object.entries(objectAt(store, "usageStats"))) {
    if (!isObject(stats)) continue;
    usageStats[id] = {
      lastUsed: timeOr(stats.lastUsed),
      errorCount: finiteOr(stats.errorCount),
      cooldownUntil: timeOr(stats.cooldownUntil),
      lastError: stringOr(stats.lastError),
    };
  }
  return {
    profiles,
    order: orderRecord(objectAt(store, "order")),
    lastGood: stringRecord(objectAt(store, "lastGood")),
    usageStats,
  };
}
