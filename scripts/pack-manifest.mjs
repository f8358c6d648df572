// `npm pack` (and so `npm publish`): the package.json that goes into the tarball has no `prepare`.
// In a clone, `prepare` is what makes `npm install` build everything (the README's first step); in
// an installed package dist/ is already built, and the script would only make npm 11 warn about
// install scripts on every install. prepack keeps the file as it is and removes the script;
// postpack puts the file back byte for byte.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const manifest = path.join(root, "package.json");
const kept = path.join(root, "package.json.before-pack");

if (process.argv[2] === "strip") {
  const text = fs.readFileSync(manifest, "utf8");
  fs.writeFileSync(kept, text);
  const pkg = JSON.parse(text);
  delete pkg.scripts.prepare;
  // Renamed into place: a pack stopped half-way never leaves a torn package.json.
  fs.writeFileSync(`${manifest}.tmp`, JSON.stringify(pkg, null, 2) + "\n");
  fs.renameSync(`${manifest}.tmp`, manifest);
} else if (process.argv[2] === "restore") {
  if (fs.existsSync(kept)) fs.renameSync(kept, manifest);
} else {
  throw new Error("usage: node scripts/pack-manifest.mjs strip|restore");
}
