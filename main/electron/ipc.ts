/**
 * Registers the handler table on ipcMain. Every call is checked first: it must come from the main
 * frame of our window showing our page (checklist #17); anything else gets a structured refusal.
 * Events from the core go to our window only, as `[name, payload]` on one channel.
 */
import type { IpcMain, IpcMainInvokeEvent, WebContents } from 'electron';
import { channels, EVENT_CHANNEL, type Result } from '../../preload/contract';
import { AppError } from '../core/errors';
import type { CoreEvents } from '../core/events';
import type { Handlers } from '../ipc/handlers';
import { isTrustedSender } from './ipc-sender';

export function registerIpc(ipc: Pick<IpcMain, 'handle'>, handlers: Handlers, ourWindow: () => WebContents | undefined, devServerUrl?: string): void {
  for (const channel of channels) {
    ipc.handle(channel, (event: IpcMainInvokeEvent, raw: unknown): Promise<Result<unknown>> => {
      const frame = event.senderFrame;
      const trusted = isTrustedSender(
        { frameUrl: frame?.url, isMainFrame: frame !== null && frame === event.sender.mainFrame, isOurWindow: event.sender === ourWindow() },
        devServerUrl,
      );
      if (!trusted) {
        return Promise.resolve({
          ok: false,
          error: new AppError('forbidden-sender', 'This request did not come from the Tokendesk window and was refused.').toPayload(),
        });
      }
      return handlers[channel](raw);
    });
  }
}

export function forwardEvents(events: CoreEvents, ourWindow: () => WebContents | undefined): () => void {
  return events.subscribe((name, payload) => ourWindow()?.send(EVENT_CHANNEL, name, payload));
}
