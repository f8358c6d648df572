// The life of a stored credential: ok, expiring, expired, missing or static.
import type { StoredProfile } from "../snapshot/views.js";

export type CredentialStatus = "ok" | "expiring" | "expired" | "missing" | "static" | "invalid";

export const HOUR_MS = 3_600_000;

/** A profile Clawdia can refresh by itself on use. */
export function isRefreshable(profile: Pick<StoredProfile, "type" | "refresh">): boolean {
  return profile.type === "oauth" && !!profile.refresh;
}

export function credentialStatus(profile: StoredProfile, now: number, warnHours: number): CredentialStatus {
  if (profile.unusable) return "invalid";
  // Before the emptiness test: the gateway refreshes an OAuth profile on use, even one with no access token yet.
  if (isRefreshable(profile)) return "ok";
  if (!profile.secret) return "missing";
  if (profile.expires === undefined) return "static";
  if (profile.expires <= now) return "expired";
  return profile.expires - now <= warnHours * HOUR_MS ? "expiring" : "ok";
}

/** "5h", "2d", "40m": the coarsest unit that still says something. */
export function formatDuration(ms: number): string {
  const minutes = Math.round(Math.abs(ms) / 60_000);
  if (minutes < 60) return `${Math.max(minutes, 1)}m`;
  const hours = Math.round(minutes / 60);
  if (hours < 48) return `${hours}h`;
  return `${Math.round(hours / 24)}d`;
}

export function describeExpiry(expires: number, now: number): string {
  return expires > now ? `expires in ${formatDuration(expires - now)}` : `expired ${formatDuration(now - expires)} ago`;
}
