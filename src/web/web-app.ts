import type { NextFunction, Request, Response } from 'express';
import { existsSync, statSync } from 'node:fs';
import { join, resolve, sep } from 'node:path';

/** Paths the web UI never answers: the API and operations endpoints keep their own 404s. */
const SERVER_PATHS = /^\/(api|health|metrics|admin)(\/|$)/;

/** Vite puts content-hashed bundles here: a changed file gets a new name, so they never go stale. */
const HASHED_ASSETS = 'assets/';

const IMMUTABLE = 'public, max-age=31536000, immutable';
const REVALIDATE = 'no-cache';

/** The built file a request names, or undefined (outside the build, hidden, or not a file). */
function builtFile(root: string, name: string): string | undefined {
  if (name === '' || name.split('/').some((part) => part.startsWith('.'))) return undefined;
  const path = resolve(root, name);
  if (!path.startsWith(root + sep)) return undefined;
  try {
    return statSync(path).isFile() ? path : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Serves the built single-page app: its files as they are, and index.html for any other page
 * address so the client router can render it. GET and HEAD only; everything else, and every
 * API or operations path, goes on to Nest.
 */
export function webAppHandler(distDir: string) {
  const root = resolve(distDir);
  const handler = (req: Request, res: Response, next: NextFunction): void => {
    // originalUrl, not path: Nest mounts middleware on a route, which makes req.path relative.
    const path = req.originalUrl.split('?', 1)[0]!;
    if ((req.method !== 'GET' && req.method !== 'HEAD') || SERVER_PATHS.test(path)) {
      next();
      return;
    }
    let name: string;
    try {
      name = decodeURIComponent(path).replace(/^\/+/, '');
    } catch {
      next();
      return;
    }
    const file = builtFile(root, name);
    const lastSegment = name.split('/').pop() ?? '';
    // A missing file (an old bundle, a typo) is a real 404, not the app shell.
    const target = file ?? (lastSegment.includes('.') ? undefined : builtFile(root, 'index.html'));
    if (!target) {
      next();
      return;
    }
    const cache = file && name.startsWith(HASHED_ASSETS) ? IMMUTABLE : REVALIDATE;
    res.sendFile(target, { headers: { 'Cache-Control': cache } }, (err) => {
      if (err && !res.headersSent) next(err);
    });
  };
  return { handler, built: existsSync(join(root, 'index.html')) };
}
