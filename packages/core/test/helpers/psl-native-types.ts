/**
 * A PostgreSQL-like native type checker for schema tests. Core knows no dialect: the real one
 * lives in provider-postgres; this copy only exists so core's tests can exercise the
 * `NativeTypeChecker` hook.
 */
import type { NativeTypeChecker, ScalarType } from '../../src/schema/index.js';

const TYPES: Readonly<Record<string, { scalars: readonly ScalarType[]; args: readonly number[] }>> = {
  VarChar: { scalars: ['String'], args: [0, 1] },
  Char: { scalars: ['String'], args: [0, 1] },
  Text: { scalars: ['String'], args: [0] },
  Uuid: { scalars: ['String'], args: [0] },
  Xml: { scalars: ['String'], args: [0] },
  Inet: { scalars: ['String'], args: [0] },
  Citext: { scalars: ['String'], args: [0] },
  Bit: { scalars: ['String'], args: [0, 1] },
  VarBit: { scalars: ['String'], args: [0, 1] },
  SmallInt: { scalars: ['Int'], args: [0] },
  Integer: { scalars: ['Int'], args: [0] },
  Oid: { scalars: ['Int'], args: [0] },
  BigInt: { scalars: ['BigInt'], args: [0] },
  Real: { scalars: ['Float'], args: [0] },
  DoublePrecision: { scalars: ['Float'], args: [0] },
  Decimal: { scalars: ['Decimal'], args: [0, 2] },
  Money: { scalars: ['Decimal'], args: [0] },
  Timestamp: { scalars: ['DateTime'], args: [0, 1] },
  Timestamptz: { scalars: ['DateTime'], args: [0, 1] },
  Date: { scalars: ['DateTime'], args: [0] },
  Time: { scalars: ['DateTime'], args: [0, 1] },
  Timetz: { scalars: ['DateTime'], args: [0, 1] },
  Boolean: { scalars: ['Boolean'], args: [0] },
  Json: { scalars: ['Json'], args: [0] },
  JsonB: { scalars: ['Json'], args: [0] },
  ByteA: { scalars: ['Bytes'], args: [0] },
};

export const testNativeTypes: NativeTypeChecker = {
  knows: (name) => name in TYPES,
  check(scalar, name, args) {
    const spec = TYPES[name];
    if (spec === undefined) return `unknown native type ${name}`;
    if (!spec.scalars.includes(scalar)) {
      return `Native type ${name} is not compatible with declared field type ${scalar}, expected field type ${spec.scalars.join(' or ')}.`;
    }
    if (!spec.args.includes(args.length)) {
      return `Native type ${name} takes ${spec.args.filter((n) => n > 0).join(' or ') || 'no'} argument(s), received ${args.length}.`;
    }
    if (args.some((a) => !/^\d+$/.test(a))) return `The arguments of ${name} must be non-negative integers.`;
    return undefined;
  },
};
