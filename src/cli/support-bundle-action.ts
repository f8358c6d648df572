// `clawdia support-bundle [--output FILE] [--json] [--log-lines N] [--since DURATION]`.
import { createSupportBundle } from "../bundle/create.js";
import { formatSize } from "../bundle/sections/summary.js";
import { parseDuration } from "../duration.js";
import { UsageError } from "../errors.js";
import type { SupportBundleFlags } from "./commands/support-bundle.js";
import { printOut } from "./output.js";

const MAX_LOG_LINES = 10_000_000;

export async function supportBundleAction(flags: SupportBundleFlags, stateDir: string | undefined): Promise<number> {
  const logLines = flags.logLines === undefined ? undefined : parseLogLines(flags.logLines);
  const sinceMs = flags.since === undefined ? undefined : parseDuration(flags.since, "--since");
  const progress = process.stderr.isTTY ? new ProgressLine(process.stderr) : undefined;
  try {
    const bundle = await createSupportBundle({ stateDir, output: flags.output, logLines, sinceMs, onProgress: progress && ((step, fraction) => progress.show(step, fraction)) });
    progress?.clear();
    // The manifest as it is in the bundle, and where the bundle itself is.
    if (flags.json) printOut(JSON.stringify({ ...bundle.manifest, bundle: { path: bundle.path, size: bundle.size, sha256: bundle.sha256 } }, null, 2));
    else {
      const { total } = bundle.manifest.redactions;
      printOut(`${bundle.path}\nSupport bundle written (${formatSize(bundle.size)}, ${bundle.manifest.files.length + 1} files, ${total} value(s) redacted). Look through summary.md before you share it.`);
    }
    return 0;
  } finally {
    progress?.clear();
  }
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
