// Playwright end-to-end tests against the *release* build in dist/, served on 127.0.0.1 by
// scripts/serve.mjs, in Debian's Chromium, on tablet-sized viewports with touch.
import { defineConfig } from '@playwright/test';

const PORT = Number(process.env.E2E_PORT || 4173);

export default defineConfig({
  testDir: '.',
  testMatch: /.*\.spec\.mjs/,
  outputDir: './artifacts/results',
  // CI machines are slower than a developer's and shared (measured: the same suite 1.46× slower
  // there): the limits are for hangs, not for speed, which scripts/bench.mjs measures.
  timeout: 60_000,
  expect: { timeout: 15_000 },
  // One worker by default; E2E_WORKERS=2 runs spec files in parallel (about 6 minutes against
  // 15). Under two workers' load, figures.spec:9 and reports.spec:131 each failed once
  // (2026-12-04, after the record writes became locked and a moment later): to be made robust
  // before two workers become the default again.
  fullyParallel: false,
  workers: Number(process.env.E2E_WORKERS || 1),
  retries: 0,
  reporter: [['list'], ['json', { outputFile: './artifacts/report.json' }]],
  use: {
    baseURL: `http://127.0.0.1:${PORT}`,
    hasTouch: true,
    isMobile: false,
    locale: 'vi-VN',
    timezoneId: 'Asia/Ho_Chi_Minh',
    screenshot: 'only-on-failure',
    trace: 'off',
    launchOptions: {
      executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
      // The sandbox's network is closed: keep Chromium from calling home at start.
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-dev-shm-usage',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
        '--disable-quic',
      ],
    },
  },
  // Every test runs on the portrait tablet. The landscape tablet (past the 900 px breakpoint of
  // style/main.css) runs only the tests whose result depends on the layout — touch sizes,
  // overflow, axe's colour and target checks, the navigation, the print view — tagged
  // `@layout`: behaviour does not change with the viewport, and running it twice cost CI
  // a third of its time.
  projects: [
    { name: 'tablet-portrait', use: { viewport: { width: 800, height: 1280 } } },
    { name: 'tablet-landscape', use: { viewport: { width: 1280, height: 800 } }, grep: /@layout/ },
  ],
  webServer: {
    command: `node ../../scripts/serve.mjs --dir ../../dist --host 127.0.0.1 --port ${PORT}`,
    url: `http://127.0.0.1:${PORT}/`,
    reuseExistingServer: false,
    timeout: 20_000,
  },
});
