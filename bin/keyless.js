#!/usr/bin/env node
// The `keyless` command: a thin launcher over the compiled CLI in dist/.
"use strict";
// The AWS SDK warns on every command that its releases after January 2027 need Node.js 22; the
// CLI's output stays readable, and a user who sets the variable decides for themselves.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";
require("../dist/sdk/cli/main.js").main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err) => {
    process.stderr.write(`keyless: ${err && err.message ? err.message : String(err)}\n`);
    process.exitCode = 2;
  },
);
