import { DAY, defineRule, EXAMPLE_NOW, HOUR } from "../../src/rule.js";
import { inGatewayOrder } from "../../src/auth/credentials.js";
import { credentialStatus, describeExpiry } from "../../src/auth/status.js";
import { renewalAdvice } from "../../src/auth/advice.js";

export default defineRule({
  id: "auth/token-expiring",
  title: "A static token expires soon",
  severity: "warning",
  fix: "manual",
  docs: `Static tokens (Claude Code setup-tokens, pasted tokens) cannot be refreshed by Clawdia. When one
expires, the gateway stops answering for that provider. The warning window is auth.expiryWarnHours
(24 hours by default).

Bad:  anthropic:claude-cli is a token that expires in 5h.
Good: before it expires, \`clawdia models auth setup-token --provider anthropic\` (it runs \`claude setup-token\`
      and stores the new token; for a pasted token \`clawdia models auth paste-token --provider <p>\`);
      an OAuth profile with a refresh token is never flagged.`,
  examples: {
    bad: [
      {
        caption: "the setup-token the gateway uses expires in 5h",
        stores: {
          main: {
            version: 1,
            profiles: {
              "anthropic:claude-cli": {
                type: "token",
                provider: "anthropic",
                token: "sk-ant-oat01-EXAMPLEtokenEXAMPLEtoken",
                expires: EXAMPLE_NOW + 5 * HOUR,
              },
            },
          },
        },
      },
      {
        caption: "a token for a provider not in use: never tried, so info",
        stores: {
          main: {
            version: 1,
            profiles: {
              "openai:work": {
                type: "token",
                provider: "openai",
                token: "sk-EXAMPLEopenaiTOKEN0001",
                expires: EXAMPLE_NOW + 5 * HOUR,
              },
            },
          },
        },
      },
    ],
    good: [
      {
        caption: "a new setup-token, valid for a year",
        stores: {
          main: {
            version: 1,
            profiles: {
              "anthropic:claude-cli": {
                type: "token",
                provider: "anthropic",
                token: "sk-ant-oat01-EXAMPLEtokenEXAMPLEtoken",
                expires: EXAMPLE_NOW + 365 * DAY,
              },
            },
          },
        },
      },
    ],
  },
  check({ snapshot, config, now }) {
    return snapshot.profiles
      .filter((profile) => credentialStatus(profile, now, config.expiryWarnHours) === "expiring")
      .map((profile) => ({ profile, tried: inGatewayOrder(snapshot, profile) }))
      .map(({ profile, tried }) => ({
        // Outside the order the gateway follows (or for a provider not in use) it is never tried: noted, not failed.
        ...(tried ? {} : { severity: "info" as const }),
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
