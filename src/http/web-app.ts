/**
 * Serves the built web app (dist/web, made by `npm run build:web`) from the API's own server: same origin, so the
 * session cookie and the CSRF rule need nothing more. Hashed assets are cached for good; index.html is revalidated
 * so a new release is picked up at the next navigation. Every other GET outside /api that no route matches
 * answers index.html and the app's router takes over (deep links such as /settings/users work on reload).
 */
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Where the build lands: `CRM_WEB_DIR`, else dist/web seen from the sources (tsx) or from the compiled server. */
export function findWebDir(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const candidates = env.CRM_WEB_DIR
    ? [path.resolve(env.CRM_WEB_DIR)]
    : [
        fileURLToPath(new URL('../../dist/web', import.meta.url)), // src/http → dist/web
        fileURLToPath(new URL('../../web', import.meta.url)), // dist/src/http → dist/web
      ];
  return candidates.find((dir) => fs.existsSync(path.join(dir, 'index.html')));
}

const NOT_BUILT = `<!doctype html><meta charset="utf-8"><title>Open CRM</title>
<p>The web app has not been built. Run <code>npm run build:web</code> (or <code>npm start</code>, which builds
everything) and reload. The API is at <a href="/api/docs">/api/docs</a>.</p>`;

function isApiPath(pathname: string): boolean {
  return pathname === '/api' || pathname.startsWith('/api/');
}

export async function serveWebApp(app: FastifyInstance, webDir: string | undefined): Promise<void> {
  if (!webDir) {
    app.log.warn('dist/web is missing: run "npm run build:web" to serve the web app at /');
    app.get('/', { schema: { hide: true } }, (_request, reply) =>
      reply.code(503).type('text/html').send(NOT_BUILT),
    );
    return;
  }
  await app.register(fastifyStatic, {
    root: webDir,
    // One route per file found now (a release is a restart), so unknown paths reach the fallback below.
    wildcard: false,
    // The .br/.gz twins written at build time are sent instead of the file when the browser accepts them.
    preCompressed: true,
    globIgnore: ['**/*.br', '**/*.gz'],
    // Cache-Control is ours (setHeaders): send's default `max-age=0` would otherwise replace it.
    cacheControl: false,
    setHeaders: (response, filePath) => {
      const immutable = filePath.includes(`${path.sep}assets${path.sep}`);
      response.setHeader('cache-control', immutable ? 'public, max-age=31536000, immutable' : 'no-cache');
    },
  });
  // The fallback answers requests no route matched (`is404`) from a hook rather than from a `/*` route: a wildcard
  // route would also catch API paths that routing refuses (an over-long id answers 400), and the not-found
  // handler belongs to the error handling. API paths, assets and anything with a file extension keep the 404
  // problem: a missing chunk must not come back as HTML the browser would try to run as a script.
  app.addHook('onRequest', async (request, reply) => {
    if (!request.is404 || (request.method !== 'GET' && request.method !== 'HEAD')) return;
    const pathname = request.url.split('?')[0] ?? '/';
    if (isApiPath(pathname) || pathname.startsWith('/assets/') || path.posix.extname(pathname) !== '') return;
    return reply.header('cache-control', 'no-cache').sendFile('index.html');
  });
}
