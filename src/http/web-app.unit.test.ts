import Fastify, { type FastifyInstance } from 'fastify';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { installErrorHandling, sendProblem } from './errors.js';
import { serveWebApp } from './web-app.js';

describe('serving the web app', () => {
  let dir: string;
  let app: FastifyInstance;
  const script = `console.log(${JSON.stringify('x'.repeat(2000))});`;

  beforeAll(async () => {
    // A stand-in for dist/web: index.html and one hashed asset with its gzip twin.
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'crm-web-'));
    fs.mkdirSync(path.join(dir, 'assets'));
    fs.writeFileSync(path.join(dir, 'index.html'), '<!doctype html><div id="root"></div>');
    fs.writeFileSync(path.join(dir, 'assets/index-abc123.js'), script);
    fs.writeFileSync(path.join(dir, 'assets/index-abc123.js.gz'), zlib.gzipSync(script));
    app = Fastify({
      logger: false,
      // As in createApp: what routing refuses (an over-long path parameter) is a 400 problem.
      frameworkErrors: (error, request, reply) =>
        sendProblem(reply, request, { status: 400, type: 'bad-request', detail: error.message }),
    });
    installErrorHandling(app);
    app.get('/api/health', async () => ({ status: 'ok' }));
    app.get('/api/v1/users/:id', async () => ({ data: {} }));
    await serveWebApp(app, dir);
  });

  afterAll(async () => {
    await app.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('answers index.html at / and at any app route, revalidated on every visit', async () => {
    for (const url of ['/', '/settings/users', '/leads?sort=-createdAt']) {
      const response = await app.inject({ url });
      expect(response.statusCode, url).toBe(200);
      expect(response.headers['content-type'], url).toMatch(/^text\/html/);
      expect(response.headers['cache-control'], url).toBe('no-cache');
      expect(response.body).toContain('<div id="root">');
    }
  });

  it('serves hashed assets for good, compressed when the browser accepts it', async () => {
    const plain = await app.inject({ url: '/assets/index-abc123.js' });
    expect(plain.statusCode).toBe(200);
    expect(plain.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(plain.body).toBe(script);
    const gzipped = await app.inject({
      url: '/assets/index-abc123.js',
      headers: { 'accept-encoding': 'gzip' },
    });
    expect(gzipped.headers['content-encoding']).toBe('gzip');
    expect(zlib.gunzipSync(gzipped.rawPayload).toString()).toBe(script);
  });

  it('keeps problem details for unknown API paths and missing files', async () => {
    for (const url of ['/api/v1/nothing-here', '/api', '/assets/old-chunk.js', '/favicon.ico']) {
      const response = await app.inject({ url });
      expect(response.statusCode, url).toBe(404);
      expect(response.headers['content-type'], url).toMatch(/^application\/problem\+json/);
      expect(response.json()).toMatchObject({ status: 404, type: 'https://open-crm.dev/problems/not-found' });
    }
    // Routes of the API still win over the fallback, and what routing refuses stays refused.
    expect((await app.inject({ url: '/api/health' })).json()).toEqual({ status: 'ok' });
    const tooLong = await app.inject({ url: `/api/v1/users/${'9'.repeat(101)}` });
    expect(tooLong.statusCode).toBe(400);
    expect(tooLong.headers['content-type']).toMatch(/^application\/problem\+json/);
    // Only reading falls back to the app; a POST to an unknown path is a 404.
    expect((await app.inject({ method: 'POST', url: '/settings/users' })).statusCode).toBe(404);
  });

  it('explains at / how to build the app when there is no build', async () => {
    const bare = Fastify({ logger: false });
    await serveWebApp(bare, undefined);
    const response = await bare.inject({ url: '/' });
    expect(response.statusCode).toBe(503);
    expect(response.body).toContain('npm run build:web');
    await bare.close();
  });
});
