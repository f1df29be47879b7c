/**
 * electron-log for the main process, with the redaction hook on every message. log.initialize() is
 * deliberately NOT called: it would inject electron-log's own preload into every session, widening
 * the bridge. Renderer logs are not forwarded.
 */
import { ipcMain } from 'electron';
import log from 'electron-log/main';
import type { Logger } from '../core/log/logger';
import { redactionHook } from '../core/log/redact';

/** The channel electron-log/main listens on (from the moment it loads) for renderers that log through it. */
const ELECTRON_LOG_CHANNEL = '__ELECTRON_LOG__';

export function createMainLogger(): Logger {
  log.hooks.push((message) => redactionHook(message));
  log.transports.file.maxSize = 5 * 1024 * 1024;
  // Our renderer never logs through electron-log (its preload exposes the contract only), and every
  // IPC listener must check its sender (checklist #17): drop the listener and handler it added.
  ipcMain.removeAllListeners(ELECTRON_LOG_CHANNEL);
  ipcMain.removeHandler(ELECTRON_LOG_CHANNEL);
  return { info: (...d) => log.info(...d), warn: (...d) => log.warn(...d), error: (...d) => log.error(...d) };
}

/** Where the log file is, for messages that send the user there (even when it cannot be opened). */
export function logFilePath(): string {
  try {
    return log.transports.file.getFile().path;
  } catch {
    return 'unknown: the log file could not be opened';
  }
}
