/**
 * A held lock's release for a provider's `lock()`: idempotent, and also run when the process is
 * interrupted (SIGINT, SIGTERM), so that Ctrl-C never leaves the lock to the server's timeout.
 * The signal is raised again once the lock is released, so the process ends as it would have.
 *
 * When the process has its own handler for the signal (an application's graceful shutdown, or
 * `migrate deploy --targets`, which lets running migrations finish), that handler owns the
 * shutdown: the lock is then released when the work under it ends, not under a running migration.
 */
import type { Release } from './contract.js';

/**
 * Marks this module's handlers. A global symbol, because every provider may carry its own copy of
 * core: the handlers of all copies must recognise each other.
 */
const RELEASE_HANDLER = Symbol.for('strata.release-on-signal');

type SignalHandler = ((signal: NodeJS.Signals) => void) & { [RELEASE_HANDLER]?: true };

export function releaseOnSignals(unlock: () => Promise<void>): Release {
  let released = false;
  const onSignal: SignalHandler = (signal) => {
    if (process.listeners(signal).some((listener) => !(RELEASE_HANDLER in listener))) return;
    void release().finally(() => process.kill(process.pid, signal));
  };
  onSignal[RELEASE_HANDLER] = true;
  const release: Release = async () => {
    if (released) return;
    released = true;
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    await unlock();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return release;
}
