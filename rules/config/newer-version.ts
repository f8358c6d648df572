import { defineRule } from "../../src/rule.js";
import { newerStamp } from "../../src/config-version.js";
import { displayPath } from "../../src/paths.js";
import { VERSION } from "../../src/version.js";

export default defineRule({
  id: "config/newer-version",
  title: "The config was written by a newer Clawdia",
  severity: "warning",
  fix: "none", // the cure is an upgrade; this version never rewrites such a config
  docs: `meta.lastTouchedVersion records the Clawdia release that last migrated the config. When it is
newer than this one, the config may hold shapes this version does not know: this version neither
migrates nor rewrites it (doctor's fixes to the config are dropped), so a downgrade cannot damage it.

Bad:  "meta": { "lastTouchedVersion": "2027.3.0" } read by Clawdia 2026.11.0.
Good: upgrade Clawdia on this host (or restore a config from before the newer release).`,
  examples: {
    bad: [{ config: { meta: { lastTouchedVersion: "2099.1.0" } } }],
    good: [
      {
        caption: "a config no newer Clawdia has written",
        config: { models: { default: "anthropic/claude-opus-4-5" } },
      },
    ],
  },
  check({ snapshot, paths }) {
    const newer = newerStamp(snapshot.config.file.text);
    if (!newer) return [];
    return [
      {
        message: `${displayPath(paths.configPath, paths.home)} was last written by Clawdia ${newer}, newer than this one (${VERSION}); it is left as it is`,
        subject: { file: paths.configPath, path: ["meta", "lastTouchedVersion"] },
        advice: ["upgrade Clawdia on this host"],
      },
    ];
  },
});
