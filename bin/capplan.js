#!/usr/bin/env node
// capplan launcher: checks the Node version, turns on Node's compile cache where it exists
// (Node 22.1+; it saves tens of milliseconds per run), then loads the bundled CLI.
import module from 'node:module';

const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 20 || (major === 20 && minor < 19)) {
  process.stderr.write(`capplan needs Node.js 20.19 or newer (this is ${process.versions.node}).\n`);
  process.exitCode = 2;
} else {
  try {
    module.enableCompileCache?.();
  } catch {
    // A cache that cannot be written (read-only home, no tmp) only costs speed.
  }
  await import('../dist/main.js');
}
