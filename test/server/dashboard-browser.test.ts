// The dashboard end to end in headless Debian Chromium (playwright-core): a real server on a loopback port with a
// token and a real trace store, requests scored over HTTP, the page read back and checked against the JSON API.
// REWARDKIT_DASHBOARD_SCREENSHOT=docs/dashboard.png also saves the overview (the README's picture).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Comparison, Overview, RequestDetail, RequestList } from '../../src/server/dashboard/api-types.js';
import type { RewardServer } from '../../src/server/server.js';
import { emSample, testServer } from './helpers.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const TOKEN = 'browser-test-token-0123456789';
const XSS = '<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script> The answer is 3.';
const scratch = mkdtempSync(join(tmpdir(), 'rk-dash-browser-'));

let server: RewardServer;
let url: string;
let context: BrowserContext;
let page: Page;
let split = 0;

const api = async <T>(path: string): Promise<T> => {
  const res = await fetch(`${url}${path}`, { headers: { authorization: `Bearer ${TOKEN}` } });
  expect(res.status).toBe(200);
  return (await res.json()) as T;
};

async function score(spec: string, samples: unknown[]): Promise<void> {
  const res = await fetch(`${url}/v1/score`, {
    method: 'POST',
    headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
    body: JSON.stringify({ spec, samples }),
  });
  expect(res.status).toBe(200);
}

const num = (v: number | null) => (v === null ? '–' : Number.isInteger(v) ? String(v) : v.toFixed(4));
const stat = (name: string) => page.locator(`[data-stat="${name}"] .value`).textContent();

/** Pixels of a chart's canvas in a series colour (saturated: axes and grid are grey, the background white). */
function seriesPixels(chart: string): Promise<{ width: number; height: number; coloured: number }> {
  // Runs in the page (the test's types have no DOM, hence `any`).
  return page.locator(`[data-chart="${chart}"] canvas`).evaluate((canvas: any) => {
    const { data, width, height } = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height);
    let coloured = 0;
    for (let i = 0; i < data.length; i += 4) {
      const [r, g, b, a] = [data[i] as number, data[i + 1] as number, data[i + 2] as number, data[i + 3] as number];
      if (a > 0 && Math.max(r, g, b) - Math.min(r, g, b) > 60) coloured++;
    }
    return { width, height, coloured };
  });
}

