// The help of every command, rendered once at build time into dist/cli/help.json, so that
// `clawdia [command…] --help` prints it without loading the CLI (bin/clawdia.js). The texts are the
// built CLI's own output, read from a child process (the CLI wraps help at 80 columns on every
// output, src/cli/main.ts).
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

/** Renders the help of the CLI at `bin` and of every command below it; writes them to `outFile`. */
export function renderHelp(bin, outFile) {
  const texts = {};
  const visit = (words) => {
    const text = execFileSync(process.execPath, [bin, ...words, "--help"], {
      encoding: "utf8",
      env: { PATH: process.env.PATH, CLAWDIA_CODE_CACHE: "0" },
    });
    texts[words.join(" ")] = text;
    for (const name of commandsIn(text)) visit([...words, name]);
  };
  visit([]);
  fs.mkdirSync(path.dirname(outFile), { recursive: true });
  fs.writeFileSync(outFile, JSON.stringify(texts));
  return Object.keys(texts);
}

/** The command names a help text lists under "Commands:" (commander's own `help` is not one of ours). */
function commandsIn(text) {
  const section = text.split(/^Commands:$/m)[1];
  if (!section) return [];
  const names = [];
  for (const line of section.split("\n")) {
    if (line.trim() === "" && names.length) break;
    const name = /^ {2}([a-z][a-z0-9-]*)\b/.exec(line)?.[1];
    if (name && name !== "help") names.push(name);
  }
  return names;
}
