// Everything the CLI prints goes through here, so every byte passes the secret masker, and a stream
// that cannot be written (a full disk, a closed file) ends the command with exit 70 and one line.
import { EXIT_INTERNAL } from "./errors.js";
import { maskSecrets } from "./secrets.js";
import { describeError } from "./snapshot/raw-file.js";

let knownSecrets: readonly string[] = [];

/** Registers the secrets of the loaded state; later output masks them. */
export function rememberSecrets(secrets: readonly string[]): void {
  knownSecrets = [...new Set([...knownSecrets, ...secrets])];
}

export function printOut(text: string): void {
  writeOut(maskSecrets(text.endsWith("\n") ? text : text + "\n", knownSecrets));
}

/** Text is masked and written in chunks of about this many characters, each cut between two pieces. */
const CHUNK_CHARS = 64 * 1024;

/**
 * printOut for a text given in pieces (a long report): masked and written a chunk at a time, so that
 * neither the text nor its masked copy is ever whole in memory. A chunk ends only where a piece does,
 * and pieces end between values (never inside a string or a word), so no secret straddles two chunks.
 */
export function printOutPieces(pieces: Iterable<string>): void {
  let chunk = "";
  let endsWithNewline = false;
  for (const piece of pieces) {
    if (piece === "") continue;
    chunk += piece;
    endsWithNewline = piece.endsWith("\n");
    if (chunk.length < CHUNK_CHARS) continue;
    writeOut(maskSecrets(chunk, knownSecrets));
    chunk = "";
  }
  // As printOut: the text ends with a newline, added when it has none.
  if (!endsWithNewline) chunk += "\n";
  if (chunk !== "") writeOut(maskSecrets(chunk, knownSecrets));
}

export function printErr(text: string): void {
  writeErr(maskSecrets(text.endsWith("\n") ? text : text + "\n", knownSecrets));
}

/** Raw writes (already masked), for commander's help and usage messages. */
export function writeOut(text: string): void {
  if (!broken.has(process.stdout)) process.stdout.write(text);
}

export function writeErr(text: string): void {
  if (!broken.has(process.stderr)) process.stderr.write(text);
}

// Streams that failed: nothing more is written to them (a destroyed stream would only fail again).
const broken = new Set<NodeJS.WriteStream>();
let failure: string | undefined;

/** Whether stdout or stderr could not be written: the command's exit code is then 70. */
export function outputFailed(): boolean {
  return failure !== undefined;
}

/**
 * Watches stdout and stderr. A closed pipe (`clawdia … | head`) is the reader's choice: exit quietly.
 * Any other failure (ENOSPC on `> /dev/full`, EIO, EBADF) is an internal failure: one line on stderr
 * (if stderr still works), exit 70. The command is not killed on the spot: it may be in the middle of
 * a transaction, which must finish or roll back; it just prints nothing more.
 *
 * Each stream is watched when it is created, by whoever asks for it first: Node creates it on first
 * use, and creating one costs a run that never writes to it milliseconds (a pipe loads node:net).
 */
export function watchOutputStreams(): void {
  for (const name of ["stdout", "stderr"] as const) {
    const nodes = Object.getOwnPropertyDescriptor(process, name);
    if (!nodes?.get || !nodes.configurable) {
      watch(name, process[name]);
      continue;
    }
    Object.defineProperty(process, name, {
      configurable: true,
      enumerable: nodes.enumerable,
      get() {
        Object.defineProperty(process, name, nodes); // Node's own getter, which keeps the stream
        const stream = nodes.get!.call(process) as NodeJS.WriteStream;
        watch(name, stream);
        return stream;
      },
    });
  }
}

function watch(name: "stdout" | "stderr", stream: NodeJS.WriteStream): void {
  stream.on("error", (error: NodeJS.ErrnoException) => {
    if (error.code === "EPIPE") process.exit(process.exitCode === undefined ? 0 : Number(process.exitCode));
    broken.add(stream);
    // Writes are asynchronous on pipes: the failure may come after the command returned its code.
    process.exitCode = EXIT_INTERNAL;
    if (failure !== undefined) return;
    failure = `clawdia: cannot write to ${name}: ${describeError(error)}`;
    writeErr(`${failure}\n`);
    if (process.env.CLAWDIA_DEBUG === "1" && error.stack) writeErr(`${error.stack}\n`);
  });
}
