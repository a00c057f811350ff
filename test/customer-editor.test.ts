// The example frontend (examples/customer-editor) as its user gets it: built (its own type check,
// Vite), served by Vite's preview server from another origin, and driven in Chromium against the
// service, which grants that origin CORS and runs only trusted documents, the way docs/frontend.md says.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { UpdateCustomerDocument } from './generated/graphql.js';
import { launchChromium, pageProblems } from './support/browser.js';
import { globalId, type Stack, startStack } from './support/stack.js';

const EXAMPLE = resolve('examples/customer-editor');
const OMAR = globalId('flexportal', 'cus_1002');

let browser: Browser;
let preview: ChildProcess | undefined;
let origin: string;
let stack: Stack;
let page: Page;
let problems: string[];

/**
 * The example's own packages, as its user gets them: `npm ci` in its folder, when they are
 * missing or older than its lock (they are not part of the root install).
 */
function install(): Promise<void> {
  const installed = join(EXAMPLE, 'node_modules', '.package-lock.json');
  if (existsSync(installed) && statSync(installed).mtimeMs >= statSync(join(EXAMPLE, 'package-lock.json')).mtimeMs) return Promise.resolve();
  return new Promise((done, fail) =>
    execFile('npm', ['ci', '--no-audit', '--no-fund', '--prefer-offline'], { cwd: EXAMPLE }, (error, stdout, stderr) =>
      error ? fail(new Error(`npm ci in the example failed:\n${stdout}${stderr}`)) : done(),
    ),
  );
}

