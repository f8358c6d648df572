import migration from "../../migrations/2026.2.0-auth-claude-cli-mode-oauth.js";
import { migrationSpec } from "./spec.js";

migrationSpec(migration, {
  migrates: [
    {
      name: 'mode "token" becomes "oauth"; the comment on its line stays',
      before: {
        "clawdia.json": `{
  "auth": {
    "profiles": {
      "anthropic:claude-cli": { "provider": "anthropic", "mode": "token" } // set by an old onboard
    }
  }
}
`,
      },
      after: {
        "clawdia.json": `{
  "auth": {
    "profiles": {
      "anthropic:claude-cli": { "provider": "anthropic", "mode": "oauth" } // set by an old onboard
    }
  }
}
`,
      },
    },
  ],
  leaves: [
    {
      name: 'mode "oauth" already',
      files: {
        "clawdia.json": `{ "auth": { "profiles": { "anthropic:claude-cli": { "provider": "anthropic", "mode": "oauth" } } } }\n`,
      },
    },
    {
      name: "another profile in mode token",
      files: {
        "clawdia.json": `{ "auth": { "profiles": { "anthropic:manual": { "provider": "anthropic", "mode": "token" } } } }\n`,
      },
    },
    { name: "no config", files: {} },
  ],
});
