// The gateway's lock: proper-lockfile's `<file>.lock` directory, with its stale-lock takeover.
import lockfile from "proper-lockfile";

/** How long to wait for a lock the gateway holds before giving up on that file. */
export function lockTimeoutMs(env: NodeJS.ProcessEnv = process.env): number {
  const fromEnv = Number(env.CLAWDIA_LOCK_TIMEOUT_MS);
  return Number.isFinite(fromEnv) && fromEnv >= 0 ? fromEnv : 5000;
}

/** proper-lockfile's default: a lock whose mtime is older than this has a dead owner. */
export const STALE_LOCK_MS = 10_000;

export type Release = () => Promise<void>;

export async function acquireLock(file: string, timeoutMs: number): Promise<Release> {
  const interval = 100;
  const release = await lockfile.lock(file, {
    realpath: false, // the file may not exist yet (a new auth store)
    stale: STALE_LOCK_MS,
    retries: { retries: Math.ceil(timeoutMs / interval), factor: 1, minTimeout: interval, maxTimeout: interval },
    // The default throws from a timer and kills the process; a compromised lock is noticed at release.
    onCompromised: () => {},
  });
  return async () => {
    await release().catch(() => {});
  };
}
