// Reading the daemon's environment out of a systemd unit and a launchd plist.
import { describe, expect, it } from "vitest";
import { parsePlist, parseUnit } from "../../src/bundle/daemon-scan.js";

describe("parseUnit", () => {
  it("reads Environment= (plain, quoted, several per line), EnvironmentFile= and ExecStart=", () => {
    const unit = parseUnit(`[Service]
ExecStart=/usr/bin/node /opt/gateway.js \\
  --port 18789
Environment=A=1 B=two
Environment="C=three words" 'D=four'
EnvironmentFile=-%h/.clawdia/.env
EnvironmentFile=/etc/clawdia.env
# Environment=COMMENTED=1
`);
    expect(unit.env).toEqual([
      { name: "A", value: "1" },
      { name: "B", value: "two" },
      { name: "C", value: "three words" },
      { name: "D", value: "four" },
    ]);
    expect(unit.environmentFiles).toEqual([
      { path: "%h/.clawdia/.env", optional: true },
      { path: "/etc/clawdia.env", optional: false },
    ]);
    expect(unit.execStart).toEqual(["/usr/bin/node", "/opt/gateway.js", "--port", "18789"]);
  });
});

describe("parsePlist", () => {
  it("reads EnvironmentVariables (entities decoded) and ProgramArguments", () => {
    const plist = parsePlist(`<plist><dict>
<key>ProgramArguments</key><array><string>/usr/local/bin/clawdia</string><string>gateway</string></array>
<key>EnvironmentVariables</key>
<dict>
  <key>ANTHROPIC_API_KEY</key>
  <string>sk-ant-api03-a&amp;b&#x3c;c</string>
  <key>EMPTY</key><string/>
</dict>
</dict></plist>`);
    expect(plist.env).toEqual([
      { name: "ANTHROPIC_API_KEY", value: "sk-ant-api03-a&b<c" },
      { name: "EMPTY", value: "" },
    ]);
    expect(plist.programArguments).toEqual(["/usr/local/bin/clawdia", "gateway"]);
  });

  it("a plist without an environment has none", () => {
    expect(parsePlist("<plist><dict></dict></plist>")).toEqual({ env: [], programArguments: [] });
  });
});
