/**
 * electron-log for the main process, with the redaction hook on every message. log.initialize() is
 * deliberately NOT called: it would inject electron-log's own preload into every session, widening
 * the bridge (anchors.md §5.5). Renderer logs are not forwarded.
 */
import log from 'electron-log/main';
import type { Logger } from '../core/log/logger';
import { redactionHook } from '../core/log/redact';

export function createMainLogger(): Logger {
  log.hooks.push((message) => redactionHook(message));
  log.transports.file.maxSize = 5 * 1024 * 1024;
  return { info: (...d) => log.info(...d), warn: (...d) => log.warn(...d), error: (...d) => log.error(...d) };
}
