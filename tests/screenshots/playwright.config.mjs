// `cargo xtask screenshots`: the end-to-end tests' browser and settings, for the one spec
// here that writes the screenshots in docs/screenshots/. Apart from the suite, so a run of
// the tests never rewrites the documentation.
import { defineConfig } from '@playwright/test';
import suite from '../e2e/playwright.config.mjs';

export default defineConfig({
  ...suite,
  testDir: '.',
  timeout: 300_000,
});
