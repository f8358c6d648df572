// `systemctl --version` as the versions in use print it; anything else is an unknown version.
import { describe, expect, it } from "vitest";
import { parseSystemdVersion, VERSION_SPANS } from "../../src/daemon/systemd-version.js";

describe("parseSystemdVersion", () => {
  it.each([
    ["systemd 252 (252.38-1~deb12u1)\n+PAM +AUDIT +SELINUX default-hierarchy=unified\n", 252],
    ["systemd 249 (249.11-0ubuntu3.12)\n+PAM\n", 249],
    ["systemd 252 (252-46.el9_5.2)\n", 252],
    ["systemd 256 (256.5-2ubuntu3)\n", 256],
    ["systemd 257 (257.2-3-arch)\n", 257],
    ["systemd 258~rc2 (258~rc2-1)\n", 258],
    ["systemd 239\n", 239],
    ["  systemd 254 (254.5)\r\n", 254],
  ])("%j → %s", (output, want) => {
    expect(parseSystemdVersion(output)).toBe(want);
  });

  it.each([
    "",
    "\n",
    "systemctl: command not found",
    "Running in chroot, ignoring command.\nsystemd 252",
    "systemd two-five-two",
    "systemd 0",
    "systemd 123456789",
    "elogind 252",
  ])("%j → unknown", (output) => {
    expect(parseSystemdVersion(output)).toBeUndefined();
  });
});

it("the spans of versions that read a unit alike: before 254, 254–255, 256 and later", () => {
  expect(VERSION_SPANS).toEqual([
    { first: undefined, last: 253, version: 253 },
    { first: 254, last: 255, version: 255 },
    { first: 256 },
  ]);
});
