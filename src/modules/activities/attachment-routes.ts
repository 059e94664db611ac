import multipart from '@fastify/multipart';
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { BadRequest, NotFound, PayloadTooLarge, fieldError } from '../../core/errors.js';
import type { Records } from '../../core/records.js';
import { requireActor } from '../../http/auth.js';
import { idParams, problemResponses } from '../../http/openapi.js';
import { oneRecord, registerRecordRoutes } from '../../http/record-routes.js';
import { REGARDING, attachmentEntity } from './entities.js';
import { FileStore, FileTooLarge, type StoredFile } from './file-store.js';

/**
 * Attachments: upload as multipart/form-data (one `file` part, the record it is on as `customerId`, `leadId` …),
 * download through the record engine's read check, everything else (list, rename, delete, restore) through the
 * generic record routes. Downloads are served as attachments, never rendered by the browser inside the CRM's
 * origin, except images and PDFs asked for inline; `nosniff` and a sandbox keep a disguised page from running.
 */

const tags = ['Activities'];
const base = `/api/v1/${attachmentEntity.path}`;
const INLINE_TYPES = new Set(['image/png', 'image/jpeg', 'image/gif', 'image/webp', 'application/pdf']);
const FORM_FIELDS = new Set(['fileName', ...REGARDING.map(({ field }) => field)]);

/** Content-Disposition with a plain fallback name and the real one in RFC 5987 encoding. */
function disposition(kind: 'inline' | 'attachment', fileName: string): string {
  const fallback = fileName.replace(/[^\x20-\x7e]|["\\]/g, '_');
  return `${kind}; filename="${fallback}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}

export function registerAttachmentRoutes(
  app: FastifyInstance,
  records: Records,
  options: { dataDir: string; maxBytes: number },
): void {
  const store = new FileStore(options.dataDir);
  registerRecordRoutes(app, records, attachmentEntity, ['create', 'bulk']);

  // Multipart only here: every other route keeps accepting JSON alone.
  void app.register(async (scope) => {
    await scope.register(multipart, {
      limits: { fileSize: options.maxBytes, files: 1, fields: FORM_FIELDS.size, fieldSize: 1000 },
    });

    scope.post(base, {
      schema: {
        tags,
        operationId: 'uploadAttachment',
        summary: 'Attach a file to a record',
        description:
          'multipart/form-data with one `file` part and the record it is on (`leadId`, `customerId`, `contactId`, ' +
          '`prospectId`, `opportunityId`, `quotationId` or `salesOrderId`; the customer follows as for notes); ' +
          '`fileName` overrides the name the file was sent with. The type is detected from the bytes. Larger ' +
          'files than the server allows (CRM_ATTACHMENT_MAX_MB, default 25) are refused with 413.',
        consumes: ['multipart/form-data'],
        response: { 201: oneRecord(attachmentEntity), ...problemResponses(400, 401, 403, 404, 413, 422) },
      },
      handler: async (request, reply) => {
        const actor = requireActor(request);
        if (!request.isMultipart()) {
          throw new BadRequest('Send the file as multipart/form-data.', [
            fieldError('file', 'send a multipart/form-data body with the file', 'required'),
          ]);
        }
        const fields: Record<string, string> = {};
        let stored: StoredFile | undefined;
        let sentName = '';
        try {
          for await (const part of request.parts()) {
            if (part.type === 'field') {
              if (!FORM_FIELDS.has(part.fieldname)) {
                throw new BadRequest(`Unknown form field ${part.fieldname}.`, [
                  fieldError(part.fieldname, 'is not a field of an attachment', 'unknown'),
                ]);
              }
              fields[part.fieldname] = String(part.value);
            } else if (part.fieldname !== 'file') {
              throw new BadRequest('The file goes in a part named "file".', [
                fieldError(part.fieldname, 'send the file as "file"', 'unknown'),
              ]);
            } else {
              sentName = part.filename;
              stored = await store.save(part.file, options.maxBytes);
            }
          }
          if (!stored)
            throw new BadRequest('No file was sent.', [fieldError('file', 'is required', 'required')]);
          const record = await records.create(
            actor,
            attachmentEntity,
            { ...fields, fileName: (fields.fileName ?? sentName).trim() || 'file' },
            {
              system: {
                content_type: stored.contentType,
                size_bytes: stored.sizeBytes,
                sha256: stored.sha256,
                storage_key: stored.storageKey,
              },
            },
          );
          return reply.code(201).send({ data: record });
        } catch (error) {
          // Nothing refers to the bytes of an upload that did not become a record.
          if (stored) await store.remove(stored.storageKey);
          if (
            error instanceof FileTooLarge ||
            (error as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE'
          ) {
            throw new PayloadTooLarge(`The file is larger than ${options.maxBytes / 1024 / 1024} MB.`, [
              fieldError('file', `must be at most ${options.maxBytes} bytes`, 'maxSize'),
            ]);
          }
          throw error;
        }
      },
    });
  });

  app.get(`${base}/:id/content`, {
    schema: {
      tags,
      operationId: 'downloadAttachment',
      summary: 'The attached file',
      description:
        'To whoever may read the attachment (as for the record it is on). `inline=true` shows images and PDFs ' +
        'in the browser; everything else is always a download.',
      params: idParams,
      querystring: {
        type: 'object',
        properties: { inline: { type: 'boolean', default: false } },
        additionalProperties: false,
      },
      response: {
        200: {
          description: 'The bytes, with the detected type',
          content: { 'application/octet-stream': { schema: { type: 'string', format: 'binary' } } },
        },
        ...problemResponses(400, 401, 403, 404),
      },
    },
    handler: async (request, reply) => {
      const actor = requireActor(request);
      const { id } = request.params as { id: string };
      const { inline } = request.query as { inline: boolean };
      // The read check is the record engine's: an attachment on a record the reader may not see is a 404.
      const attachment = await records.get(actor, attachmentEntity, id);
      const { rows } = await sql<{ storage_key: string }>`SELECT storage_key FROM attachments
        WHERE id = ${id}`.execute(records.db);
      const stream = rows[0] && store.open(rows[0].storage_key);
      if (!stream) {
        request.log.error({ attachment: id }, 'attachment file missing from the file store');
        throw new NotFound('The file of this attachment is missing on the server.');
      }
      const contentType = String(attachment.contentType);
      const kind = inline && INLINE_TYPES.has(contentType) ? 'inline' : 'attachment';
      return reply
        .header('content-type', contentType)
        .header('content-length', String(attachment.sizeBytes))
        .header('content-disposition', disposition(kind, String(attachment.fileName)))
        .header('x-content-type-options', 'nosniff')
        .header('content-security-policy', "default-src 'none'; img-src 'self'; sandbox")
        .header('cache-control', 'private, no-store')
        .send(stream);
    },
  });
}
