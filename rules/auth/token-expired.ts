import { defineRule, EXAMPLE_NOW, HOUR } from "../../src/rule.js";
import { renewalAdvice } from "../../src/auth/advice.js";
import { inGatewayOrder } from "../../src/auth/credentials.js";
import { credentialStatus, describeExpiry } from "../../src/auth/status.js";

export default defineRule({
  id: "auth/token-expired",
  title: "A static credential has expired",
  severity: "error",
  fix: "manual", // static tokens cannot be renewed by us; the advice says how
  docs: `Static credentials (Claude Code setup-tokens, pasted tokens, OAuth credentials without a refresh
token) cannot be refreshed by Clawdia. Once expired, the gateway skips them and requests that depend on
them fail. An OAuth profile with a refresh token is never expired: Clawdia refreshes it on use.

Bad:  anthropic:claude-cli is a token that expired 3h ago.
Good: on the gateway host, \`clawdia models auth setup-token --provider anthropic\` (it runs \`claude setup-token\`
      and stores the new token with its one-year expiry; for a pasted token:
      \`clawdia models auth paste-token --provider <p> --profile-id <id>\`), then \`clawdia models status\`.`,
  examples: {
    bad: [
      {
        caption: "the setup-token the gateway uses expired 3h ago",
        stores: {
          main: {
            version: 1,
            profiles: {
              "anthropic:claude-cli": {
                type: "token",
                provider: "anthropic",
                token: "sk-ant-oat01-EXAMPLEtokenEXAMPLEtoken",
                expires: EXAMPLE_NOW - 3 * HOUR,
              },
            },
          },
        },
      },
      {
        caption: "an expired token for a provider not in use: never tried, so a warning",
        stores: {
          main: {
            version: 1,
            profiles: {
              "openai:work": {
                type: "token",
                provider: "openai",
                token: "sk-EXAMPLEopenaiTOKEN0001",
                expires: EXAMPLE_NOW - 3 * HOUR,
              },
            },
          },
        },
      },
    ],
    good: [
      {
        caption: "an OAuth login with a refresh token is refreshed on use, even past its expiry",
        stores: {
          main: {
            version: 1,
            profiles: {
              "anthropic:claude-cli": {
                type: "oauth",
                provider: "anthropic",
                access: "sk-ant-oat01-EXAMPLEaccessEXAMPLEaccess",
                refresh: "sk-ant-ort01-EXAMPLErefresh",
                expires: EXAMPLE_NOW - 3 * HOUR,
              },
            },
          },
        },
      },
    ],
  },
  check({ snapshot, config, now }) {
    return snapshot.profiles
      .filter((profile) => credentialStatus(profile, now, config.expiryWarnHours) === "expired")
      .map((profile) => ({ profile, tried: inGatewayOrder(snapshot, profile) }))
      .map(({ profile, tried }) => ({
        // Outside the order the gateway follows (or for a provider not in use) it is never tried: noted, not failed.
        ...(tried ? {} : { severity: "warning" as const }),
        message: `${profile.id} (agent ${profile.agentId}) ${describeExpiry(profile.expires!, now)}${tried ? "" : "; the gateway never tries it (not in the order it follows, or its provider is not in use)"}`,
        subject: {
          agentId: profile.agentId,
          profileId: profile.id,
          provider: profile.provider,
          file: profile.storePath,
          path: ["profiles", profile.id, "expires"],
        },
        advice: renewalAdvice(profile),
      }));
  },
});
