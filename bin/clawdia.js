#!/usr/bin/env node
// The installed command: hands over to the bundled CLI and exits with its code.
import { main } from "../dist/cli/main.js";

process.exitCode = await main(process.argv.slice(2));
