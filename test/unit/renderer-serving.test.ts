import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { resolveAppAsset } from '../../main/electron/app-asset';
import { concealedClipboardMarkers, markerBytes } from '../../main/electron/clipboard-formats';
import { contentSecurityPolicy, rendererSecurityHeaders } from '../../main/electron/csp';
import { isTrustedSender } from '../../main/electron/ipc-sender';

describe('content security policy', () => {
  it('is strict: no inline script or style, no network from the renderer, nothing framed', () => {
    const csp = contentSecurityPolicy();
    for (const directive of [
      "default-src 'none'",
      "script-src 'self'",
      "style-src 'self'",
      "connect-src 'none'",
      "object-src 'none'",
      "base-uri 'none'",
      "frame-ancestors 'none'",
    ]) {
      expect(csp).toContain(directive);
    }
    expect(csp).not.toMatch(/unsafe-|data:|\*/);
    expect(rendererSecurityHeaders()).toMatchObject({ 'x-content-type-options': 'nosniff' });
  });

  it('index.html carries the same policy as a meta fallback (frame-ancestors is header-only)', () => {
    const meta = /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(readFileSync('renderer/index.html', 'utf8'))?.[1];
    expect(meta).toBe(contentSecurityPolicy().replace("; frame-ancestors 'none'", ''));
  });
});

describe('resolveAppAsset', () => {
  it('maps URLs inside the renderer folder', () => {
    expect(resolveAppAsset('/r', '/')).toEqual({ file: '/r/index.html', mime: 'text/html; charset=utf-8' });
    expect(resolveAppAsset('/r', '/assets/index-1.js')).toEqual({ file: '/r/assets/index-1.js', mime: 'text/javascript; charset=utf-8' });
  });
  it.each(['/../secret.js', '/assets/../../etc/passwd.json', '/%2e%2e/x.js', '/a%00.js', '/%E0%A4%A', '/file.exe'])('refuses %s', (path) => {
    expect(resolveAppAsset('/r', path)).toBeNull();
  });
});

describe('isTrustedSender', () => {
  const ok = { frameUrl: 'app://tokendesk/index.html', isMainFrame: true, isOurWindow: true };
  it('trusts our page in our main frame only', () => {
    expect(isTrustedSender(ok)).toBe(true);
    expect(isTrustedSender({ ...ok, isMainFrame: false })).toBe(false);
    expect(isTrustedSender({ ...ok, isOurWindow: false })).toBe(false);
    expect(isTrustedSender({ ...ok, frameUrl: 'app://tokendesk.evil/index.html' })).toBe(false);
    expect(isTrustedSender({ ...ok, frameUrl: 'file:///index.html' })).toBe(false);
    expect(isTrustedSender({ ...ok, frameUrl: undefined })).toBe(false);
  });
});

describe('concealed clipboard markers', () => {
  it("uses each OS native format (the markers password managers set: KDE's hint, macOS's concealed type, Windows' exclusion formats)", () => {
    expect(concealedClipboardMarkers('linux')).toEqual([
      { format: 'electron application/osclipboard;format="x-kde-passwordManagerHint"', value: { kind: 'text', text: 'secret' } },
    ]);
    expect(concealedClipboardMarkers('darwin').map((m) => m.format)).toEqual(['electron application/osclipboard;format="org.nspasteboard.ConcealedType"']);
    expect(concealedClipboardMarkers('win32').map((m) => m.format)).toEqual([
      'electron application/osclipboard;format="ExcludeClipboardContentFromMonitorProcessing"',
      'electron application/osclipboard;format="CanIncludeInClipboardHistory"',
      'electron application/osclipboard;format="CanUploadToCloudClipboard"',
    ]);
  });
  it('encodes a Windows DWORD 0 as four zero bytes and the KDE hint as text', () => {
    expect([...markerBytes({ kind: 'dword', value: 0 })]).toEqual([0, 0, 0, 0]);
    expect(new TextDecoder().decode(markerBytes({ kind: 'text', text: 'secret' }))).toBe('secret');
  });
});
