// The [Service] environment of the unit and its drop-ins, and the process environment systemd builds from it.
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parseEnvironmentFile } from "../../src/daemon/env-file.js";
import type { SpecifierContext } from "../../src/daemon/systemd-syntax.js";
import {
  parseServiceEnvironment,
  serviceProcessEnvironment,
  type ServiceEnvironment,
} from "../../src/daemon/systemd-unit.js";

const ROOT = path.resolve(import.meta.dirname, "../..");
const CONTEXT: SpecifierContext = {
  home: "/home/u",
  user: "u",
  uid: 1000,
  unitName: "clawdia-gateway.service",
  xdg: {},
  hostname: "box",
  shell: "/bin/sh",
};

function service(...texts: string[]): ServiceEnvironment {
  return parseServiceEnvironment(
    texts.map((text, i) => ({ path: i === 0 ? "/u.service" : `/u.service.d/${i}.conf`, text })),
    CONTEXT,
  );
}

function env(unit: ServiceEnvironment, files: Record<string, string> = {}): Record<string, string | undefined> {
  const loaded = unit.environmentFiles.flatMap((setting) =>
    files[setting.path] === undefined
      ? []
      : [{ setting, path: setting.path, entries: parseEnvironmentFile(files[setting.path]).entries }],
  );
  return Object.fromEntries([...serviceProcessEnvironment(unit, loaded)].map(([key, v]) => [key, v.value]));
}

