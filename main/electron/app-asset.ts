/**
 * Maps a renderer URL (app://tokendesk/assets/x.js, or the harness's path) to a file inside the
 * built renderer folder. Anything that would leave that folder, or an unknown file type, is refused.
 */
import { extname, resolve, sep } from 'node:path';

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
};

export function resolveAppAsset(rootDir: string, pathname: string): { file: string; mime: string } | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return null;
  }
  if (decoded.includes('\0')) return null;
  const relative = decoded === '/' || decoded === '' ? 'index.html' : decoded.replace(/^\/+/, '');
  const root = resolve(rootDir);
  const file = resolve(root, relative);
  if (!file.startsWith(root + sep)) return null;
  const mime = MIME[extname(file).toLowerCase()];
  return mime ? { file, mime } : null;
}
