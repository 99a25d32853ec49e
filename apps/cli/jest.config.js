import { jestConfig } from '../../jest.preset.js';

export default {
  ...jestConfig(import.meta.dirname),
  globalSetup: '<rootDir>/test/support/global-setup.js',
  // Most of a CLI test is waiting on the strata processes it starts (and on the databases):
  // one worker per core, not jest's default of one fewer, keeps both cores busy once the other
  // packages' tests are done and this suite is the last one running.
  maxWorkers: '100%',
};
