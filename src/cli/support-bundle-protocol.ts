// What support-bundle-action.ts and its worker thread (support-bundle-worker.ts) say to each other.
// Its own module, so that the CLI's bundle, which has the action, does not also take in the
// worker's side and with it the whole bundle-making code (the worker is a file of its own).
import type { SupportBundle, SupportBundleOptions } from "../bundle/create.js";

/** Marks the worker support-bundle-action starts. */
export const WORKER_MARK = "clawdia.support-bundle";

export type BundleOptions = Pick<SupportBundleOptions, "stateDir" | "output" | "logLines" | "sinceMs">;

/** From the worker: progress, the bundle, or why there is none (errors do not keep their class across threads). */
export type WorkerMessage =
  | { progress: { step: string; fraction?: number } }
  | { bundle: SupportBundle }
  | { failed: { message: string; stack?: string; userExitCode?: number } };
