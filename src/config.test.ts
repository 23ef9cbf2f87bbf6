import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { ENV_VARIABLES } from './config.js';

const root = path.resolve(import.meta.dirname, '..');
const read = (file: string) => fs.readFileSync(path.join(root, file), 'utf8');

describe('configuration is documented', () => {
  it('knows at least the core variables', () => {
    for (const name of ['DATABASE_URL', 'DATA_DIR', 'PORT', 'SESSION_SECRET']) assert.ok(ENV_VARIABLES.includes(name), name);
  });

  it('names every environment variable in the README', () => {
    const readme = read('README.md');
    const missing = ENV_VARIABLES.filter((name) => !readme.includes(`\`${name}\``));
    assert.deepEqual(missing, [], `README.md does not document: ${missing.join(', ')}`);
  });

  it('lists every environment variable in .env.example, and nothing else', () => {
    const example = read('.env.example');
    const listed = [...example.matchAll(/^#?\s*([A-Z][A-Z0-9_]*)=/gm)].map((m) => m[1]!);
    const missing = ENV_VARIABLES.filter((name) => !listed.includes(name));
    assert.deepEqual(missing, [], `.env.example does not list: ${missing.join(', ')}`);
    const unknown = listed.filter((name) => !ENV_VARIABLES.includes(name));
    assert.deepEqual(unknown, [], `.env.example lists variables the app does not read: ${unknown.join(', ')}`);
  });
});
