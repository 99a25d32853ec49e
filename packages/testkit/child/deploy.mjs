// `migrate deploy` in its own process, for tests that kill it halfway or race two of them.
// Run under ts-loader.mjs (workspace sources, as in jest): deployChildCommand() in @strata/testkit.
// argv: <provider package> <database url> <migrations dir> [lock timeout ms]
// stdout: the progress events as JSON lines, then one last line
//   {"type":"done","pid":...,"applied":[names],"alreadyApplied":n}  or  {"type":"error","code":...,"message":...}
const [providerPackage, url, migrationsDir, lockTimeoutMs] = process.argv.slice(2);
if (providerPackage === undefined || url === undefined || migrationsDir === undefined) {
  console.error('usage: node deploy.mjs <provider package> <database url> <migrations dir> [lock timeout ms]');
  process.exit(2);
}
const { migrateDeploy } = await import('@strata/core');
const { provider } = await import(providerPackage);
const writeLine = (value) => process.stdout.write(`${JSON.stringify(value)}\n`);
try {
  const result = await migrateDeploy({
    provider,
    url,
    migrationsDir,
    ...(lockTimeoutMs === undefined ? {} : { lockTimeoutMs: Number(lockTimeoutMs) }),
    onProgress: writeLine,
  });
  writeLine({
    type: 'done',
    pid: process.pid,
    applied: result.applied.map((a) => a.name),
    alreadyApplied: result.alreadyApplied,
  });
} catch (error) {
  writeLine({ type: 'error', code: error.code, message: error.message });
  process.exitCode = 1;
}
