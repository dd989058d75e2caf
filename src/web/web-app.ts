import type { NextFunction, Request, Response } from 'express';
import { existsSync, statSync } from 'node:fs';
import { extname, join, resolve, sep } from 'node:path';
import { acceptedCoding, type ContentCoding } from '../common/content-coding.js';

/** Paths the web UI never answers: the API and operations endpoints keep their own 404s. */
const SERVER_PATHS = /^\/(api|health|metrics|admin)(\/|$)/;

/** Vite puts content-hashed bundles here: a changed file gets a new name, so they never go stale. */
const HASHED_ASSETS = 'assets/';

const IMMUTABLE = 'public, max-age=31536000, immutable';
const REVALIDATE = 'no-cache';
/** The build's compressed forms of a file (web/precompress.ts), by the suffix it wrote. */
const SUFFIXES: Record<ContentCoding, string> = { br: '.br', gzip: '.gz' };

/** The built file a request names, or undefined (outside the build, hidden, or not a file). */
function builtFile(root: string, name: string): string | undefined {
  if (name === '' || name.split('/').some((part) => part.startsWith('.'))) return undefined;
  const path = resolve(root, name);
  if (!path.startsWith(root + sep)) return undefined;
  return isFile(path) ? path : undefined;
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/**
 * Serves the built single-page app: its files, in the compressed form the build made when the
 * client takes it, and index.html for any other page address so the client router can render it. GET and HEAD only; everything else, and every
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
    // The build compressed its text files once, at the highest levels: sending those bytes costs
    // a read, where compressing on the way out cost CPU and an encoder's memory per request.
    const forms = (Object.keys(SUFFIXES) as ContentCoding[]).filter((coding) =>
      isFile(target + SUFFIXES[coding]),
    );
    const coding = acceptedCoding(req, forms);
    if (forms.length > 0) res.vary('Accept-Encoding');
    if (coding !== 'identity') {
      // Type and coding of the file named; send keeps a Content-Type already set.
      res.type(extname(target));
      res.setHeader('Content-Encoding', coding);
    }
    const sent = coding === 'identity' ? target : target + SUFFIXES[coding];
    res.sendFile(sent, { headers: { 'Cache-Control': cache } }, (err) => {
      if (!err || res.headersSent) return;
      // The error's own answer is neither this file's type nor compressed.
      res.removeHeader('Content-Encoding');
      res.removeHeader('Content-Type');
      next(err);
    });
  };
  return { handler, built: existsSync(join(root, 'index.html')) };
}
