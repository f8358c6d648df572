import migration from "../../migrations/2026.1.0-gateway-token-to-gateway-auth-token.js";
import { migrationSpec } from "./spec.js";

const TOKEN = "clawgw-EXAMPLEgatewayToken";

migrationSpec(migration, {
  migrates: [
    {
      name: "gateway.token moves under gateway.auth; comments, other keys and trailing commas stay",
      before: {
        "clawdia.json": `{
  // the gateway's own bearer token
  "gateway": { "port": 18789, "token": "${TOKEN}" },
}
`,
      },
      after: {
        "clawdia.json": `{
  // the gateway's own bearer token
  "gateway": { "port": 18789, "auth": { "token": "${TOKEN}" } },
}
`,
      },
    },
    {
      name: "gateway.auth.token already holds the same value: only the old key goes",
      before: {
        "clawdia.json": `{\n  "gateway": {\n    "token": "${TOKEN}",\n    "auth": { "token": "${TOKEN}" }\n  }\n}\n`,
      },
      after: { "clawdia.json": `{\n  "gateway": {\n    "auth": { "token": "${TOKEN}" }\n  }\n}\n` },
    },
  ],
  leaves: [
    { name: "no gateway.token", files: { "clawdia.json": `{ "gateway": { "auth": { "token": "${TOKEN}" } } }\n` } },
    {
      name: "both set and different: the user decides",
      files: { "clawdia.json": `{ "gateway": { "token": "old", "auth": { "token": "${TOKEN}" } } }\n` },
    },
    {
      name: "gateway.auth is not an object",
      files: { "clawdia.json": `{ "gateway": { "token": "${TOKEN}", "auth": "basic" } }\n` },
    },
    { name: "no config", files: {} },
  ],
});
