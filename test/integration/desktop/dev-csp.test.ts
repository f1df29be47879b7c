/**
 * The CSP in development (`npm run dev`) and in production.
 *
 * Production: the strict policy is unchanged, in csp.ts and in the built page electron-builder packs.
 * Development: electron.vite.config.ts's renderer config is served by a real Vite dev server (what
 * electron-vite dev runs for the renderer) and opened in Chromium: the page gets a policy relaxed for
 * that server's origin only, Vite's live-reload socket connects, and nothing is blocked.
 */
import { readFileSync } from 'node:fs';
import { chromium, type Browser } from '@playwright/test';
import { createServer, type InlineConfig, type ViteDevServer } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import config, { devServerCsp } from '../../../electron.vite.config';
import { contentSecurityPolicy, metaPolicy, withMetaPolicy } from '../../../main/electron/csp';
import { CHROMIUM_ARGS, CHROMIUM_HEADLESS_PATH } from '../../support/chromium';

const PRODUCTION =
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; font-src 'self'; connect-src 'none'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
const metaOf = (html: string) => /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(html)?.[1];

describe('production CSP', () => {
  it('is exactly the strict policy, whatever a dev server might need', () => {
    expect(contentSecurityPolicy()).toBe(PRODUCTION);
    expect(contentSecurityPolicy({ devServer: undefined })).toBe(PRODUCTION);
  });

  it('the built page (what electron-builder packs) carries it: the dev plugin does not run on build', () => {
    expect(devServerCsp().apply).toBe('serve');
    expect(metaOf(readFileSync('out/renderer/index.html', 'utf8'))).toBe(metaPolicy(PRODUCTION));
  });
});

describe('development CSP', () => {
  it('relaxes only styles (Vite injects them) and connections to the dev server itself', () => {
    const dev = contentSecurityPolicy({ devServer: 'http://localhost:5173/' });
    expect(dev).toBe(
      PRODUCTION.replace("style-src 'self'", "style-src 'self' 'unsafe-inline'").replace("connect-src 'none'", "connect-src 'self' ws://localhost:5173"),
    );
    expect(dev).not.toMatch(/script-src[^;]*unsafe|\*|data:|https?:/);
    expect(withMetaPolicy(readFileSync('renderer/index.html', 'utf8'), dev)).toContain(`content="${metaPolicy(dev)}"`);
  });

  describe('served by a real Vite dev server, in Chromium', () => {
    let server: ViteDevServer;
    let browser: Browser;
    let url: string;

    beforeAll(async () => {
      const renderer = (config as { renderer: InlineConfig }).renderer;
      server = await createServer({ ...renderer, configFile: false, logLevel: 'silent', server: { host: '127.0.0.1', port: 0, strictPort: false } });
      await server.listen();
      url = server.resolvedUrls!.local[0]!;
      browser = await chromium.launch({ executablePath: CHROMIUM_HEADLESS_PATH, args: CHROMIUM_ARGS });
    }, 60_000);

    afterAll(async () => {
      await browser?.close();
      await server?.close();
    });

    it('the page gets the dev policy for this server, the live-reload socket connects, nothing is blocked', async () => {
      const html = await (await fetch(url)).text();
      expect(metaOf(html)).toBe(metaPolicy(contentSecurityPolicy({ devServer: url })));
      const page = await browser.newPage();
      const violations: string[] = [];
      await page.exposeFunction('reportViolation', (v: string) => violations.push(v));
      await page.addInitScript(() => {
        document.addEventListener('securitypolicyviolation', (e) =>
          (window as unknown as { reportViolation(v: string): void }).reportViolation(`${e.violatedDirective} ${e.blockedURI}`),
        );
      });
      const connected = page.waitForEvent('console', { predicate: (m) => m.text().includes('[vite] connected'), timeout: 30_000 });
      await page.goto(url);
      await connected;
      // The styles Vite injects as <style> elements are in the page (and no violation was reported for them).
      await page.waitForFunction(() => document.querySelectorAll('style[data-vite-dev-id]').length > 0);
      expect(violations).toEqual([]);
      await page.close();
    }, 60_000);
  });
});
