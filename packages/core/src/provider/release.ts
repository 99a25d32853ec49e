/**
 * A held lock's release for a provider's `lock()`: idempotent, and also run when the process is
 * interrupted (SIGINT, SIGTERM), so that Ctrl-C never leaves the lock to the server's timeout.
 * The signal is raised again once the lock is released, so the process ends as it would have.
 */
import type { Release } from './contract.js';

export function releaseOnSignals(unlock: () => Promise<void>): Release {
  let released = false;
  const onSignal = (signal: NodeJS.Signals): void => {
    void release().finally(() => process.kill(process.pid, signal));
  };
  const release: Release = async () => {
    if (released) return;
    released = true;
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    await unlock();
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  return release;
}
