/**
 * The harness's stand-in for the Electron preload: the same `createBridge` over the same contract,
 * with HTTP POST for calls and server-sent events for events instead of IPC. Built into
 * out/harness/bridge.js (an IIFE) and injected by the harness server before the app's script; with
 * `data-stand-ins` it also shows the demo's tray, notifications and clipboard (stand-ins.ts).
 */
import { createBridge, type Invoke, type Subscribe } from '../../preload/bridge';
import { channels, eventNames, type Result } from '../../preload/contract';
import type { EventName } from '../../main/core/model';
import { mountStandIns } from './stand-ins';

const script = document.currentScript as HTMLScriptElement;
const base = new URL('.', script.src);

const invoke: Invoke = async (channel, input) => {
  const response = await fetch(new URL(`api/${channel}`, base), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ input }),
  });
  return (await response.json()) as Result<unknown>;
};

const listeners = new Set<(name: EventName, payload: unknown) => void>();
let source: EventSource | undefined;
const events = (): EventSource => (source ??= openEvents());
const subscribe: Subscribe = (listener) => {
  listeners.add(listener);
  events();
  return () => listeners.delete(listener);
};

function openEvents(): EventSource {
  const events = new EventSource(new URL('events', base));
  events.onmessage = (message: MessageEvent<string>) => {
    const { name, payload } = JSON.parse(message.data) as { name: EventName; payload: unknown };
    for (const listener of listeners) listener(name, payload);
  };
  return events;
}

// The demo's desktop stand-ins (tray, notifications, clipboard), when the harness serves them.
if (script.hasAttribute('data-stand-ins')) document.addEventListener('DOMContentLoaded', () => mountStandIns(base, events));

Object.defineProperty(window, 'tokendesk', {
  value: createBridge(channels, invoke, subscribe, eventNames),
  writable: false,
  configurable: false,
  enumerable: true,
});
