#!/usr/bin/env node
// The `gongkai` command: runs the TypeScript sources through tsx (no build step).
const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 22 || (major === 22 && minor < 13)) {
  console.error(`Gongkai 需要 Node.js 22.13 或更高版本（当前 ${process.version}）。Gongkai needs Node.js >= 22.13 (this is ${process.version}).`);
  process.exit(1);
}
const { register } = await import('tsx/esm/api');
register();
await import('../src/entrypoints/cli.ts');
