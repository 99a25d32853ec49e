/** The version of @strata/core, written into metadata.txt as the generator version. Kept in sync by the release script. */
export const CORE_VERSION = '0.1.0';
