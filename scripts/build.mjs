// Builds everything `npm install` needs: the bundled CLI (one CommonJS file, commands loaded lazily
// inside it), the library bundle, its type declarations, and the JSON Schemas of the --json outputs.
import { build } from "esbuild";
import childProcess, { execFileSync } from "node:child_process";
import crypto from "node:crypto";
import perfHooks from "node:perf_hooks";
import fs from "node:fs";
import Module, { builtinModules } from "node:module";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { nodeEsm } from "./esbuild-options.mjs";
import { renderHelp } from "./render-help.mjs";

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const pkg = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8"));
process.chdir(root);
fs.rmSync("dist", { recursive: true, force: true });

const common = { ...nodeEsm, define: { __CLAWDIA_VERSION__: JSON.stringify(pkg.version) } };

/**
 * Node modules that cost milliseconds to load and that modules every command imports use only now
 * and then: node:child_process (with net, stream and more: commander, for executable subcommands this
 * CLI has none of; the login shell and Claude Code readers), node:crypto (hashes for backups and
 * fingerprints) and node:perf_hooks (timing the login shell). The CLI's modules get an object that
 * loads the module on first use.
 */
const LAZY_BUILTINS = { child_process: childProcess, crypto, perf_hooks: perfHooks };
const lazyBuiltins = {
  name: "lazy-builtins",
  setup(build) {
    const names = Object.keys(LAZY_BUILTINS).join("|");
    build.onResolve({ filter: new RegExp(`^(node:)?(${names})$`) }, (args) => {
      const name = args.path.replace(/^node:/, "");
      return args.namespace === "lazy-builtin"
        ? { path: `node:${name}`, external: true }
        : { path: name, namespace: "lazy-builtin" };
    });
    build.onLoad({ filter: /.*/, namespace: "lazy-builtin" }, (args) => ({
      // A getter per export (listed now, from this Node): esbuild's ES-module interop copies the
      // names of what it is given, so a Proxy would look empty.
      contents: Object.keys(LAZY_BUILTINS[args.path])
        .map(
          (name) =>
            `Object.defineProperty(exports, ${JSON.stringify(name)}, { enumerable: true, get: () => require("node:${args.path}")[${JSON.stringify(name)}] });`,
        )
        .join("\n"),
      loader: "js",
    }));
  },
};

/**
 * Node's other modules, each through one module of the bundle that requires it: esbuild otherwise
 * gives every importing module its own copy of the module's exports (`__toESM(require("node:fs"))`,
 * a getter defined per export), and the 60 copies of node:fs, node:path and node:os cost a check
 * several milliseconds. A default import is then the module itself; a named one reads it through
 * the one copy that `export *` makes.
 */
const sharedBuiltins = {
  name: "shared-builtins",
  setup(build) {
    const names = builtinModules
      .filter((name) => !name.startsWith("_") && !Object.hasOwn(LAZY_BUILTINS, name))
      .map((name) => name.replace(/[/]/g, "\\/"))
      .join("|");
    build.onResolve({ filter: new RegExp(`^(node:)?(${names})$`) }, (args) => {
      // Only the CLI's own ES imports: a package's require() gets Node's module as it is (graceful-fs
      // assigns to fs's properties; a class extends require("events")).
      if (args.kind !== "import-statement") return undefined;
      const name = args.path.replace(/^node:/, "");
      return args.namespace === "shared-builtin"
        ? { path: `node:${name}`, external: true }
        : { path: name, namespace: "shared-builtin" };
    });
    build.onLoad({ filter: /.*/, namespace: "shared-builtin" }, (args) => ({
      contents: `const m = require("node:${args.path}"); export default m; export * from "node:${args.path}";`,
      loader: "js",
    }));
  },
};

/**
 * Packages few runs use, each in a file of its own beside the CLI, loaded when first imported: the
 * plist parser (200 KB with its XML libraries; macOS with a launchd agent only) and the prompts
 * (onboard, doctor's questions). Outside the bundle, a check neither reads them nor deserializes them
 * from the code cache at every start.
 */
