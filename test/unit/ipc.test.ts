/** The IPC registration refuses calls from anything but our window's main frame (checklist #17). */
import type { IpcMain, IpcMainInvokeEvent, WebContents } from 'electron';
import { describe, expect, it } from 'vitest';
import { registerIpc } from '../../main/electron/ipc';
import type { Handlers } from '../../main/ipc/handlers';
import { channels, type Result } from '../../preload/contract';

type Handle = (event: IpcMainInvokeEvent, raw: unknown) => Promise<Result<unknown>>;

function setup(devServerUrl?: string) {
  const registered = new Map<string, Handle>();
  const ipc = { handle: (channel: string, fn: Handle) => registered.set(channel, fn) } as unknown as Pick<IpcMain, 'handle'>;
  const calls: string[] = [];
  const handlers = Object.fromEntries(channels.map((c) => [c, async () => (calls.push(c), { ok: true, value: 'handled' })])) as unknown as Handlers;
  const mainFrame = { url: 'app://tokendesk/index.html' };
  const ours = { mainFrame } as unknown as WebContents;
  registerIpc(ipc, handlers, () => ours, devServerUrl);
  const event = (sender: unknown, senderFrame: unknown) => ({ sender, senderFrame }) as unknown as IpcMainInvokeEvent;
  return { registered, calls, ours, mainFrame, event };
}

describe('registerIpc', () => {
  it('registers exactly one handler per contract channel', () => {
    const { registered } = setup();
    expect([...registered.keys()].sort()).toEqual([...channels].sort());
  });

  it('answers our main frame', async () => {
    const { registered, calls, ours, mainFrame, event } = setup();
    expect(await registered.get('accounts:list')!(event(ours, mainFrame), undefined)).toEqual({ ok: true, value: 'handled' });
    expect(calls).toEqual(['accounts:list']);
  });

  it.each([
    ['an iframe of our window', (s: ReturnType<typeof setup>) => s.event(s.ours, { url: 'app://tokendesk/index.html' })],
    [
      'another window',
      (s: ReturnType<typeof setup>) => {
        const other = { url: 'app://tokendesk/index.html' };
        return s.event({ mainFrame: other }, other);
      },
    ],
    [
      'our window showing a foreign page',
      (s: ReturnType<typeof setup>) => {
        s.mainFrame.url = 'https://evil.example/';
        return s.event(s.ours, s.mainFrame);
      },
    ],
    ['a destroyed frame', (s: ReturnType<typeof setup>) => s.event(s.ours, null)],
  ])('refuses %s without calling the handler', async (_name, makeEvent) => {
    const s = setup();
    const result = await s.registered.get('accounts:remove')!(makeEvent(s), { id: 'x' });
    expect(result).toMatchObject({ ok: false, error: { code: 'forbidden-sender' } });
    expect(s.calls).toEqual([]);
  });

  it('accepts the Vite dev server only when one is configured', async () => {
    const dev = setup('http://localhost:5173');
    dev.mainFrame.url = 'http://localhost:5173/';
    expect(await dev.registered.get('app:info')!(dev.event(dev.ours, dev.mainFrame), undefined)).toMatchObject({ ok: true });
    const prod = setup();
    prod.mainFrame.url = 'http://localhost:5173/';
    expect(await prod.registered.get('app:info')!(prod.event(prod.ours, prod.mainFrame), undefined)).toMatchObject({ ok: false });
  });
});
