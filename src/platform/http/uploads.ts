/**
 * File uploads (multipart/form-data): the form's fields and files read whole into memory, within
 * limits, with a Chinese message instead of a 413/500 when a limit is passed. Urlencoded forms
 * elsewhere are untouched: fields are never attached to the body globally.
 */
import multipart from '@fastify/multipart';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { DomainError, ValidationFailed } from '../errors.js';
import { safeFileName } from '../files/sniff.js';

/** One uploaded file, its name made safe (see safeFileName). */
export interface UploadedFile {
  field: string;
  fileName: string;
  buffer: Buffer;
}

/** A parsed multipart form: the first value of each field, and the non-empty file inputs. */
export interface MultipartForm {
  fields: Record<string, string>;
  files: UploadedFile[];
}

/** Limits of one upload request. */
export interface UploadLimits {
  maxFileBytes: number;
  maxFiles: number;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** The limits set by registerUploads. */
    uploadLimits: UploadLimits;
  }
  interface FastifyContextConfig {
    /** Parse this route's multipart body before the CSRF check, so a hidden `_csrf` field counts. */
    multipart?: boolean;
  }
}

const MAX_FIELD_BYTES = 1_048_576;
/** Forms read early (routes with `config: { multipart: true }`): the result, or the error to throw in the handler. */
const early = new WeakMap<FastifyRequest, MultipartForm | DomainError>();
/** Fields read before a failure, so the CSRF check can still see the form's token. */
const partialFields = new WeakMap<DomainError, Record<string, string>>();

/**
 * Registers @fastify/multipart with the limits, and reads the body of routes marked
 * `config: { multipart: true }` in preValidation (fields also go to `req.body` for the CSRF check).
 */
export async function registerUploads(app: FastifyInstance, opts: { maxFileBytes: number; maxFiles?: number }): Promise<void> {
  const limits: UploadLimits = { maxFileBytes: opts.maxFileBytes, maxFiles: opts.maxFiles ?? 10 };
  app.decorate('uploadLimits', limits);
  await app.register(multipart, {
    // Oversized files are truncated and reported by readMultipart, not thrown mid-stream.
    throwFileSizeLimit: false,
    limits: { fileSize: limits.maxFileBytes, files: limits.maxFiles, fields: 200, parts: 300, fieldSize: MAX_FIELD_BYTES },
  });
  app.addHook('preValidation', async (req) => {
    if (req.routeOptions.config.multipart !== true || !req.isMultipart()) return;
    let form: MultipartForm | DomainError;
    try {
      form = await collect(req, limits);
    } catch (err) {
      if (!(err instanceof DomainError)) throw err;
      form = err;
    }
    early.set(req, form);
    req.body = form instanceof DomainError ? partialFields.get(form) ?? {} : form.fields;
  });
}

/** Reads the whole form (or returns what preValidation read); throws ValidationFailed for an oversized file or a broken form. */
export async function readMultipart(req: FastifyRequest): Promise<MultipartForm> {
  const done = early.get(req);
  if (done instanceof DomainError) throw done;
  if (done) return done;
  if (!req.isMultipart()) return { fields: plainFields(req.body), files: [] };
  return collect(req, req.server.uploadLimits);
}

function plainFields(body: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (body && typeof body === 'object') {
    for (const [k, v] of Object.entries(body as Record<string, unknown>)) {
      if (typeof v === 'string') out[k] = v;
    }
  }
  return out;
}

async function collect(req: FastifyRequest, limits: UploadLimits): Promise<MultipartForm> {
  const fields: Record<string, string> = {};
  const files: UploadedFile[] = [];
  let tooLarge: string | undefined;
  let failure: DomainError | undefined;
  try {
    for await (const part of req.parts()) {
      if (part.type === 'field') {
        if (part.valueTruncated) failure ??= new ValidationFailed({ [part.fieldname]: '填写的内容过长。' });
        if (typeof part.value === 'string' && !(part.fieldname in fields)) fields[part.fieldname] = part.value;
        continue;
      }
      const chunks: Buffer[] = [];
      for await (const chunk of part.file) chunks.push(chunk as Buffer);
      // A file input left empty still sends a part, with filename "" and no content.
      if (part.filename === '') continue;
      const fileName = safeFileName(part.filename);
      if (part.file.truncated) tooLarge ??= fileName;
      else files.push({ field: part.fieldname, fileName, buffer: Buffer.concat(chunks) });
    }
  } catch (err) {
    failure ??= formError(err, limits);
  }
  if (tooLarge !== undefined) {
    const limit = formatSize(limits.maxFileBytes);
    failure = new ValidationFailed({ file: `文件“${tooLarge}”超过 ${limit} 的大小限制。` }, `文件“${tooLarge}”超过 ${limit} 的大小限制，请压缩或拆分后重新上传。`);
  }
  if (failure) {
    partialFields.set(failure, fields);
    throw failure;
  }
  return { fields, files };
}

/** "20 MB", "1.5 MB" or, below a megabyte, "500 KB". */
function formatSize(bytes: number): string {
  return bytes >= 1_048_576 ? `${Math.round((bytes / 1_048_576) * 10) / 10} MB` : `${Math.max(1, Math.round(bytes / 1024))} KB`;
}

/** The Chinese message for a parser failure: a limit passed, or a broken or interrupted body. */
function formError(err: unknown, limits: UploadLimits): DomainError {
  const code = (err as { code?: unknown }).code;
  switch (code) {
    case 'FST_FILES_LIMIT':
      return new ValidationFailed({ file: `一次最多上传 ${limits.maxFiles} 个文件。` });
    case 'FST_FIELDS_LIMIT':
    case 'FST_PARTS_LIMIT':
      return new ValidationFailed({}, '提交的表单项过多。');
    default:
      return new ValidationFailed({ file: '上传未完成或内容已损坏，请重新上传。' }, '上传未完成或内容已损坏，请重新上传。');
  }
}