describe("parseServiceEnvironment", () => {
  it("a line of 100,000 bad words gives five problems and a count of the rest, not 100,000", () => {
    const unit = service(`[Service]\nEnvironment=${"1 ".repeat(100_000)}GOOD=1`);
    expect(env(unit)).toEqual({ GOOD: "1" });
    expect(unit.problems.map((p) => p.message)).toEqual([
      ...Array(5).fill('Environment=: "1" is not a valid NAME=value assignment; systemd ignores it'),
      "Environment=: 99,995 more problems like these on this line",
    ]);
  });

  it.each([
    {
      name: "several assignments per line, later ones winning",
      texts: ["[Service]\nEnvironment=A=1 B=2\nEnvironment=A=3"],
      want: { A: "3", B: "2" },
    },
    {
      name: "an empty Environment= resets the list",
      texts: ["[Service]\nEnvironment=A=1\nEnvironment=\nEnvironment=B=2"],
      want: { B: "2" },
    },
    {
      name: "drop-ins apply after the unit, in the order given",
      texts: ["[Service]\nEnvironment=A=unit", "[Service]\nEnvironment=A=first", "[Service]\nEnvironment=A=second"],
      want: { A: "second" },
    },
    {
      name: "a drop-in can reset the unit's list",
      texts: ["[Service]\nEnvironment=A=1 B=2", "[Service]\nEnvironment=\nEnvironment=C=3"],
      want: { C: "3" },
    },
    {
      name: "only [Service] counts",
      texts: ["[Unit]\nEnvironment=A=1\n[Install]\nEnvironment=B=1\n[Service]\nEnvironment=C=1"],
      want: { C: "1" },
    },
    { name: "keys are case-sensitive", texts: ["[Service]\nenvironment=A=1\nEnvironment=B=1"], want: { B: "1" } },
    {
      name: "specifiers in values",
      texts: ["[Service]\nEnvironment=CLAWDIA_STATE_DIR=%h/.clawdia"],
      want: { CLAWDIA_STATE_DIR: "/home/u/.clawdia" },
    },
    {
      name: "an invalid assignment is skipped, the rest of the line kept",
      texts: ["[Service]\nEnvironment=1BAD=x GOOD=y =z"],
      want: { GOOD: "y" },
    },
    {
      name: "a syntax error drops the rest of the line only",
      texts: ['[Service]\nEnvironment=A=1 "B=2\nEnvironment=C=3'],
      want: { A: "1", C: "3" },
    },
    {
      name: "UnsetEnvironment= removes a name",
      texts: ["[Service]\nEnvironment=A=1 B=2\nUnsetEnvironment=A"],
      want: { B: "2" },
    },
    {
      name: "UnsetEnvironment= with NAME=value removes only that exact assignment",
      texts: ["[Service]\nEnvironment=A=1 B=2\nUnsetEnvironment=A=1 B=3"],
      want: { B: "2" },
    },
    {
      name: "an empty UnsetEnvironment= resets its list",
      texts: ["[Service]\nEnvironment=A=1\nUnsetEnvironment=A\nUnsetEnvironment="],
      want: { A: "1" },
    },
    {
      name: "PassEnvironment= passes a value doctor cannot know; Environment= overrides it",
      texts: ["[Service]\nPassEnvironment=P Q\nEnvironment=Q=set"],
      want: { P: undefined, Q: "set" },
    },
    {
      name: "an empty PassEnvironment= resets its list",
      texts: ["[Service]\nPassEnvironment=P\nPassEnvironment=\nPassEnvironment=Q"],
      want: { Q: undefined },
    },
  ])("$name", ({ texts, want }) => {
    expect(env(service(...texts))).toEqual(want);
  });

  it("EnvironmentFile= overrides Environment=, whatever the order, files in order", () => {
    const unit = service("[Service]\nEnvironmentFile=/a.env\nEnvironment=K=unit L=unit\nEnvironmentFile=-/b.env");
    expect(env(unit, { "/a.env": "K=a\nM=a\n", "/b.env": "M=b\n" })).toEqual({ K: "a", L: "unit", M: "b" });
  });

  it("EnvironmentFile=: the - prefix, specifiers, an empty assignment resetting the list, relative paths refused", () => {
    const unit = service(
      "[Service]\nEnvironmentFile=/dropped.env\nEnvironmentFile=\nEnvironmentFile=-%h/.clawdia/.env\nEnvironmentFile=%E//clawdia/./gw.env\nEnvironmentFile=relative.env",
    );
    expect(unit.environmentFiles.map(({ path, optional, line }) => ({ path, optional, line }))).toEqual([
      { path: "/home/u/.clawdia/.env", optional: true, line: 4 },
      { path: "/home/u/.config/clawdia/gw.env", optional: false, line: 5 },
    ]);
    expect(unit.problems.map((p) => p.message)).toEqual([
      "EnvironmentFile=relative.env is not an absolute path; systemd ignores the line",
    ]);
  });

  it("ExecStart= is split into argv (prefixes dropped, specifiers expanded)", () => {
    const unit = service(
      `[Service]\nExecStart=-/usr/bin/env "CLAWDIA_LOG_LEVEL=debug" %h/bin/clawdia gateway --token 's e c'`,
    );
    expect(unit.execStart.map((e) => e.argv)).toEqual([
      ["/usr/bin/env", "CLAWDIA_LOG_LEVEL=debug", "/home/u/bin/clawdia", "gateway", "--token", "s e c"],
    ]);
  });

  it("remembers every assignment written, even hidden ones (a secret in the file is still in the file)", () => {
    const unit = service("[Service]\nEnvironment=K=old\nEnvironment=\nEnvironment=K=new");
    expect(unit.written.map((w) => `${w.key}=${w.value}@${w.line}`)).toEqual(["K=old@2", "K=new@4"]);
  });

  it("reads the fixture unit and its drop-ins as systemd would", () => {
    const dir = path.join(ROOT, "fixtures/daemon-systemd/home/.config/systemd/user");
    const files = [
      "clawdia-gateway.service",
      "clawdia-gateway.service.d/10-proxy.conf",
      "clawdia-gateway.service.d/override.conf",
    ].map((name) => ({
      path: path.join(dir, name),
      text: fs.readFileSync(path.join(dir, name), "utf8"),
    }));
    const unit = parseServiceEnvironment(files, CONTEXT);
    expect(unit.problems).toEqual([]);
    expect(env(unit, { "/home/u/.clawdia/.env": "CLAWDIA_LOG_LEVEL=warn\n" })).toEqual({
      SSH_AUTH_SOCK: undefined,
      CLAWDIA_LOG_LEVEL: "warn", // EnvironmentFile= wins over the drop-in's Environment=
      CLAWDIA_GATEWAY_PORT: "18789",
      OPENROUTER_API_KEY: "sk-or-v1-unitinlineunitinline9999",
      HTTPS_PROXY: "http://proxy.internal:3128",
      NO_PROXY: "localhost,127.0.0.1",
      CLAWDIA_GATEWAY_TOKEN: "plantedgatewaytoken0451",
      // NODE_OPTIONS is unset by UnsetEnvironment=
    });
    expect(unit.environment.get("OPENROUTER_API_KEY")?.line).toBe(14);
    expect(unit.execStart[0].argv).toEqual([
      "/usr/bin/node",
      "/home/u/.local/lib/clawdia/gateway.js",
      "--port",
      "18789",
      "--bind",
      "loopback",
    ]);
  });
});
