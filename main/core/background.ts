/**
 * The app's background work: a sync of every account at start and then every N minutes (a
 * setting), and expiry alerts. The shell and the demo start it; tests drive its parts directly.
 */
import type { Core } from './core';

export function startBackground(core: Core): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let stopped = false;

  const scheduleSync = (): void => {
    clearTimeout(timer);
    const minutes = core.settings.get().syncIntervalMinutes;
    if (stopped || minutes <= 0) return;
    timer = setTimeout(() => void core.tokens.sync().finally(scheduleSync), minutes * 60_000);
    timer.unref?.();
  };

  core.alerts.check();
  const stopEvents = core.events.subscribe((name) => {
    if (name === 'tokens:changed') core.alerts.check();
    if (name === 'settings:changed') {
      scheduleSync();
      core.alerts.check();
    }
  });
  void core.tokens.sync().finally(scheduleSync);

  return () => {
    stopped = true;
    clearTimeout(timer);
    stopEvents();
    core.alerts.stop();
  };
}
