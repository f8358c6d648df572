// src/semver.ts answers as the semver package does, for every version shape and many non-versions.
import semverCompare from "semver/functions/compare.js";
import semverGt from "semver/functions/gt.js";
import semverValid from "semver/functions/valid.js";
import { describe, expect, it } from "vitest";
import { compareVersions, isNewer, isVersion } from "../src/semver.js";

const MAINS = ["0.0.0", "1.2.3", "2026.4.0", "2025.11.0", "01.2.3", "1.2", "1.2.3.4", "9007199254740992.0.0", "1.-1.0"];
const PRERELEASES = [
  "",
  "-0",
  "-1",
  "-10",
  "-01",
  "-alpha",
  "-alpha.1",
  "-alpha.beta",
  "-beta.2",
  "-rc.1",
  "-1a",
  "-x-y",
  "-",
  "-a..b",
  "-99999999999999999999",
  "-ALPHA",
  "-a.1.2",
];
const BUILDS = ["", "+b", "+001", "+a.b-c", "+", "+a..b"];
const AFFIXES = [
  ["", ""],
  ["v", ""],
  [" ", "\n"],
  ["=", ""],
  ["V", ""],
  ["", "x"],
];
const CANDIDATES = [
  ...MAINS.flatMap((main) => PRERELEASES.flatMap((pre) => BUILDS.map((build) => main + pre + build))),
  ...AFFIXES.map(([before, after]) => `${before}1.2.3-rc.1${after}`),
  "",
  "not a version",
  `1.2.3-${"a".repeat(260)}`,
  `1.2.3-${"a".repeat(240)}`,
];

describe("versions, as the semver package reads them", () => {
  it("which strings are versions", () => {
    for (const text of CANDIDATES)
      expect({ text, valid: isVersion(text) }).toEqual({ text, valid: semverValid(text) !== null });
  });

  it("the order and which is newer, for every pair of versions", () => {
    const versions = CANDIDATES.filter((text) => semverValid(text) !== null);
    expect(versions.length).toBeGreaterThan(100);
    const disagreements = [];
    for (const a of versions)
      for (const b of versions)
        if (compareVersions(a, b) !== semverCompare(a, b) || isNewer(a, b) !== semverGt(a, b))
          disagreements.push({ a, b });
    expect(disagreements).toEqual([]);
  });

  it("a non-version in a comparison throws, as semver does", () => {
    expect(() => compareVersions("1.2.3", "x")).toThrow(TypeError);
    expect(() => semverCompare("1.2.3", "x")).toThrow(TypeError);
  });
});
