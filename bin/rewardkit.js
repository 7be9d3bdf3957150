#!/usr/bin/env node
// dist/bundle/ (scripts/bundle.mjs) starts about a third sooner; dist/cli/main.js is the same program unbundled.
import { existsSync } from 'node:fs';

const bundled = new URL('../dist/bundle/main.js', import.meta.url);
await import(existsSync(bundled) ? bundled.href : '../dist/cli/main.js');
