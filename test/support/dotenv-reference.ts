// The real `dotenv` package, the gateway's reader, that Clawdia's port is compared with. Loaded with
// require so that Node's resolution (and NODE_PATH) applies; missing, the tests fail and say why.
import { createRequire } from "node:module";

export interface DotenvPackage {
  parse(src: string): Record<string, string>;
}

function load(): DotenvPackage {
  try {
    return createRequire(import.meta.url)("dotenv") as DotenvPackage;
  } catch {
    throw new Error(
      "the dotenv package (the gateway's .env reader) is needed by these tests: npm install --save-dev dotenv, or NODE_PATH=<dir with dotenv>",
    );
  }
}

export const dotenv = load();
