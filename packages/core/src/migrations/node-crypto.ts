/**
 * node:crypto, loaded on first use instead of with core: commands that never hash or make an id
 * (check, format, migrate diff between files) then never load it. It is some twenty internal
 * modules, about 2 ms of a process that should take 100.
 */
import { createRequire } from 'node:module';

type NodeCrypto = typeof import('node:crypto');

let loaded: NodeCrypto | undefined;

export function nodeCrypto(): NodeCrypto {
  loaded ??= createRequire(import.meta.url)('node:crypto') as NodeCrypto;
  return loaded;
}
