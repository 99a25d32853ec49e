/**
 * Server sessions kept between the connections of one run over many targets (a fleet). Opening
 * a session costs the client a round trip or three and the server a new backend whose catalog
 * caches start cold; on a server holding hundreds of tenants that is most of a target's status
 * or deploy. A provider may put a session it would end on the shelf instead (`Connection.close`),
 * and a later connection of the run to the same server, database and credentials takes it.
 *
 * The shelf is a plain object with functions and opaque sessions: a project-pinned provider
 * with its own copy of core uses the one the CLI's core created (no `instanceof`, no shared
 * module state). Core creates it for a run and ends every session left on it when the run ends.
 */
export interface SessionShelf {
  /** A session put under `key` and not taken since, or undefined. The taker owns it. */
  take(key: string): unknown;
  /**
   * Keeps `session` for a later `take(key)`. Put only sessions in a state any connection can
   * start from (no open transaction, no session lock); `end` closes it when the run ends.
   * After the run ended, `end` is called at once instead.
   */
  put(key: string, session: unknown, end: () => Promise<void>): void;
}

export interface OwnedSessionShelf extends SessionShelf {
  /** Ends every session on the shelf; later puts end theirs at once. */
  endAll(): Promise<void>;
}

interface Kept {
  readonly session: unknown;
  readonly end: () => Promise<void>;
}

export function createSessionShelf(): OwnedSessionShelf {
  const shelf = new Map<string, Kept[]>();
  let ended = false;
  return {
    take(key) {
      return shelf.get(key)?.pop()?.session;
    },
    put(key, session, end) {
      if (ended) {
        void end().catch(() => {});
        return;
      }
      const kept = shelf.get(key) ?? [];
      kept.push({ session, end });
      shelf.set(key, kept);
    },
    async endAll() {
      ended = true;
      const all = [...shelf.values()].flat();
      shelf.clear();
      // a session that cannot be ended cleanly is gone already: the server drops it with the socket
      await Promise.all(all.map((kept) => kept.end().catch(() => {})));
    },
  };
}
