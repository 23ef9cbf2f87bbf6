import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { openApiDocument } from './openapi.js';

type Obj = Record<string, unknown>;
const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

/** Every value of the document with the JSON pointer that leads to it. */
function* walk(node: unknown, pointer = '#'): Generator<[string, unknown]> {
  yield [pointer, node];
  if (node && typeof node === 'object') {
    for (const [k, v] of Object.entries(node)) yield* walk(v, `${pointer}/${k.replace(/~/g, '~0').replace(/\//g, '~1')}`);
  }
}

function resolve(doc: unknown, ref: string): unknown {
  if (!ref.startsWith('#/')) return undefined;
  let node: unknown = doc;
  for (const raw of ref.slice(2).split('/')) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    node = node && typeof node === 'object' ? (node as Obj)[key] : undefined;
  }
  return node;
}

describe('the OpenAPI document', () => {
  const doc = JSON.parse(JSON.stringify(openApiDocument('https://gov.example.cn'))) as Obj & { paths: Record<string, Obj>; components: { securitySchemes: Obj } };

  it('is OpenAPI 3.1 with info and servers', () => {
    assert.match(String(doc.openapi), /^3\.1\.\d+$/);
    const info = doc.info as Obj;
    assert.equal(typeof info.title, 'string');
    assert.equal(typeof info.version, 'string');
    assert.deepEqual(doc.servers, [{ url: 'https://gov.example.cn' }]);
  });

  it('gives every operation an id, a described response and its path parameters', () => {
    const ids = new Set<string>();
    for (const [p, item] of Object.entries(doc.paths)) {
      assert.match(p, /^\/api\//);
      const ops = Object.entries(item).filter(([m]) => METHODS.includes(m));
      assert.ok(ops.length > 0, `${p} has operations`);
      for (const [m, op] of ops as [string, Obj][]) {
        const where = `${m.toUpperCase()} ${p}`;
        assert.equal(typeof op.operationId, 'string', where);
        assert.ok(!ids.has(op.operationId as string), `duplicate operationId ${String(op.operationId)}`);
        ids.add(op.operationId as string);
        const responses = op.responses as Obj;
        assert.ok(responses && Object.keys(responses).length > 0, `${where} has responses`);
        for (const [code, r] of Object.entries(responses)) {
          assert.match(code, /^([1-5]\d\d|[1-5]XX|default)$/, where);
          assert.equal(typeof (r as Obj).description, 'string', `${where} ${code} has a description`);
        }
        const declared = ((op.parameters ?? []) as Obj[]).filter((x) => x.in === 'path').map((x) => x.name);
        const inPath = [...p.matchAll(/\{(\w+)\}/g)].map((x) => x[1]);
        assert.deepEqual(declared.sort(), inPath.sort(), `${where} declares its path parameters`);
        for (const req of (op.security ?? []) as Obj[]) for (const scheme of Object.keys(req)) assert.ok(doc.components.securitySchemes[scheme], `${where}: scheme ${scheme}`);
      }
    }
  });

  it('resolves every $ref', () => {
    let refs = 0;
    for (const [pointer, node] of walk(doc)) {
      if (pointer.endsWith('/$ref')) {
        refs++;
        assert.ok(resolve(doc, String(node)) !== undefined, `${pointer} → ${String(node)} resolves`);
      }
    }
    assert.ok(refs > 10);
  });

  it('documents the public, directory, staff-account and staff-item endpoints, errors as problem JSON', () => {
    for (const p of ['/api/v1/agencies', '/api/v1/agencies/{slug}', '/api/v1/staff', '/api/v1/staff/{id}', '/api/v1/items', '/api/v1/items/{id}', '/api/v1/staff/items', '/api/v1/staff/items/{id}', '/api/v1/staff/items/{id}/submit', '/api/v1/staff/items/{id}/withdraw', '/api/v1/staff/items/import']) {
      assert.ok(doc.paths[p], p);
    }
    assert.deepEqual(doc.components.securitySchemes.bearerAuth, { type: 'http', scheme: 'bearer', description: (doc.components.securitySchemes.bearerAuth as Obj).description });
    const notFound = ((doc.paths['/api/v1/items/{id}']!.get as Obj).responses as Obj)['404'] as Obj;
    assert.ok((notFound.content as Obj)['application/problem+json']);
    for (const p of ['/api/v1/staff/items', '/api/v1/staff/items/import']) assert.deepEqual((doc.paths[p]!.post as Obj).security, [{ bearerAuth: [] }]);
  });
});
