import migration from "../../migrations/2025.6.0-config-json-to-clawdia-json.js";
import { migrationSpec } from "./spec.js";

const OLD = `{ "models": { "default": "anthropic/claude-opus-4-5" } } // written by 2025.3\n`;

migrationSpec(migration, {
  migrates: [
    {
      name: "config.json becomes clawdia.json, byte for byte",
      before: { "config.json": OLD, ".env": "A=1\n" },
      after: { ".env": "A=1\n", "clawdia.json": OLD },
    },
  ],
  leaves: [
    { name: "both exist: state/legacy-leftovers asks the user", files: { "config.json": OLD, "clawdia.json": "{}\n" } },
    { name: "no config.json", files: { "clawdia.json": "{}\n" } },
  ],
});
