#!/usr/bin/env node
// The `rolecheck` command. The installed package runs the compiled JavaScript of dist/; a checkout, which has the
// TypeScript sources, runs them through tsx, so that a stale dist/ is never what a developer tries.
import './tiering.mjs';
import { existsSync } from 'node:fs';

const sources = new URL('../src/cli/main.ts', import.meta.url);
let main;
if (existsSync(sources)) {
  const { register } = await import('tsx/esm/api');
  register();
  ({ main } = await import(sources.href));
} else {
  ({ main } = await import('../dist/src/cli/main.js'));
}
process.exitCode = await main(process.argv);
