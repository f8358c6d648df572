// The support bundle's worker thread (started by support-bundle-action.ts, built as its own file
// next to the CLI): makes the bundle, says how it goes, and hands it over.
import { isMainThread, parentPort, workerData, type MessagePort } from "node:worker_threads";
import { UserError } from "../errors.js";
import { reportTemporaryFilesTo } from "../remove-on-interrupt.js";
import { WORKER_MARK, type BundleOptions, type WorkerMessage } from "./support-bundle-protocol.js";

async function makeBundleInWorker(data: {
  options: BundleOptions;
  progress: boolean;
  files: MessagePort;
}): Promise<void> {
  const port = parentPort!;
  reportTemporaryFilesTo(data.files);
  try {
    const onProgress = data.progress
      ? (step: string, fraction?: number) => port.postMessage({ progress: { step, fraction } } satisfies WorkerMessage)
      : undefined;
    const { createSupportBundle } = await import("../bundle/create.js");
    const bundle = await createSupportBundle({ ...data.options, onProgress });
    port.postMessage({ bundle } satisfies WorkerMessage);
  } catch (error) {
    const { message, stack } = error instanceof Error ? error : { message: String(error), stack: undefined };
    port.postMessage({
      failed: { message, stack, userExitCode: error instanceof UserError ? error.exitCode : undefined },
    } satisfies WorkerMessage);
  } finally {
    data.files.close();
  }
}

if (!isMainThread && (workerData as Record<string, unknown> | null)?.[WORKER_MARK] === true)
  void makeBundleInWorker(workerData);
