// Every migration. The engine runs them in version order (semver), each on the state the previous
// one left. Add one: a file named <version>-<its id, dots as dashes>.ts, its spec
// test/migrations/<the same name>.test.ts, and a line here (in version order).
import type { Migration } from "../src/migration.js";
import configJsonToClawdiaJson from "./2025.6.0-config-json-to-clawdia-json.js";
import agentDirToAgentsMain from "./2025.9.0-agent-dir-to-agents-main.js";
import authJsonToAuthProfiles from "./2025.11.0-auth-json-to-auth-profiles.js";
import gatewayTokenToGatewayAuthToken from "./2026.1.0-gateway-token-to-gateway-auth-token.js";
import authClaudeCliModeOauth from "./2026.2.0-auth-claude-cli-mode-oauth.js";
import agentModelToAgentsDefaultsModelPrimary from "./2026.4.0-agent-model-to-agents-defaults-model-primary.js";

export const migrations: Migration[] = [
  configJsonToClawdiaJson,
  agentDirToAgentsMain,
  authJsonToAuthProfiles,
  gatewayTokenToGatewayAuthToken,
  authClaudeCliModeOauth,
  agentModelToAgentsDefaultsModelPrimary,
];