/** Vite's preview server from the example's own dependencies, on a port the system picks; answers its origin. */
async function startPreview(): Promise<string> {
  const viteManifest = createRequire(join(EXAMPLE, 'package.json')).resolve('vite/package.json');
  const { bin } = z.looseObject({ bin: z.looseObject({ vite: z.string() }) }).parse(JSON.parse(readFileSync(viteManifest, 'utf8')));
  // It checks that dist/ exists, and serves whatever is in it at each request: the build comes later.
  mkdirSync(join(EXAMPLE, 'dist'), { recursive: true });
  const child = spawn(process.execPath, [join(dirname(viteManifest), bin.vite), 'preview', '--host', '127.0.0.1', '--port', '0'], {
    cwd: EXAMPLE,
    env: { ...process.env, NO_COLOR: '1' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  preview = child;
  return new Promise((resolveOrigin, reject) => {
    child.once('exit', (code) => reject(new Error(`vite preview exited with ${code}`)));
    createInterface({ input: child.stdout! }).on('line', (line) => {
      const url = /Local:\s+(http:\/\/\S+)/.exec(line)?.[1];
      if (url) resolveOrigin(new URL(url).origin);
    });
  });
}

/** `npm run build` in the example (tsc, vite build) against the API at `graphqlUrl`. */
function build(graphqlUrl: string): Promise<void> {
  // Vite builds for production unless told otherwise; vitest's NODE_ENV=test would say otherwise.
  const { NODE_ENV: _testMode, ...env } = process.env;
  return new Promise((done, fail) => {
    execFile('npm', ['run', 'build', '--silent'], { cwd: EXAMPLE, env: { ...env, VITE_GRAPHQL_URL: graphqlUrl } }, (error, stdout, stderr) =>
      error ? fail(new Error(`The example's build failed:\n${stdout}${stderr}`)) : done(),
    );
  });
}

beforeAll(async () => {
  await install();
  // The origin is known first (no port race), the service then starts with it granted, and the
  // app is built against the service's URL (Vite bakes VITE_* settings into the bundle).
  origin = await startPreview();
  // Trusted documents only, as docs/frontend.md runs it: the app sends ids, never a document (the
  // tests' manifest serves this test's own call, as a second frontend's would).
  stack = await startStack({
    CORS_ORIGINS: origin,
    TRUSTED_DOCUMENTS: 'examples/customer-editor/src/gql/persisted-documents.json,test/generated/persisted-documents.json',
    TRUSTED_DOCUMENTS_MODE: 'only',
  });
  await build(stack.graphql.url);
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  preview?.kill();
  await stack?.server.stop();
  await stack?.emulators.stop();
});

beforeEach(async () => {
  await Promise.all([stack.flowglad.reset(), stack.flexportal.reset()]);
  page = await browser.newPage();
  page.setDefaultTimeout(10_000);
  problems = pageProblems(page);
});

afterEach(async () => {
  await page.close();
  expect(problems).toEqual([]);
});

const control = (name: string) => page.locator(`[name="${name}"]`);
/** The error slot in the same field as the control `name`: beside it. */
const errorBeside = (name: string) => page.locator(`.field:has([name="${name}"]) .error`);

/** Opens the app, lists FlexPortal's customers and opens Omar Haddad (cus_1002). */
async function openOmar(): Promise<void> {
  await page.goto(origin);
  await page.getByLabel('Source').selectOption('flexportal');
  await page.getByRole('button', { name: 'Omar Haddad' }).click();
  await expect.poll(() => control('email').inputValue()).toBe('procurement@brightdesk.example');
}

describe('the customer editor example', () => {
  it("lists the chosen source's customers from another origin", async () => {
    const names = () => page.locator('#customers button').allTextContents();
    await page.goto(origin);
    // Chosen while the first source's list is still on its way: only the chosen one's shows.
    await page.getByLabel('Source').selectOption('flexportal');
    await expect.poll(names).toEqual(['Emma Larsson', 'Omar Haddad', 'Li Wei', 'Fatima Al-Sayed', 'Ingrid Hansen', 'Paul Martin']);
    await page.getByLabel('Source').selectOption('flowglad');
    await expect.poll(names).toContain('Wile Coyote');
    expect(await names()).not.toContain('Emma Larsson');
  });

  it('pages through a long list with More', async () => {
    // 6 seeded + 15 = 21 customers: one more than the app's page of 20.
    for (let n = 1; n <= 15; n++) await stack.flexportal.add({ customerId: `cus_${3000 + n}`, firstName: 'Extra', lastName: `Number${n}` });
    const names = () => page.locator('#customers button').allTextContents();
    await page.goto(origin);
    await page.getByLabel('Source').selectOption('flexportal');
    const more = page.getByRole('button', { name: 'More' });
    await more.waitFor();
    expect(await names()).toHaveLength(20);
    await more.click();
    await expect.poll(names).toHaveLength(21);
    expect((await names()).at(-1)).toBe('Extra Number15');
    expect(await more.isHidden()).toBe(true);
  });

  it('shows a userError beside its field and writes nothing', async () => {
    await openOmar();
    await control('email').fill('not-an-email');
    await page.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => errorBeside('email').textContent()).toMatch(/email/i);
    expect(await control('email').getAttribute('aria-invalid')).toBe('true');
    expect(await page.locator('#changes-section').isHidden()).toBe(true);
    expect(await stack.flexportal.writes()).toEqual([]);
  });

  it('saves the edited name and address, shows the changes, and FlexPortal stores them', async () => {
    await openOmar();
    await control('name').fill('Omar Hadad');
    await control('shippingAddress.city').fill('Potsdam');
    await page.getByRole('button', { name: 'Save' }).click();
    await expect
      .poll(() => page.locator('#changes li').allTextContents())
      .toEqual(expect.arrayContaining(['name: "Omar Haddad" → "Omar Hadad"', 'lastName: "Haddad" → "Hadad"', 'shippingAddress.city: "Berlin" → "Potsdam"']));
    expect(await page.locator('.field .error:visible').count()).toBe(0);
    const writes = await stack.flexportal.writes();
    expect(writes).toHaveLength(1);
    expect(writes[0]).toMatchObject({ path: '/v1/customers/cus_1002', body: { lastName: 'Hadad', shippingAddress: { city: 'Potsdam' } } });
    expect(await stack.flexportal.record('cus_1002')).toMatchObject({ lastName: 'Hadad', lastShippingAddress: { city: 'Potsdam' } });
  });

  it('on CONFLICT offers to reload, and the reload shows the fresh values', async () => {
    await openOmar();
    // Someone else changes the customer after the page read it.
    const elsewhere = await stack.graphql.executeById(UpdateCustomerDocument, { input: { id: OMAR, company: 'BrightDesk AG' } });
    expect(elsewhere.data?.updateCustomer.userErrors).toEqual([]);
    await control('name').fill('Omar Hadad');
    await page.getByRole('button', { name: 'Save' }).click();
    const reload = page.getByRole('button', { name: 'Reload the customer' });
    await reload.waitFor();
    expect(await page.locator('#conflict').textContent()).toMatch(/changed/);
    // Only the other change was written.
    expect(await stack.flexportal.writes()).toHaveLength(1);

    await reload.click();
    await expect.poll(() => control('company').inputValue()).toBe('BrightDesk AG');
    expect(await control('name').inputValue()).toBe('Omar Haddad');
    expect(await reload.isHidden()).toBe(true);
    // Saving again now carries the fresh updatedAt, and goes through.
    await control('name').fill('Omar Hadad');
    await page.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => page.locator('#changes li').allTextContents()).toContain('lastName: "Haddad" → "Hadad"');
    expect(await stack.flexportal.writes()).toHaveLength(2);
  });
});
