// Parses a launchd plist (XML or binary) with the `plist` package. That package and its XML parser
// weigh about 400 KB, which costs ~40 ms to load: it is loaded only where a plist will be read (see
// plist-loader.ts), never on Linux and never by commands that do not look at the daemon.

export type PlistParse = { ok: true; value: unknown } | { ok: false; error: string };

type ParseFunction = (input: string | Uint8Array) => unknown;

let parser: ParseFunction | undefined;

/** Loads the parser (once). */
export async function loadPlistParser(): Promise<void> {
  parser ??= (await import("plist")).parse as ParseFunction;
}

export function plistParserLoaded(): boolean {
  return parser !== undefined;
}

/** Parses plist bytes or text; never throws, never prints (the XML parser logs to the console). */
export function parsePlist(input: string | Uint8Array): PlistParse {
  if (!parser) return { ok: false, error: "the plist parser is not loaded" };
  const logged: string[] = [];
  const saved = { error: console.error, warn: console.warn, log: console.log };
  console.error = console.warn = console.log = (...args: unknown[]) => void logged.push(args.map(String).join(" "));
  try {
    return { ok: true, value: parser(input) };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const at = /@#\[line:(\d+),col:(\d+)\]/.exec(logged.join("\n"));
    return { ok: false, error: at ? `${message} (line ${at[1]}, column ${at[2]})` : message };
  } finally {
    Object.assign(console, saved);
  }
}
