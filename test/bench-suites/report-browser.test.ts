// The report in headless Debian Chromium (playwright-core): it opens from disk with no request leaving the page,
// its bars have the widths of their scores, and a screenshot of the bar chart holds the bars' pixels.
// REWARDKIT_BENCH_SCREENSHOT=docs/bench-report.png also saves the whole page (the README's picture).
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BenchResults, RowRecord } from '../../src/bench-suites/run/evaluate.js';
import type { ScriptedServer } from '../backends/scripted-server.js';
import { benchWithSpec, FIXTURES, rmSpec, startRm } from './helpers.js';

const scratch = mkdtempSync(join(tmpdir(), 'rk-bench-report-'));
const out = join(scratch, 'run');
let server: ScriptedServer;
let context: BrowserContext;
let page: Page;
let results: BenchResults;
let rows: RowRecord[];
const requests: string[] = [];

beforeAll(async () => {
  server = await startRm();
  const spec = rmSpec(scratch, server);
  ({ results } = await benchWithSpec(spec, { suite: 'rewardbench2', data: join(FIXTURES, 'rewardbench2.jsonl'), out }));
  rows = readFileSync(join(out, 'rows.jsonl'), 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l));
  context = await chromium.launchPersistentContext(join(scratch, 'profile'), {
    executablePath: '/usr/bin/chromium',
    headless: true,
    viewport: { width: 1100, height: 1600 },
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
  page = context.pages()[0] ?? (await context.newPage());
  const report = pathToFileURL(join(out, 'report.html')).href;
  await page.route('**/*', (route) => {
    if (route.request().url() === report) return route.continue();
    requests.push(route.request().url());
    return route.abort('blockedbyclient');
  });
  await page.goto(report);
});

afterAll(async () => {
  await context?.close();
  await server?.close();
  rmSync(scratch, { recursive: true, force: true });
});

describe('report.html', () => {
  it('is one self-contained file: no scripts, stylesheets or images fetched', () => {
    const html = readFileSync(join(out, 'report.html'), 'utf8');
    expect(html).not.toMatch(/<script|<link|<img|url\(/i);
    expect(requests).toEqual([]);
  });

  it('shows the headline and one bar per subset, each as wide as its score', async () => {
    expect(await page.locator('#headline').textContent()).toBe(((results.score as number) * 100).toFixed(1));
    const bars = page.locator('#subset-bars rect.bar');
    expect(await bars.count()).toBe(Object.keys(results.subsets).length);
    const full = 420; // the chart's width for a score of 1, in CSS pixels
    for (const bar of await bars.all()) {
      const subset = (await bar.getAttribute('data-subset')) as string;
      const box = await bar.boundingBox();
      expect(box?.width).toBeCloseTo((results.subsets[subset]?.score as number) * full, 0);
    }
    expect(await page.locator('#subset-bars line.interval').count()).toBe(Object.keys(results.subsets).length);
  });

  it('draws every scored response in the length scatter and both roles in the histogram', async () => {
    const points = rows.flatMap((r) => r.points);
    expect(await page.locator('#length-scatter circle').count()).toBe(points.length);
    expect(await page.locator('#length-scatter circle.pt-chosen').count()).toBe(
      points.filter((p) => p.role === 'chosen').length,
    );
    expect(await page.locator('#score-hist rect.hist-chosen').count()).toBeGreaterThan(0);
    expect(await page.locator('#score-hist rect.hist-rejected').count()).toBeGreaterThan(0);
  });

  it('a screenshot of the bar chart holds as many bar-blue pixels as the bars cover', async () => {
    const chart = page.locator('#subset-bars');
    const png = (await chart.screenshot()).toString('base64');
    const geometry = await page
      .locator('#subset-bars rect.bar')
      .evaluateAll((els: any[]) => els.map((e) => e.getBoundingClientRect()).map((r: any) => r.width * r.height));
    // Decode the PNG in the page and count pixels near the bar colour #3b6fd8 (the interval line is dark navy).
    const counted = await page.evaluate(async (b64: string) => {
      const img = new (globalThis as any).Image();
      img.src = `data:image/png;base64,${b64}`;
      await img.decode();
      const canvas = (globalThis as any).document.createElement('canvas');
      canvas.width = img.width;
      canvas.height = img.height;
      const ctx = canvas.getContext('2d');
      ctx.drawImage(img, 0, 0);
      const { data } = ctx.getImageData(0, 0, img.width, img.height);
      let blue = 0;
      for (let i = 0; i < data.length; i += 4)
        if (Math.abs(data[i] - 0x3b) < 12 && Math.abs(data[i + 1] - 0x6f) < 12 && Math.abs(data[i + 2] - 0xd8) < 12)
          blue++;
      return { blue, width: img.width, height: img.height, ratio: (globalThis as any).devicePixelRatio };
    }, png);
    const box = await chart.boundingBox();
    expect(counted.width).toBe(Math.round((box?.width as number) * counted.ratio));
    const expected = geometry.reduce((a: number, b: number) => a + b, 0) * counted.ratio ** 2;
    // the interval whisker crosses each bar (2 px), the baseline ticks may too: allow 15% less, nothing more
    expect(counted.blue).toBeLessThanOrEqual(expected * 1.02);
    expect(counted.blue).toBeGreaterThan(expected * 0.85);
    if (process.env.REWARDKIT_BENCH_SCREENSHOT)
      await page.screenshot({ path: process.env.REWARDKIT_BENCH_SCREENSHOT, fullPage: true });
  });
});
