#!/usr/bin/env node
// Renders the app icons' PNG sizes from their SVG sources with the Chromium Playwright uses, so
// the PNGs in public/ can be remade after the SVGs change. Not part of the build: the PNGs are
// committed. Usage: node scripts/offline/icons.mjs
import { chromium } from '@playwright/test';
import { readFileSync } from 'node:fs';

const pub = new URL('../../public/', import.meta.url);
const jobs = [
  ['icon.svg', 'icon-192.png', 192],
  ['icon.svg', 'icon-512.png', 512],
  ['icon-maskable.svg', 'icon-maskable-512.png', 512],
];
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium', args: ['--no-sandbox'] });
const page = await browser.newPage();
for (const [src, out, size] of jobs) {
  const svg = readFileSync(new URL(src, pub), 'utf8');
  await page.setViewportSize({ width: size, height: size });
  await page.setContent(`<body style="margin:0;background:transparent">${svg.replace('<svg ', `<svg width="${size}" height="${size}" `)}</body>`);
  await page.locator('svg').screenshot({ path: new URL(out, pub).pathname, omitBackground: true });
  console.log(`public/${out} (${size}×${size})`);
}
await browser.close();