beforeAll(async () => {
  const build = spawnSync(process.execPath, [join(ROOT, 'scripts', 'build-dashboard.mjs')], { encoding: 'utf8' });
  expect(build.stderr).toBe('');
  expect(build.status).toBe(0);
  server = await testServer({
    host: '127.0.0.1',
    workers: 1,
    auth: { tokens: [TOKEN] },
    traces: { path: join(scratch, 'traces.sqlite') },
  });
  url = await server.listen();
  await score(
    'em-sum',
    Array.from({ length: 30 }, (_, i) => emSample(i)),
  );
  await score('em-sum', [emSample(1), emSample(2), { prompt: 'q', response: 7 }]);
  await new Promise((r) => setTimeout(r, 30));
  split = Date.now();
  await new Promise((r) => setTimeout(r, 30));
  await score('em-sum', [emSample(0), emSample(3), emSample(6)]);
  await score('exact-match', [{ prompt: 'q', response: XSS, reference: 'answer 3' }, emSample(4)]);
  context = await chromium.launchPersistentContext(join(scratch, 'profile'), {
    executablePath: '/usr/bin/chromium',
    headless: true,
    viewport: { width: 1280, height: 1400 },
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
  // No request may leave the server's origin (no CDN, nothing fetched from outside at run time).
  await page.route('**/*', (route) =>
    route.request().url().startsWith(url) ? route.continue() : route.abort('blockedbyclient'),
  );
});

afterAll(async () => {
  await context?.close();
  await server?.close();
  rmSync(scratch, { recursive: true, force: true });
});

describe('the dashboard in Chromium', () => {
  it('serves the page without a token, asks for one, then shows the overview with the API numbers', async () => {
    const shell = await fetch(`${url}/`);
    expect(shell.status).toBe(200);
    expect(shell.headers.get('content-security-policy')).toContain("script-src 'self'");
    const outside: string[] = [];
    page.on('request', (r) => {
      if (!r.url().startsWith(url)) outside.push(r.url());
    });
    await page.goto(`${url}/`);
    await page.locator('input[name="token"]').fill(TOKEN);
    await page.locator('form.token button').click();
    await page.locator('body[data-ready="overview"]').waitFor();
    const o = await api<Overview>('/v1/dashboard/overview?since=1h');
    expect(await stat('requests')).toBe(String(o.totals.requests));
    expect(await stat('samples')).toBe(String(o.totals.samples));
    expect(o.totals.samples).toBe(38);
    expect(await stat('unscored_rate')).toBe(`${((o.totals.unscored_rate as number) * 100).toFixed(1)}%`);
    const em = o.specs.find((s) => s.spec === 'em-sum');
    expect(await page.locator('tr[data-spec="em-sum"] [data-col="samples"]').textContent()).toBe(String(em?.samples));
    expect(await page.locator('tr[data-spec="em-sum"] [data-col="mean"]').textContent()).toBe(
      num(em?.score.mean ?? null),
    );
    expect(await page.locator('tr[data-key="code:invalid-sample"] td.n').textContent()).toBe('1');
    expect(outside).toEqual([]);
  });

  it('draws its charts (canvas with series pixels) and saves the overview', async () => {
    for (const chart of ['traffic', 'scores', 'means-em-sum', 'hist-em-sum-weighted-sum', 'hist-em-sum-strict']) {
      const box = await page.locator(`[data-chart="${chart}"] canvas`).boundingBox();
      expect(box?.width, chart).toBeGreaterThan(250);
      expect(box?.height, chart).toBeGreaterThan(120);
      const px = await seriesPixels(chart);
      expect(px.coloured, `${chart} has no drawn series`).toBeGreaterThan(20);
    }
    // The check can fail: a blank canvas of the same size has no series pixels.
    await page.evaluate(() => {
      const document = (globalThis as any).document;
      const figure = document.createElement('figure');
      figure.dataset.chart = 'blank';
      figure.append(Object.assign(document.createElement('canvas'), { width: 400, height: 200 }));
      document.body.append(figure);
    });
    expect((await seriesPixels('blank')).coloured).toBe(0);
    await page.evaluate(() => (globalThis as any).document.querySelector('[data-chart="blank"]')?.remove());
    const shot = process.env.REWARDKIT_DASHBOARD_SCREENSHOT;
    const png = await page.screenshot({ fullPage: false, ...(shot ? { path: join(ROOT, shot) } : {}) });
    expect(png.subarray(1, 4).toString()).toBe('PNG');
  });

  it('updates live as requests arrive', async () => {
    await score('exact-match', [emSample(5), emSample(8)]);
    await expect.poll(() => stat('samples'), { timeout: 15_000, interval: 250 }).toBe('40');
  });

  it('filters traces by status and opens one to its node tree', async () => {
    await page.locator('[data-tab="traces"]').click();
    await page.locator('body[data-ready="traces"] table.requests').waitFor();
    const all = await api<RequestList>('/v1/dashboard/requests');
    await expect.poll(() => page.locator('table.requests tbody tr').count()).toBe(all.requests.length);
    await page.locator('select[name="status"]').selectOption('error');
    const errors = await api<RequestList>('/v1/dashboard/requests?status=error');
    await expect.poll(() => page.locator('table.requests tbody tr').count()).toBe(errors.requests.length);
    expect(errors.requests).toHaveLength(1);
    const seq = errors.requests[0]?.seq as number;
    expect(await page.locator('table.requests [data-col="statuses"]').first().textContent()).toContain('error 1');
    // Two clicks: the request, then a sample.
    await page.locator(`tr[data-seq="${seq}"]`).click();
    await page.locator('.request-head').waitFor();
    await page.locator('details.sample[data-index="1"] summary').click();
    const detail = await api<RequestDetail>(`/v1/dashboard/requests/${seq}`);
    const result = detail.samples[1]?.result as {
      components: Record<string, number>;
      details: { nodes: Record<string, { details: unknown }> };
    };
    const strict = page.locator('details.sample[data-index="1"] li[data-node="strict"]');
    await strict.waitFor({ state: 'visible' });
    expect(await strict.locator('.node-score').first().textContent()).toBe(num(result.components.strict ?? null));
    expect(
      await page
        .locator('details.sample[data-index="1"] li[data-node="weighted-sum"] > .node .node-score')
        .textContent(),
    ).toBe(num(detail.samples[1]?.score ?? null));
    const nodes = result.details.nodes;
    expect(await strict.locator('.node-details').textContent()).toBe(JSON.stringify(nodes.strict?.details, null, 2));
    await page.locator('details.sample[data-index="2"] summary').click();
    expect(await page.locator('details.sample[data-index="2"] .message').textContent()).toContain(
      'samples[2].response',
    );
  });

  it('shows model-written text as text: no markup from a trace ever runs', async () => {
    const [xss] = (await api<RequestList>('/v1/dashboard/requests?spec=exact-match&limit=5')).requests.slice(-1);
    await page.goto(`${url}/#traces/${xss?.seq}`);
    await page.locator('.request-head').waitFor();
    await page.locator('details.sample[data-index="0"] summary').click();
    expect(await page.locator('details.sample[data-index="0"] pre[data-field="response"]').textContent()).toBe(XSS);
    expect(await page.locator('#view img, #view script').count()).toBe(0);
    expect(await page.evaluate(() => (globalThis as { __pwned?: number }).__pwned)).toBeUndefined();
  });

  it('compares two windows: the score shift and its KS statistic as the API says', async () => {
    await page.goto(`${url}/#compare`);
    await page.locator('body[data-ready="compare"]').waitFor();
    await page.locator('input[name="since_a"]').fill('1h');
    await page.locator('input[name="until_a"]').fill(String(split));
    await page.locator('input[name="since_b"]').fill(String(split));
    await page.locator('input[name="until_b"]').fill('');
    await page.locator('form.filters button').click();
    const c = await api<Comparison>(
      `/v1/dashboard/compare?spec_a=em-sum&since_a=1h&until_a=${split}&since_b=${split}&bins=20`,
    );
    const root = c.shift.find((s) => s.component === 'weighted-sum');
    const row = page.locator('tr[data-component="weighted-sum"]');
    await expect.poll(() => row.locator('[data-col="ks"]').textContent()).toBe(num(root?.ks ?? null));
    expect(await row.locator('[data-col="delta"]').textContent()).toBe(num(root?.delta ?? null));
    expect((await seriesPixels('compare-weighted-sum')).coloured).toBeGreaterThan(20);
  });
});
