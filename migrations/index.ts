// Every migration. The engine runs them in version order (semver), each on the state the previous
// one left. Add one: a file named <version>-<name>.ts and a line here.
import type { Migration } from "../src/migration.js";
import configJsonToClawdiaJson from "./2025.6.0-config-json-to-clawdia-json.js";
import singleAgentDir from "./2025.9.0-single-agent-dir.js";
import flatAuthJson from "./2025.11.0-flat-auth-json.js";
import gatewayToken from "./2026.1.0-gateway-token.js";
import claudeCliModeOauth from "./2026.2.0-claude-cli-mode-oauth.js";
import agentModel from "./2026.4.0-agent-model.js";

export const migrations: Migration[] = [configJsonToClawdiaJson, singleAgentDir, flatAuthJson, gatewayToken, claudeCliModeOauth, agentModel];
