/**
 * What a rename question and its answer look like: shared by the resolution (`renames.ts`), the
 * comparison that applies decisions (`compare.ts`) and namespace moves (`moves.ts`).
 */
/** A possible rename. Names are database names; `table`/`enum` is the owner's name in the TARGET schema. */
export type RenameCandidate =
  | { readonly kind: 'table'; readonly namespace?: string; readonly from: string; readonly to: string }
  | { readonly kind: 'enum'; readonly namespace?: string; readonly from: string; readonly to: string }
  | {
      readonly kind: 'column';
      readonly namespace?: string;
      readonly table: string;
      readonly from: string;
      readonly to: string;
    }
  | {
      readonly kind: 'enumValue';
      readonly namespace?: string;
      readonly enum: string;
      readonly from: string;
      readonly to: string;
    }
  | {
      readonly kind: 'index';
      readonly namespace?: string;
      readonly table: string;
      readonly from: string;
      readonly to: string;
    };

/** An accepted rename: the same data as the candidate it answers. */
export type RenameDecision = RenameCandidate;

export type RenameKind = RenameCandidate['kind'];

/**
 * Answers one candidate: true = it is a rename. May be async (the CLI prompts). `stage` lists
 * every candidate of the same stage, so a hint that names a candidate only loosely (a schema name
 * whose database name is gone) can tell whether it names exactly one.
 */
export type RenameResolver = (
  candidate: RenameCandidate,
  stage?: readonly RenameCandidate[],
) => boolean | Promise<boolean>;

/** 1: tables and enums; 2: columns and enum values; 3: indexes. */
