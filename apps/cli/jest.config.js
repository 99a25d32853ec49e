import { jestConfig } from '../../jest.preset.js';

export default {
  ...jestConfig(import.meta.dirname),
  globalSetup: '<rootDir>/test/support/global-setup.js',
};
