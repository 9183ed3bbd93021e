#!/usr/bin/env node
// The `keyless` command: a thin launcher over the compiled CLI in dist/.
"use strict";
require("../dist/sdk/cli/main.js").main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err) => {
    process.stderr.write(`keyless: ${err && err.message ? err.message : String(err)}\n`);
    process.exitCode = 2;
  },
);
