// Durations as users type them: "365d", "12h", "30m", "2w".
import { UsageError } from "./errors.js";

const UNIT_MS: Record<string, number> = {
  s: 1000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 604_800_000,
  y: 31_536_000_000,
};

export function parseDuration(text: string, flag: string): number {
  const match = /^\s*(\d+(?:\.\d+)?)\s*([smhdwy])\s*$/.exec(text);
  if (!match)
    throw new UsageError(`${flag} "${text}" is not a duration; use a number and a unit, e.g. 365d, 12h, 30m, 2w`);
  const ms = Number(match[1]) * UNIT_MS[match[2]];
  if (!(ms > 0) || !Number.isFinite(ms)) throw new UsageError(`${flag} must be more than zero (got "${text}")`);
  return Math.round(ms);
}
