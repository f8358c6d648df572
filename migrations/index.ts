// Every migration, oldest first. Add one: a file named <version>-<name>.ts and a line here.
import type { Migration } from "../src/migration.js";
import claudeCliModeOauth from "./2026.2.0-claude-cli-mode-oauth.js";

export const migrations: Migration[] = [claudeCliModeOauth];
