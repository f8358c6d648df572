// Everything the CLI prints goes through here, so every byte passes the secret masker, and a stream
// that cannot be written (a full disk, a closed file) ends the command with exit 70 and one line.
import fs from "node:fs";
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
  write("stdout", text);
}

export function writeErr(text: string): void {
  write("stderr", text);
}

type OutputName = "stdout" | "stderr";
const DESCRIPTOR: Record<OutputName, number> = { stdout: 1, stderr: 2 };

// Outputs that failed: nothing more is written to them (a destroyed stream would only fail again).
const broken = new Set<OutputName>();
let failure: string | undefined;

/**
 * The outputs written straight to their file descriptor: in the CLI (watchOutputStreams), each
 * until something asks for Node's stream of it. Making the stream costs a check a tenth of its
 * start-up (node:stream and, for a pipe or a terminal, node:net), and a synchronous write is what
 * the stream would do for a file, a pipe or a terminal on Linux and macOS anyway.
 */
const direct: Record<OutputName, boolean> = { stdout: false, stderr: false };

function write(name: OutputName, text: string): void {
  if (broken.has(name)) return;
  if (direct[name]) writeDirect(name, Buffer.from(text));
  else process[name].write(text);
}

/**
 * Writes every byte (a pipe may take part of them), synchronously. A descriptor that would block
 * (left non-blocking by whoever gave it to us) is handed to Node's stream with what is left, and
 * the stream keeps it from then on, so that the order of the bytes is kept.
 */
function writeDirect(name: OutputName, bytes: Buffer): void {
  let rest = bytes;
  while (rest.length > 0) {
    try {
      rest = rest.subarray(fs.writeSync(DESCRIPTOR[name], rest));
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === "EINTR") continue;
      if (code === "EAGAIN") {
        direct[name] = false;
        process[name].write(rest);
        return;
      }
      broken.add(name);
      // A closed pipe ends the command as the stream's error would: after this write returns.
      if (code === "EPIPE") process.nextTick(() => failed(name, error as NodeJS.ErrnoException));
      else failed(name, error as NodeJS.ErrnoException);
      return;
    }
  }
}

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
 * Until something asks for Node's stream of an output, it is written directly (see `direct`); the
 * stream is watched when it is created, by whoever asks for it first.
 */
export function watchOutputStreams(): void {
  for (const name of ["stdout", "stderr"] as const) {
    const nodes = Object.getOwnPropertyDescriptor(process, name);
    if (!nodes?.get || !nodes.configurable) {
      watch(name, process[name]);
      continue;
    }
    direct[name] = true;
    Object.defineProperty(process, name, {
      configurable: true,
      enumerable: nodes.enumerable,
      get() {
        Object.defineProperty(process, name, nodes); // Node's own getter, which keeps the stream
        const stream = nodes.get!.call(process) as NodeJS.WriteStream;
        direct[name] = false;
        watch(name, stream);
        return stream;
      },
    });
  }
}

function watch(name: OutputName, stream: NodeJS.WriteStream): void {
  stream.on("error", (error: NodeJS.ErrnoException) => {
    broken.add(name);
    failed(name, error);
  });
}

function failed(name: OutputName, error: NodeJS.ErrnoException): void {
  if (error.code === "EPIPE") process.exit(process.exitCode === undefined ? 0 : Number(process.exitCode));
  // Writes are asynchronous on pipes: the failure may come after the command returned its code.
  process.exitCode = EXIT_INTERNAL;
  if (failure !== undefined) return;
  failure = `clawdia: cannot write to ${name}: ${describeError(error)}`;
  writeErr(`${failure}\n`);
  if (process.env.CLAWDIA_DEBUG === "1" && error.stack) writeErr(`${error.stack}\n`);
}
