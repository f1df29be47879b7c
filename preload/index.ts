/**
 * The Electron preload: runs sandboxed, with context isolation, and exposes exactly the contract's
 * functions on `window.tokendesk`. No generic ipcRenderer, no environment, nothing else.
 */
import { contextBridge, ipcRenderer } from 'electron';
import { createBridge } from './bridge';
import { channels, eventNames, EVENT_CHANNEL, type Channel, type Result } from './contract';
import type { EventName } from './contract';

const invoke = (channel: Channel, input: unknown): Promise<Result<unknown>> => ipcRenderer.invoke(channel, input);

const subscribe = (listener: (name: EventName, payload: unknown) => void): (() => void) => {
  const onEvent = (_event: Electron.IpcRendererEvent, name: EventName, payload: unknown): void => listener(name, payload);
  ipcRenderer.on(EVENT_CHANNEL, onEvent);
  return () => ipcRenderer.removeListener(EVENT_CHANNEL, onEvent);
};

contextBridge.exposeInMainWorld('tokendesk', createBridge(channels, invoke, subscribe, eventNames));
