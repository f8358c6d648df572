import { defineMigration } from "../src/migration.js";
import { moveConfigKey } from "../src/migration-shapes.js";

// 2026.1 moved the gateway's own access token under gateway.auth. An odd gateway.auth, or both set
// and different: state/legacy-leftovers reports it, and the user decides.
export default defineMigration({
  id: "gateway.token-to-gateway.auth.token",
  version: "2026.1.0",
  describe: "gateway.token → gateway.auth.token",
  plan({ snapshot, paths }) {
    return moveConfigKey(snapshot.config.value, paths, ["gateway", "token"], ["gateway", "auth", "token"]);
  },
});
