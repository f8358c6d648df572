import { defineConfig } from "vitest/config";

// Two groups, one after the other. Most files are independent and run two at a time (this machine
// and CI have 2 cores; most of a test's time is a child process's start-up and fsyncs). The
// reliability suites then run alone, one file at a time: they calibrate kills on timing and run
// their own lanes of CLI processes, so they must not share the cores with another file.
const shared = { testTimeout: 30_000, hookTimeout: 30_000 };

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          ...shared,
          name: "units and e2e",
          include: ["test/**/*.test.ts"],
          exclude: ["test/reliability/**"],
          maxWorkers: 2,
          sequence: { groupOrder: 0 },
        },
      },
      {
        test: {
          ...shared,
          name: "reliability",
          include: ["test/reliability/**/*.test.ts"],
          fileParallelism: false,
          sequence: { groupOrder: 1 },
        },
      },
    ],
  },
});
