// `clawdia support-bundle [--output FILE] [--json] [--log-lines N] [--since DURATION]`. The bundle is
// made in a worker thread, so that this thread stays free to answer SIGINT, SIGTERM and SIGHUP at
// any point, even in the middle of one long synchronous step (see remove-on-interrupt.ts).
import { MessageChannel, Worker } from "node:worker_threads";
import type { SupportBundle } from "../bundle/create.js";
import type { SupportBundleJson } from "../bundle/manifest.js";
import { formatSize } from "../bundle/sections/summary.js";
import { parseDuration } from "../duration.js";
import { UsageError, UserError } from "../errors.js";
import { stopWorkerOnInterrupt } from "../remove-on-interrupt.js";
import type { SupportBundleFlags } from "./commands/support-bundle.js";
import { printErr, printOut } from "../output.js";
import { WORKER_MARK, type BundleOptions, type WorkerMessage } from "./support-bundle-protocol.js";

const MAX_LOG_LINES = 10_000_000;
const YOUNG_GENERATION_MB = 16;

export async function supportBundleAction(flags: SupportBundleFlags, stateDir: string | undefined): Promise<number> {
  const logLines = flags.logLines === undefined ? undefined : parseLogLines(flags.logLines);
  const sinceMs = flags.since === undefined ? undefined : parseDuration(flags.since, "--since");
  const progress = process.stderr.isTTY ? new ProgressLine(process.stderr) : undefined;
  try {
    const bundle = await bundleInWorker(
      { stateDir, output: flags.output, logLines, sinceMs },
      progress && ((step, fraction) => progress.show(step, fraction)),
    );
    progress?.clear();
    // The manifest as it is in the bundle, and where the bundle itself is.
    if (flags.json)
      printOut(
        JSON.stringify(
          {
            ...bundle.manifest,
            bundle: { path: bundle.path, size: bundle.size, sha256: bundle.sha256 },
          } satisfies SupportBundleJson,
          null,
          2,
        ),
      );
    else {
      // Only the path on stdout, so `path=$(clawdia support-bundle)` gets it; the sentence for the
      // person goes where they read it: under the path on a terminal, else on stderr if that is one.
      const { total } = bundle.manifest.redactions;
      const sentence = `Support bundle written (${formatSize(bundle.size)}, ${bundle.manifest.files.length + 1} files, ${total} value(s) redacted). Look through summary.md before you share it.`;
      printOut(process.stdout.isTTY ? `${bundle.path}\n${sentence}` : bundle.path);
      if (!process.stdout.isTTY && process.stderr.isTTY) printErr(sentence);
    }
    return 0;
  } finally {
    progress?.clear();
  }
}

/** Runs createSupportBundle in a worker thread (support-bundle-worker.ts, built next to the CLI). */
function bundleInWorker(
  options: BundleOptions,
  onProgress?: (step: string, fraction?: number) => void,
): Promise<SupportBundle> {
  const files = new MessageChannel();
  const worker = new Worker(new URL("./support-bundle-worker.cjs", import.meta.url), {
    workerData: { [WORKER_MARK]: true, options, progress: onProgress !== undefined, files: files.port2 },
    transferList: [files.port2],
    // Redaction makes a lot of short-lived strings: a young generation of 16 MB instead of V8's
    // default saves 13 MiB of peak RSS on `--since 30d` over 500 MB of logs (127 → 114 MiB) at the
    // same speed (62.8 / 62.5 s), now that few of them outlive a scavenge (see select-lines.ts).
    resourceLimits: { maxYoungGenerationSizeMb: YOUNG_GENERATION_MB },
  });
  const interrupted = stopWorkerOnInterrupt(worker, files.port1);
  return new Promise<SupportBundle>((resolve, reject) => {
    let settled = false;
    const settle = (error: Error | undefined, bundle?: SupportBundle) => {
      if (settled) return;
      settled = true;
      interrupted.done();
      files.port1.close();
      if (error) reject(error);
      else resolve(bundle!);
    };
    worker.on("message", (message: WorkerMessage) => {
      if ("progress" in message) onProgress?.(message.progress.step, message.progress.fraction);
      else if ("bundle" in message) settle(undefined, message.bundle);
      else settle(rebuildError(message.failed));
    });
    worker.on("error", (error) => settle(error)); // an uncaught exception in the worker: a bug
    worker.on("exit", (code) =>
      settle(new Error(`the support bundle's worker thread stopped (exit ${code}) before it finished`)),
    );
  });
}

function rebuildError(failed: { message: string; stack?: string; userExitCode?: number }): Error {
  const error =
    failed.userExitCode === undefined ? new Error(failed.message) : new UserError(failed.message, failed.userExitCode);
  if (failed.stack) error.stack = failed.stack;
  return error;
}

function parseLogLines(text: string): number {
  const n = /^\d+$/.test(text.trim()) ? Number(text.trim()) : NaN;
  if (!Number.isSafeInteger(n) || n < 1 || n > MAX_LOG_LINES) {
    throw new UsageError(`--log-lines must be a whole number from 1 to ${MAX_LOG_LINES} (got "${text}")`);
  }
  return n;
}

/** One line of progress on a terminal, rewritten in place at most ten times a second. */
class ProgressLine {
  private last = 0;
  private shown = false;

  constructor(private readonly stream: NodeJS.WriteStream) {}

  show(step: string, fraction?: number): void {
    const now = Date.now();
    if (fraction !== undefined && fraction < 1 && now - this.last < 100) return;
    this.last = now;
    const percent = fraction === undefined ? "" : ` ${Math.floor(fraction * 100)}%`;
    const width = Math.max((this.stream.columns ?? 80) - 1, 20);
    this.stream.write(`\r\x1b[2K${`support-bundle: ${step}${percent}`.slice(0, width)}`);
    this.shown = true;
  }

  clear(): void {
    if (this.shown) this.stream.write("\r\x1b[2K");
    this.shown = false;
  }
}
