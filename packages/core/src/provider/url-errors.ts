/**
 * The errors a provider's URL parser raises, worded alike for every database: what is wrong, and
 * the URL's form as the next step. For a provider's `url.ts`.
 */
import { ErrorCodes } from '../errors/codes.js';
import { StrataError } from '../errors/strata-error.js';

export interface UrlErrors {
  /** `Malformed <Database> URL: <problem>.`, hinting the URL's form unless another hint is given. */
  malformed(problem: string, hint?: string): StrataError;
  /** A percent-decoded part of the URL (`what`: "user name", "password"...), or `malformed` when it cannot be decoded. */
  decode(part: string, what: string): string;
}

/** `database` as messages name it (`PostgreSQL`), `form` the URL's shape (`postgresql://USER:PASSWORD@HOST/DB`). */
export function urlErrors(database: string, form: string): UrlErrors {
  const malformed = (problem: string, hint?: string): StrataError =>
    new StrataError(ErrorCodes.invalidArgument, `Malformed ${database} URL: ${problem}.`, {
      hint: hint ?? `Use ${form} (percent-encode @ : / ? # % in the user name and password).`,
    });
  return {
    malformed,
    decode(part, what) {
      try {
        return decodeURIComponent(part);
      } catch {
        throw malformed(
          `the ${what} has a % that is not followed by two hex digits`,
          `Use ${form}, with a literal % written as %25.`,
        );
      }
    },
  };
}
