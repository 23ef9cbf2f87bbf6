import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import formbody from '@fastify/formbody';
import Fastify, { type FastifyInstance } from 'fastify';
import { DomainError } from '../errors.js';
import { readMultipart, registerUploads } from './uploads.js';

const BOUNDARY = '----GongkaiTestBoundary7MA4YWxkTrZu0gW';

type Part = { name: string; value: string } | { name: string; fileName: string; content: Buffer; type?: string };

/** A multipart/form-data body as a browser sends it (file names as raw UTF-8). */
function multipartBody(parts: Part[]): Buffer {
  const chunks: Buffer[] = [];
  for (const p of parts) {
    if ('value' in p) {
      chunks.push(Buffer.from(`--${BOUNDARY}\r\nContent-Disposition: form-data; name="${p.name}"\r\n\r\n${p.value}\r\n`));
    } else {
      chunks.push(Buffer.from(`--${BOUNDARY}\r\nContent-Disposition: form-data; name="${p.name}"; filename="${p.fileName}"\r\nContent-Type: ${p.type ?? 'application/octet-stream'}\r\n\r\n`));
      chunks.push(p.content, Buffer.from('\r\n'));
    }
  }
  chunks.push(Buffer.from(`--${BOUNDARY}--\r\n`));
  return Buffer.concat(chunks);
}

/** A tiny app like ours: urlencoded forms, uploads, domain errors as 4xx JSON, and a stand-in CSRF check reading req.body._csrf. */
async function buildApp(maxFileBytes = 1024): Promise<FastifyInstance> {
  const app = Fastify();
  await app.register(formbody);
  await registerUploads(app, { maxFileBytes, maxFiles: 3 });
  app.setErrorHandler((err, _req, reply) => {
    if (err instanceof DomainError) return reply.status(err.status).send({ code: err.code, message: err.message, fields: err.fields });
    return reply.status(500).send({ code: 'INTERNAL' });
  });
  app.addHook('preHandler', async (req, reply) => {
    if (req.url.startsWith('/csrf') && (req.body as Record<string, unknown> | undefined)?._csrf !== 'token') return reply.status(403).send({ code: 'CSRF_FAILED' });
  });
  const handler = async (req: Parameters<typeof readMultipart>[0]) => {
    const form = await readMultipart(req);
    return { fields: form.fields, files: form.files.map((f) => ({ field: f.field, fileName: f.fileName, size: f.buffer.length, text: f.buffer.toString('utf8') })) };
  };
  app.post('/upload', handler);
  app.post('/csrf-upload', { config: { multipart: true } }, handler);
  app.post('/form', async (req) => req.body);
  return app;
}

function post(app: FastifyInstance, url: string, parts: Part[]) {
  return app.inject({ method: 'POST', url, headers: { 'content-type': `multipart/form-data; boundary=${BOUNDARY}` }, payload: multipartBody(parts) });
}

