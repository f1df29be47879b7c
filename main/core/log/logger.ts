/**
 * The core's logger: a small interface so the core never depends on a logging library. The shell
 * passes electron-log (with the redaction hook); Node hosts get a redacting console logger.
 */
import { redactValue } from './redact';

export interface Logger {
  info(...data: unknown[]): void;
  warn(...data: unknown[]): void;
  error(...data: unknown[]): void;
}

export function consoleLogger(stream: NodeJS.WritableStream = process.stderr): Logger {
  const write =
    (level: string) =>
    (...data: unknown[]) =>
      void stream.write(
        `[${new Date().toISOString()}] [${level}] ${data
          .map((d) => {
            const r = redactValue(d);
            return typeof r === 'string' ? r : JSON.stringify(r);
          })
          .join(' ')}\n`,
      );
  return { info: write('info'), warn: write('warn'), error: write('error') };
}

export const silentLogger: Logger = { info: () => {}, warn: () => {}, error: () => {} };
