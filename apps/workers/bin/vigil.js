#!/usr/bin/env node
// The `vigil` command. It runs the compiled workers code (npm install builds it; see scripts/postinstall.mjs).
const { main } = require('../dist/cli/vigil.js');

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error) => {
    console.error(`vigil: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
