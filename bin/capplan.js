#!/usr/bin/env node
// capplan launcher: checks the Node version, then loads the bundled CLI.
const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 20 || (major === 20 && minor < 19)) {
  process.stderr.write(`capplan needs Node.js 20.19 or newer (this is ${process.versions.node}).\n`);
  process.exitCode = 2;
} else {
  await import('../dist/main.js');
}
