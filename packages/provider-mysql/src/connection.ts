/**
 * PLACEHOLDER so that the package compiles on the `mysql-sql` branch: the real connection is
 * written on the `mysql-db` branch, and the merge takes that file.
 */
import { type Connection, type ConnectOptions, StrataError } from '@strata/core';

export async function connect(_url: string, _options?: ConnectOptions): Promise<Connection> {
  throw new StrataError('internal', 'not yet');
}
