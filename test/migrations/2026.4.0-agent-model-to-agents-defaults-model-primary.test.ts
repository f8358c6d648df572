import migration from "../../migrations/2026.4.0-agent-model-to-agents-defaults-model-primary.js";
import { migrationSpec } from "./spec.js";

const MODEL = "anthropic/claude-opus-4-5";

migrationSpec(migration, {
  migrates: [
    {
      name: "agent.model moves to agents.defaults.model.primary; `agent`, left empty, goes whole",
      before: {
        "clawdia.json": `{\n  "agent": { "model": "${MODEL}" },\n  "agents": { "list": [{ "id": "main" }] }\n}\n`,
      },
      after: {
        "clawdia.json": `{\n  "agents": { "list": [{ "id": "main" }], "defaults": { "model": { "primary": "${MODEL}" } } }\n}\n`,
      },
    },
    {
      name: "`agent` holds more: only its model goes",
      before: { "clawdia.json": `{\n  "agent": { "model": "${MODEL}", "workspace": "~/work" }\n}\n` },
      after: {
        "clawdia.json": `{
  "agent": { "workspace": "~/work" },
  "agents": {
    "defaults": {
      "model": {
        "primary": "${MODEL}"
      }
    }
  }
}
`,
      },
    },
  ],
  leaves: [
    {
      name: "no agent.model",
      files: { "clawdia.json": `{ "agents": { "defaults": { "model": { "primary": "${MODEL}" } } } }\n` },
    },
    {
      name: "both set and different: the user decides",
      files: {
        "clawdia.json": `{ "agent": { "model": "openai/gpt-5" }, "agents": { "defaults": { "model": { "primary": "${MODEL}" } } } }\n`,
      },
    },
    {
      name: "agents.defaults.model is a string",
      files: {
        "clawdia.json": `{ "agent": { "model": "${MODEL}" }, "agents": { "defaults": { "model": "${MODEL}" } } }\n`,
      },
    },
  ],
});
