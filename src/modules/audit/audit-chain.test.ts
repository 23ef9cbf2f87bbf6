import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { canonicalJson, createChainVerifier, entryHash, GENESIS_HASH, type StoredEntry } from './audit-chain.js';

function chain(n: number): StoredEntry[] {
  const out: StoredEntry[] = [];
  let prev = GENESIS_HASH;
  for (let i = 1; i <= n; i++) {
    const e = {
      seq: String(i),
      occurredAt: new Date(Date.UTC(2026, 0, 1, 0, 0, i)),
      actorId: '7',
      actorLabel: 'admin',
      orgId: '1',
      action: 'org.profile-updated',
      subjectType: 'organisation',
      subjectId: String(i),
      summary: { changes: { phone: { from: null, to: `0999-${i}` } } },
      ip: '127.0.0.1',
      requestId: `r${i}`,
    };
    const hash = entryHash(prev, e);
    out.push({ ...e, prevHash: prev, hash });
    prev = hash;
  }
  return out;
}

function verify(entries: StoredEntry[], head: { seq: string; hash: string } | undefined) {
  const v = createChainVerifier();
  for (const e of entries) if (v.push(e)) break;
  return v.finish(head);
}

const headOf = (es: StoredEntry[]) => ({ seq: es[es.length - 1]!.seq, hash: es[es.length - 1]!.hash });

describe('audit hash chain', () => {
  it('canonical JSON ignores key order', () => {
    assert.equal(canonicalJson({ b: 1, a: { d: [1, { y: 2, x: 1 }], c: null } }), canonicalJson({ a: { c: null, d: [1, { x: 1, y: 2 }] }, b: 1 }));
  });

  it('passes an intact chain and an empty one', () => {
    const es = chain(20);
    assert.deepEqual(verify(es, headOf(es)), { checked: 20, problem: null });
    assert.deepEqual(verify([], undefined), { checked: 0, problem: null });
  });

  it('names an altered entry', () => {
    const es = chain(10);
    es[4] = { ...es[4]!, summary: { forged: true } };
    assert.deepEqual(verify(es, headOf(es)).problem, { kind: 'altered', seq: '5' });
  });

  it('names a deleted entry in the middle', () => {
    const es = chain(10);
    es.splice(6, 1);
    assert.deepEqual(verify(es, headOf(es)).problem, { kind: 'missing', seq: '7' });
  });

  it('notices deletion of the newest entries through the head', () => {
    const es = chain(10);
    const head = headOf(es);
    assert.deepEqual(verify(es.slice(0, 8), head).problem, { kind: 'missing', seq: '9' });
  });

  it('notices a deleted entry renumbered to hide the gap (broken link)', () => {
    const es = chain(10);
    const tampered = [...es.slice(0, 3), ...es.slice(4).map((e) => ({ ...e, seq: String(Number(e.seq) - 1) }))];
    const r = verify(tampered, headOf(es));
    assert.equal(r.problem?.seq, '4');
  });

  it('notices two entries swapped', () => {
    const es = chain(6);
    const swapped = [es[0]!, { ...es[2]!, seq: '2' }, { ...es[1]!, seq: '3' }, ...es.slice(3)];
    assert.equal(verify(swapped, headOf(es)).problem?.seq, '2');
  });

  it('notices a head that no longer matches the chain end', () => {
    const es = chain(5);
    assert.deepEqual(verify(es, { seq: '5', hash: 'f'.repeat(64) }).problem, { kind: 'head', seq: '5' });
  });
});
