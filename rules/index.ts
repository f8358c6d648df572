// Every rule, in the order reports list them. Add a rule: one file under rules/<category>/, one line here.
import type { Rule } from "../src/rule.js";
import claudeCliStale from "./auth/claude-cli-stale.js";
import claudeCodeCredentialsInvalid from "./auth/claude-code-credentials-invalid.js";
import claudeCodeOnlyCredential from "./auth/claude-code-only-credential.js";
import cooldownNotReset from "./auth/cooldown-not-reset.js";
import cooldownTooLong from "./auth/cooldown-too-long.js";
import lastError from "./auth/last-error.js";
import missingCredentials from "./auth/missing-credentials.js";
import nextProfileCoolingDown from "./auth/next-profile-cooling-down.js";
import orderProviderCase from "./auth/order-provider-case.js";
import orderUnknownProfile from "./auth/order-unknown-profile.js";
import profileModeMismatch from "./auth/profile-mode-mismatch.js";
import providerCoolingDown from "./auth/provider-cooling-down.js";
import tokenExpired from "./auth/token-expired.js";
import tokenExpiring from "./auth/token-expiring.js";
import configInvalid from "./config/invalid.js";
import configNewerVersion from "./config/newer-version.js";
import daemonDrift from "./env/daemon-drift.js";
import daemonNotInherited from "./env/daemon-not-inherited.js";
import daemonNotInstalled from "./env/daemon-not-installed.js";
import dotenvShellDiffers from "./env/dotenv-shell-differs.js";
import dotenvSyntax from "./env/dotenv-syntax.js";
import secretInServiceFile from "./env/secret-in-service-file.js";
import serviceFileInvalid from "./env/service-file-invalid.js";
import shellEnvSlow from "./env/shell-env-slow.js";
import systemdVersionUnknown from "./env/systemd-version-unknown.js";
import filePermissions from "./files/permissions.js";
import legacyLeftovers from "./state/legacy-leftovers.js";
import notInitialised from "./state/not-initialised.js";
import storeInvalid from "./store/invalid.js";

export const rules: Rule[] = [
  // The state itself first: when it is missing or broken, the rest follows from it.
  notInitialised,
  configInvalid,
  configNewerVersion,
  storeInvalid,
  legacyLeftovers,
  filePermissions,
  missingCredentials,
  tokenExpired,
  tokenExpiring,
  claudeCodeOnlyCredential,
  profileModeMismatch,
  // Before order-unknown-profile: its fix edits the list where this one's rename puts it.
  orderProviderCase,
  orderUnknownProfile,
  claudeCliStale,
  claudeCodeCredentialsInvalid,
  // The gateway's failure bookkeeping: cooldowns and the last recorded error.
  providerCoolingDown,
  nextProfileCoolingDown,
  cooldownNotReset,
  cooldownTooLong,
  lastError,
  // The gateway daemon's environment (systemd / launchd).
  dotenvSyntax,
  dotenvShellDiffers,
  serviceFileInvalid,
  daemonNotInherited,
  daemonDrift,
  secretInServiceFile,
  shellEnvSlow,
  systemdVersionUnknown,
  daemonNotInstalled,
];
