import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { text } from 'node:stream/consumers';
import { after, describe, it } from 'node:test';
import { NotFound, ValidationFailed } from '../errors.js';
import { createDiskStorage } from './storage.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gk-storage-'));
after(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('createDiskStorage', () => {
  it('stores content under its sha256 in two levels of folders', async () => {
    const store = createDiskStorage(dir);
    const buf = Buffer.from('政府信息公开');

    const { sha256, size } = await store.put(buf);

    assert.equal(sha256, crypto.createHash('sha256').update(buf).digest('hex'));
    assert.equal(size, buf.length);
    assert.deepEqual(fs.readFileSync(path.join(dir, sha256.slice(0, 2), sha256.slice(2, 4), sha256)), buf);
    assert.deepEqual(await store.get(sha256), buf);
    assert.equal(await text(store.stream(sha256)), '政府信息公开');
    assert.equal(await store.has(sha256), true);
  });

  it('is idempotent for the same content and leaves no temporary files', async () => {
    const store = createDiskStorage(dir);
    const buf = Buffer.from('same bytes');

    const [a, b] = await Promise.all([store.put(buf), store.put(buf)]);
    const c = await store.put(Buffer.from(buf));

    assert.equal(a.sha256, b.sha256);
    assert.equal(a.sha256, c.sha256);
    const folder = path.join(dir, a.sha256.slice(0, 2), a.sha256.slice(2, 4));
    assert.deepEqual(fs.readdirSync(folder), [a.sha256]);
  });

  it('answers NotFound and false for content never stored', async () => {
    const store = createDiskStorage(dir);
    const missing = '0'.repeat(64);

    await assert.rejects(store.get(missing), NotFound);
    assert.equal(await store.has(missing), false);
  });

  it('refuses malformed hashes, so no path can leave the store', async () => {
    const store = createDiskStorage(dir);

    for (const bad of ['../../../etc/passwd', 'A'.repeat(64), 'ab/../../x', '0'.repeat(63), `${'0'.repeat(64)}\0`]) {
      await assert.rejects(store.get(bad), ValidationFailed);
      await assert.rejects(store.has(bad), ValidationFailed);
      assert.throws(() => store.stream(bad), ValidationFailed);
    }
  });
});
