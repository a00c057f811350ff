// The GraphiQL playground in a real browser (Debian's Chromium, driven by playwright-core):
// it loads without the internet, comes with the README's example, and runs it.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { dataOf } from '../support/answer.js';
import { launchChromium } from './support/browser.js';
import { useStack } from './support/stack.js';

const stack = useStack();
let browser: Browser;

/** Text of a Monaco editor pane (Monaco renders spaces as no-break spaces). */
// biome-ignore lint/performance/useDomNodeTextContent: what Monaco renders (innerText) is what the person reads.
const editorText = async (page: Page, pane: string) => (await page.locator(`${pane} .view-lines`).innerText()).replaceAll('\u00a0', ' ');

beforeAll(async () => {
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
});

describe('playground', () => {
  it('loads GraphiQL from this server only with a clean console, preloaded with the example, and runs it', async () => {
    const page = await browser.newPage();
    const elsewhere: string[] = [];
    const origin = new URL(stack.graphql.url).host;
    page.on('request', (request) => {
      const url = new URL(request.url());
      if (!['blob:', 'data:'].includes(url.protocol) && url.host !== origin) elsewhere.push(request.url());
    });
    // A clean console: no script error, no error or warning logged, no request answered 4xx/5xx or failed (a missing favicon included).
    const problems: string[] = [];
    page.on('console', (message) => {
      if (['error', 'warning'].includes(message.type())) problems.push(`console ${message.type()}: ${message.text()}`);
    });
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    page.on('response', (response) => {
      if (response.status() >= 400) problems.push(`${response.status()} ${response.url()}`);
    });
    page.on('requestfailed', (request) => problems.push(`failed ${request.url()}: ${request.failure()?.errorText}`));
    await page.goto(stack.graphql.url);
    const run = page.locator('.graphiql-execute-button');
    await run.waitFor({ timeout: 20_000 });
    await expect.poll(() => editorText(page, '.graphiql-query-editor'), { timeout: 10_000 }).toContain('mutation MoveEmma');

    const answer = page.waitForResponse((response) => response.url() === stack.graphql.url && !!response.request().postData()?.includes('MoveEmma'));
    await run.click();
    const data = dataOf(z.looseObject({ updateCustomer: z.looseObject({ userErrors: z.array(z.unknown()) }) }), await (await answer).json());
    expect(data.updateCustomer.userErrors).toEqual([]);
    await expect.poll(() => editorText(page, '.graphiql-response'), { timeout: 10_000 }).toContain('Kungsportsavenyen 1');
    expect(elsewhere).toEqual([]);
    expect(problems).toEqual([]);
    // The mutation really reached FlexPortal.
    expect((await stack.flexportal.record('cus_1001')).phone).toBe('+46705550123');
  });
});
