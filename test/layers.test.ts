// Which code may import which: the CLI is the outermost layer (nothing imports it back), and rules
// and migrations are pure (they return findings and plans; only the engine touches the disk). Read
// from the import statements themselves, so a new file is checked the day it is added.
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT } from "./e2e/helpers.js";

/** Every .ts file under `dir` (relative to the root), its text, and the files it imports (resolved, relative). */
function importsUnder(dir: string): { file: string; text: string; imports: string[] }[] {
  return fs
    .readdirSync(path.join(ROOT, dir), { recursive: true, encoding: "utf8" })
    .filter((name) => name.endsWith(".ts"))
    .map((name) => {
      const file = path.join(dir, name);
      const text = fs.readFileSync(path.join(ROOT, file), "utf8");
      const specifiers = [...text.matchAll(/(?:\bfrom|\bimport)\s*\(?\s*"([^"]+)"/g)].map((match) => match[1]);
      const imports = specifiers.map((specifier) =>
        specifier.startsWith(".") ? path.normalize(path.join(path.dirname(file), specifier)) : specifier,
      );
      return { file, text, imports };
    });
}

describe("layers", () => {
  it("nothing outside src/cli imports src/cli (planning and loading live in src/auth, src/engine, src/onboard)", () => {
    const offenders = ["src", "rules", "migrations"]
      .flatMap(importsUnder)
      .filter(({ file }) => !file.startsWith(`src${path.sep}cli${path.sep}`))
      .flatMap(({ file, imports }) =>
        imports
          .filter((target) => target.startsWith(`src${path.sep}cli${path.sep}`))
          .map((target) => `${file} → ${target}`),
      );
    expect(offenders).toEqual([]);
  });

  it("the state is read and written through the pipeline's stages (src/engine/pipeline.ts) only", () => {
    // undo.ts puts back a run's backups (a transaction of its own kind); the bundle only reads.
    const allowed: Record<string, string[]> = {
      readState: ["src/snapshot/read-state.ts", "src/engine/pipeline.ts", "src/bundle/create.ts"],
      applyChanges: ["src/engine/transaction.ts", "src/engine/pipeline.ts", "src/engine/undo.ts"],
    };
    const offenders = importsUnder("src").flatMap(({ file, text }) => {
      const name = file.split(path.sep).join("/");
      return Object.entries(allowed)
        .filter(([call, files]) => new RegExp(`\\b${call}\\(`).test(text) && !files.includes(name))
        .map(([call]) => `${name} calls ${call}`);
    });
    expect(offenders).toEqual([]);
  });

  it("rules and migrations import no Node built-in but node:path, and nothing of the CLI, the engine or the bundle", () => {
    const forbidden = (target: string) =>
      (target.startsWith("node:") && target !== "node:path") ||
      /^src\/(cli|engine|bundle)\//.test(target.split(path.sep).join("/"));
    const offenders = ["rules", "migrations"]
      .flatMap(importsUnder)
      .flatMap(({ file, imports }) => imports.filter(forbidden).map((target) => `${file} → ${target}`));
    expect(offenders).toEqual([]);
  });
});
