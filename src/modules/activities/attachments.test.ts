import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestCrm, type TestUser, createTestCrm } from '../../../test/harness.js';

/**
 * Attachments: the upload (type from the bytes, size, hash, limits, refusals that leave no file behind), the
 * download (read check, headers that keep a disguised page from running) and their place on the timeline.
 */

const MAX_BYTES = 64 * 1024;
let crm: TestCrm;
let ann: TestUser;
let ben: TestUser;
let customerId: string;

// The smallest valid PNG: a 1×1 transparent pixel.
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
  'base64',
);

async function upload(
  user: TestUser,
  file: { bytes: Buffer; name: string; type?: string } | null,
  fields: Record<string, string> = { customerId },
) {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) form.append(name, value);
  if (file)
    form.append(
      'file',
      new Blob([new Uint8Array(file.bytes)], { type: file.type ?? 'application/octet-stream' }),
      file.name,
    );
  const request = new Request('http://localhost/', { method: 'POST', body: form });
  return crm.server.app.inject({
    method: 'POST',
    url: '/api/v1/attachments',
    headers: {
      authorization: `Bearer ${user.key}`,
      'content-type': request.headers.get('content-type') as string,
    },
    payload: Buffer.from(await request.arrayBuffer()),
  });
}

/** Every file in the store, partial ones included. */
function storedFiles(): string[] {
  const root = path.join(crm.dataDir, 'attachments');
  return fs.existsSync(root)
    ? (fs.readdirSync(root, { recursive: true }) as string[]).filter((f) => f.includes('-'))
    : [];
}

beforeAll(async () => {
  crm = await createTestCrm({ config: { attachmentMaxBytes: MAX_BYTES } });
  ann = await crm.createUser('Sales Representative', 'Ann Attach');
  ben = await crm.createUser('Sales Representative', 'Ben Attach');
  const response = await crm.as(ann).post('/api/v1/customers', { name: 'Anhang Werke GmbH' });
  customerId = response.json().data.id;
});
afterAll(() => crm?.close());

describe('attachments', () => {
  it('stores a file with the type its bytes show, whatever the name and declared type say', async () => {
    const response = await upload(ann, { bytes: PNG, name: 'invoice.html', type: 'text/html' });
    expect(response.statusCode, response.body).toBe(201);
    const attachment = response.json().data;
    expect(attachment).toMatchObject({
      fileName: 'invoice.html',
      contentType: 'image/png',
      sizeBytes: PNG.length,
      sha256: createHash('sha256').update(PNG).digest('hex'),
      customerId,
      ownerId: ann.id,
    });
    expect(attachment).not.toHaveProperty('storageKey');

    const download = await crm.as(ann).get(`/api/v1/attachments/${attachment.id}/content`);
    expect(download.statusCode).toBe(200);
    expect(download.rawPayload.equals(PNG)).toBe(true);
    expect(download.headers).toMatchObject({
      'content-type': 'image/png',
      'content-disposition': `attachment; filename="invoice.html"; filename*=UTF-8''invoice.html`,
      'x-content-type-options': 'nosniff',
    });
    expect(download.headers['content-security-policy']).toContain('sandbox');
    const inline = await crm.as(ann).get(`/api/v1/attachments/${attachment.id}/content?inline=true`);
    expect(inline.headers['content-disposition']).toMatch(/^inline; /);
  });

  it('serves a page disguised as a picture as text, and always as a download', async () => {
    const page = Buffer.from('<html><script>alert(document.cookie)</script></html>');
    const response = await upload(ann, { bytes: page, name: 'Grüße.png', type: 'image/png' });
    expect(response.statusCode, response.body).toBe(201);
    const { id, contentType, fileName } = response.json().data;
    expect({ contentType, fileName }).toEqual({ contentType: 'text/plain', fileName: 'Grüße.png' });
    const download = await crm.as(ann).get(`/api/v1/attachments/${id}/content?inline=true`);
    expect(download.headers['content-type']).toBe('text/plain');
    expect(download.headers['content-disposition']).toBe(
      `attachment; filename="Gr__e.png"; filename*=UTF-8''Gr%C3%BC%C3%9Fe.png`,
    );
    const binary = await upload(ann, { bytes: Buffer.from([0, 1, 2, 255, 254]), name: 'blob.bin' });
    expect(binary.json().data.contentType).toBe('application/octet-stream');
  });

  it('refuses a file over the limit, one on no record, and a form without a file, leaving no bytes behind', async () => {
    const before = storedFiles().length;
    const large = await upload(ann, { bytes: Buffer.alloc(MAX_BYTES + 1, 'a'), name: 'large.txt' });
    expect(large.statusCode, large.body).toBe(413);
    expect(large.json()).toMatchObject({ type: expect.stringMatching(/payload-too-large$/) });
    expect(large.json().errors[0]).toMatchObject({ field: 'file' });

    const nowhere = await upload(ann, { bytes: PNG, name: 'pixel.png' }, {});
    expect(nowhere.statusCode, nowhere.body).toBe(422);
    expect(nowhere.json().errors[0]).toMatchObject({ field: 'leadId' });

    const empty = await upload(ann, null);
    expect(empty.statusCode, empty.body).toBe(400);
    expect(empty.json().errors[0]).toMatchObject({ field: 'file' });

    const unknown = await upload(ann, { bytes: PNG, name: 'pixel.png' }, { customerId, ownerId: ben.id });
    expect(unknown.statusCode, unknown.body).toBe(400);

    const json = await crm.as(ann).post('/api/v1/attachments', { customerId, fileName: 'x' });
    expect(json.statusCode, json.body).toBe(400);
    expect(storedFiles()).toHaveLength(before);
  });

  it('is read, downloaded and listed on the timeline only by those who may see its record', async () => {
    const response = await upload(ann, { bytes: PNG, name: 'plan.png' });
    const { id } = response.json().data;
    expect((await crm.as(ben).get(`/api/v1/attachments/${id}`)).statusCode).toBe(404);
    expect((await crm.as(ben).get(`/api/v1/attachments/${id}/content`)).statusCode).toBe(404);
    const timeline = await crm.as(ann).get(`/api/v1/customers/${customerId}/timeline?types=attachment`);
    expect(timeline.statusCode, timeline.body).toBe(200);
    const items = timeline.json().data as Array<{
      type: string;
      recordId: string;
      record: { fileName: string };
    }>;
    expect(items[0]).toMatchObject({ type: 'attachment', recordId: id, record: { fileName: 'plan.png' } });

    // In the trash it is not served; restored, it is again, from the same bytes.
    expect((await crm.as(ann).delete(`/api/v1/attachments/${id}`)).statusCode).toBe(200);
    expect((await crm.as(ann).get(`/api/v1/attachments/${id}/content`)).statusCode).toBe(404);
    expect((await crm.as(ann).post(`/api/v1/attachments/${id}/restore`)).statusCode).toBe(200);
    expect((await crm.as(ann).get(`/api/v1/attachments/${id}/content`)).rawPayload.equals(PNG)).toBe(true);
  });
});
