// Parses a launchd plist (XML or binary) with the `plist` package. That package and its XML parser
// weigh about 400 KB, which costs ~40 ms to load: it is loaded only where a plist will be read (see
// read-daemon.ts), never on Linux and never where no launchd agent is installed.

export type PlistParse = { ok: true; value: unknown } | { ok: false; error: string };

type ParseFunction = (input: string | Uint8Array) => unknown;

/** Parses plist bytes or text; never throws, never prints (the XML parser logs to the console). */
export type PlistParser = (input: string | Uint8Array) => PlistParse;

let loading: Promise<PlistParser> | undefined;

/** The parser, loaded on first use (an ES module, so asynchronously): readDaemon awaits it where a plist exists. */
export function loadPlistParser(): Promise<PlistParser> {
  loading ??= import("plist").then((module) => quietly(module.parse as ParseFunction));
  return loading;
}

function quietly(parse: ParseFunction): PlistParser {
  return (input) => {
    const logged: string[] = [];
    const saved = { error: console.error, warn: console.warn, log: console.log };
    console.error = console.warn = console.log = (...args: unknown[]) => void logged.push(args.map(String).join(" "));
    try {
      return { ok: true, value: parse(input) };
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      const at = /@#\[line:(\d+),col:(\d+)\]/.exec(logged.join("\n"));
      return { ok: false, error: at ? `${message} (line ${at[1]}, column ${at[2]})` : message };
    } finally {
      Object.assign(console, saved);
    }
  };
}