describe('readMultipart', () => {
  it('reads fields and files, keeping a Chinese file name', async () => {
    const app = await buildApp();

    const res = await post(app, '/upload', [
      { name: 'title', value: '关于公开的申请' },
      { name: 'attachment', fileName: '政府信息公开申请表.pdf', content: Buffer.from('%PDF-1.7 内容'), type: 'application/pdf' },
    ]);

    assert.equal(res.statusCode, 200);
    assert.deepEqual(res.json(), {
      fields: { title: '关于公开的申请' },
      files: [{ field: 'attachment', fileName: '政府信息公开申请表.pdf', size: Buffer.byteLength('%PDF-1.7 内容'), text: '%PDF-1.7 内容' }],
    });
  });

  it('ignores a file input left empty', async () => {
    const app = await buildApp();

    const res = await post(app, '/upload', [
      { name: 'title', value: '无附件' },
      { name: 'attachment', fileName: '', content: Buffer.alloc(0) },
    ]);

    assert.equal(res.statusCode, 200);
    assert.deepEqual(res.json(), { fields: { title: '无附件' }, files: [] });
  });

  it('strips a path from the file name', async () => {
    const app = await buildApp();

    const res = await post(app, '/upload', [{ name: 'attachment', fileName: 'C:\\\\材料\\\\附件一.docx', content: Buffer.from('x') }]);

    assert.equal(res.json<{ files: { fileName: string }[] }>().files[0]?.fileName, '附件一.docx');
  });

  it('refuses an oversized file with a Chinese 400, keeping none of the files', async () => {
    const app = await buildApp(1024);

    const res = await post(app, '/upload', [
      { name: 'a', fileName: '小文件.pdf', content: Buffer.alloc(100, 1) },
      { name: 'b', fileName: '扫描件.pdf', content: Buffer.alloc(5000, 1) },
      { name: 'after', value: 'still read' },
    ]);

    assert.equal(res.statusCode, 400);
    assert.equal(res.json<{ fields: { file: string } }>().fields.file, '文件“扫描件.pdf”超过 1 KB 的大小限制。');
  });

  it('states the limit in MB, as set', async () => {
    const app = await buildApp(1.5 * 1_048_576);

    const res = await post(app, '/upload', [{ name: 'a', fileName: '大文件.pdf', content: Buffer.alloc(1.5 * 1_048_576 + 1, 1) }]);

    assert.equal(res.statusCode, 400);
    assert.equal(res.json<{ fields: { file: string } }>().fields.file, '文件“大文件.pdf”超过 1.5 MB 的大小限制。');
  });

  it('refuses too many files and a truncated body with a 400', async () => {
    const app = await buildApp();
    const four = [1, 2, 3, 4].map((i) => ({ name: 'f', fileName: `${i}.pdf`, content: Buffer.from('x') }));

    const tooMany = await post(app, '/upload', four);
    const truncated = await app.inject({
      method: 'POST',
      url: '/upload',
      headers: { 'content-type': `multipart/form-data; boundary=${BOUNDARY}` },
      payload: multipartBody([{ name: 'f', fileName: 'a.pdf', content: Buffer.alloc(200, 1) }]).subarray(0, 150),
    });

    assert.equal(tooMany.statusCode, 400);
    assert.match(tooMany.json<{ fields: { file: string } }>().fields.file, /一次最多上传 3 个文件/);
    assert.equal(truncated.statusCode, 400);
  });

  it('lets urlencoded forms through untouched, and reads them as fields without files', async () => {
    const app = await buildApp();

    const form = await app.inject({ method: 'POST', url: '/form', headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: 'a=1&b=%E4%B8%AD' });
    const asUpload = await app.inject({ method: 'POST', url: '/upload', headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: 'a=1' });

    assert.deepEqual(form.json(), { a: '1', b: '中' });
    assert.deepEqual(asUpload.json(), { fields: { a: '1' }, files: [] });
  });

  it('reads routes marked multipart before the CSRF check, so a hidden _csrf field counts', async () => {
    const app = await buildApp(1024);

    const ok = await post(app, '/csrf-upload', [{ name: '_csrf', value: 'token' }, { name: 'f', fileName: '附件.pdf', content: Buffer.from('abc') }]);
    const forged = await post(app, '/csrf-upload', [{ name: '_csrf', value: 'wrong' }, { name: 'f', fileName: '附件.pdf', content: Buffer.from('abc') }]);
    const tooLarge = await post(app, '/csrf-upload', [{ name: '_csrf', value: 'token' }, { name: 'f', fileName: '附件.pdf', content: Buffer.alloc(2000) }]);

    assert.equal(ok.statusCode, 200);
    assert.deepEqual(ok.json<{ files: { fileName: string }[] }>().files.map((f) => f.fileName), ['附件.pdf']);
    assert.equal(forged.statusCode, 403);
    assert.equal(tooLarge.statusCode, 400);
    assert.match(tooLarge.json<{ fields: { file: string } }>().fields.file, /超过/);
  });
});