const VENDORED = { plist: "plist", "@clack/prompts": "prompts" };
const vendored = {
  name: "vendored",
  setup(build) {
    // A module of the bundle that requires the file: an `import()` left in the bundle would not run
    // in the code cache's vm.Script, and this way the import stays lazy.
    const names = Object.keys(VENDORED)
      .map((name) => name.replace(/[/]/g, "\\/"))
      .join("|");
    build.onResolve({ filter: new RegExp(`^(${names})$`) }, (args) => ({
      path: VENDORED[args.path],
      namespace: "vendored",
    }));
    build.onResolve({ filter: /^\.\/vendor\// }, (args) => ({ path: args.path, external: true }));
    build.onLoad({ filter: /.*/, namespace: "vendored" }, (args) => ({
      contents: `module.exports = require("./vendor/${args.path}.cjs");`,
      loader: "js",
    }));
  },
};
/**
 * Packages whose modules only define functions and tables, though their package.json does not say
 * so ("sideEffects": false), and which the CLI uses only part of: esbuild then leaves out the modules
 * nothing imports from. jsonc-parser's main module imports its formatter and editor (the CLI uses
 * neither), and the formatter's tables of indentations, 1,200 strings, were made at every start.
 */
const SIDE_EFFECT_FREE = /[\\/]node_modules[\\/]jsonc-parser[\\/]/;
const sideEffectFree = {
  name: "side-effect-free",
  setup(build) {
    build.onResolve({ filter: /.*/ }, async (args) => {
      if (
        args.pluginData === "side-effect-free" ||
        !(args.path === "jsonc-parser" || SIDE_EFFECT_FREE.test(args.importer))
      )
        return undefined;
      const resolved = await build.resolve(args.path, {
        kind: args.kind,
        importer: args.importer,
        resolveDir: args.resolveDir,
        pluginData: "side-effect-free",
      });
      if (resolved.errors.length > 0 || !SIDE_EFFECT_FREE.test(resolved.path)) return undefined;
      return { ...resolved, sideEffects: false };
    });
  },
};
// What dist/cli/ is made with: CommonJS files, smaller to read at each start without whitespace
// (names kept, so a stack trace with CLAWDIA_DEBUG=1 still names every function).
const cliCommon = {
  ...common,
  format: "cjs",
  outdir: "dist/cli",
  outExtension: { ".js": ".cjs" },
  minifyWhitespace: true,
  minifySyntax: true,
};

await build({
  ...cliCommon,
  entryPoints: Object.fromEntries(Object.entries(VENDORED).map(([name, file]) => [`vendor/${file}`, name])),
  banner: {},
});

// The CLI: one CommonJS file (and the support bundle's worker, which runs in a thread of its own).
// One file starts faster than a graph of ES module chunks, and a CommonJS script can be run with a
// V8 code cache (bin/code-cache.cjs), which an ES module cannot on Node 20. A command's code is
// still only run when the command runs: esbuild keeps each dynamically imported module behind a
// function called at the import.
await build({
  ...cliCommon,
  plugins: [lazyBuiltins, sharedBuiltins, vendored, sideEffectFree],
  entryPoints: { clawdia: "src/cli/main.ts", "support-bundle-worker": "src/cli/support-bundle-worker.ts" },
  // import.meta.url, made when first asked for (only the support bundle does, for its worker's
  // file): node:url's pathToFileURL at every start was a tenth of a millisecond of each check's.
  define: { ...common.define, "import.meta.url": "__clawdiaModule.url" },
  banner: {
    js: "const __clawdiaModule = { get url() { return require('node:url').pathToFileURL(__filename).href; } };",
  },
});
// The CLI's bundle is written as Node wraps a CommonJS module, so that bin/code-cache.cjs compiles the
// file's text as read: wrapping it there made a second copy of its 600 KB at every start, and the
// garbage collector a round more. Only bin/clawdia.js runs it (the worker's file is run by Node).
const cliBundle = "dist/cli/clawdia.cjs";
fs.writeFileSync(cliBundle, Module.wrap(fs.readFileSync(cliBundle, "utf8")));
// Every start reads the CLI's bundle into a string: an ASCII file is read into a one-byte string
// (fast), while a single other character (esbuild leaves regular expressions as written) makes Node
// decode all 600 KB into a two-byte string, several milliseconds more at every start.
for (const file of fs.readdirSync("dist/cli", { recursive: true }).filter((name) => name.endsWith(".cjs"))) {
  const text = fs.readFileSync(path.join("dist/cli", file), "utf8");
  const at = text.search(/[^\x00-\x7f]/);
  if (at >= 0)
    throw new Error(
      `dist/cli/${file} is not ASCII at ${JSON.stringify(text.slice(at - 40, at + 10))}: escape it as \\u`,
    );
}
await build({ ...common, entryPoints: { index: "src/index.ts" }, outdir: "dist/lib" });

// The JSON Schema of every --json output (schema/<name>.schema.json), generated from the zod
// definitions the tests check the output types against, so the three cannot drift.
await build({ ...common, entryPoints: { schemas: "src/report/schemas/index.ts" }, outdir: "dist/tools" });
const { outputJsonSchemas } = await import(pathToFileURL(path.join(root, "dist/tools/schemas.js")).href);
fs.rmSync("schema", { recursive: true, force: true });
fs.mkdirSync("schema");
for (const [name, schema] of Object.entries(outputJsonSchemas()))
  fs.writeFileSync(`schema/${name}.schema.json`, JSON.stringify(schema, null, 2) + "\n");
fs.rmSync("dist/tools", { recursive: true, force: true });

execFileSync(process.execPath, [path.join(root, "node_modules/typescript/bin/tsc"), "-p", "tsconfig.build.json"], {
  stdio: "inherit",
});

// Every command's help, for bin/clawdia.js to print without loading the CLI (render-help.mjs).
renderHelp(path.join(root, "bin/clawdia.js"), path.join(root, "dist/cli/help.json"));
