import migration from "../../migrations/2025.9.0-agent-dir-to-agents-main.js";
import { migrationSpec } from "./spec.js";

const STORE = `{ "version": 1, "profiles": {} }\n`;

migrationSpec(migration, {
  migrates: [
    {
      name: "<state>/agent/ moves to agents/main/agent/, each file as it is",
      before: { "agent/auth-profiles.json": STORE, "agent/models.json": "{}\n" },
      after: { "agents/main/agent/auth-profiles.json": STORE, "agents/main/agent/models.json": "{}\n" },
    },
    {
      name: "to the configured default agent",
      before: {
        "clawdia.json": `{ "agents": { "list": [{ "id": "work", "default": true }] } }\n`,
        "agent/auth-profiles.json": STORE,
      },
      after: {
        "agents/work/agent/auth-profiles.json": STORE,
        "clawdia.json": `{ "agents": { "list": [{ "id": "work", "default": true }] } }\n`,
      },
    },
  ],
  leaves: [
    {
      name: "a name that is taken at the target: state/legacy-leftovers asks the user",
      files: { "agent/auth-profiles.json": STORE, "agents/main/agent/auth-profiles.json": STORE },
    },
    { name: "a sub-directory", files: { "agent/auth-profiles.json": STORE, "agent/sessions/1.json": "{}\n" } },
    { name: "no agent/ dir", files: { "agents/main/agent/auth-profiles.json": STORE } },
  ],
});
