/**
 * axe-core finds no serious or critical WCAG 2.1 A/AA
 * violations on any informant screen (enrol error, home, report with a tile chosen,
 * home in English), and the app runs without Content Security Policy errors.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import { axeSeriousViolations, enrol, formatViolations, startE2E, type E2E } from '../support/e2e';

let env: E2E;
const cspViolations: string[] = [];

beforeAll(async () => {
  env = await startE2E('a11y');
  // CSP violations as the page sees them (in addition to console errors).
  await env.page.exposeFunction('__reportCsp', (s: string) => void cspViolations.push(s));
  await env.page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) =>
      (window as unknown as { __reportCsp: (s: string) => void }).__reportCsp(`${e.violatedDirective} blocked ${e.blockedURI}`),
    );
  });
});
afterAll(async () => {
  await env?.close();
});

async function expectNoSeriousViolations(where: string) {
  const violations = await axeSeriousViolations(env.page);
  expect(violations, formatViolations(where, violations)).toEqual([]);
  // One-handed at 360 px: nothing may push the page sideways.
  const overflow = await env.page.evaluate(() => {
    // Inside main's content box, not just the viewport: a grid pushed into the margin is cut off on real phones' rounded corners.
    const main = document.querySelector('main')!;
    const edge = main.getBoundingClientRect().right - parseFloat(getComputedStyle(main).paddingRight);
    const wide = [...main.querySelectorAll<HTMLElement>('*')].find((el) => el.getBoundingClientRect().right > Math.min(edge, window.innerWidth) + 0.5);
    return { page: document.documentElement.scrollWidth, element: wide ? `${wide.tagName}.${wide.className} (${Math.round(wide.getBoundingClientRect().right)} px)` : null };
  });
  expect(overflow, `${where}: something sticks out of the 360 px viewport`).toEqual({ page: 360, element: null });
}

test('informant screens have no serious or critical accessibility violations, and no CSP errors', async () => {
  const { page, proxy } = env;

  // Enrol with an invalid code: the error screen.
  await page.goto(`${proxy.url}/enrol/not-a-real-invite-code`);
  const error = page.getByTestId('enrol-error');
  await error.waitFor();
  expect(await error.getAttribute('data-reason')).toBe('not_found');
  expect(await page.evaluate(() => document.documentElement.lang)).toBe('sv');
  await expectNoSeriousViolations('enrol error');

  // Home (the week), after a real enrolment.
  await enrol(env);
  await page.getByTestId('week-status').waitFor();
  await page.getByTestId('persist-list').waitFor(); // last week's demo history has loaded
  await expectNoSeriousViolations('home (sv)');

  // Report screen with an indicator chosen and a time of day.
  await page.getByTestId('report-button').click();
  await page.getByTestId('tile-vandalism').click();
  await page.getByTestId('tod-evening').click();
  expect(await page.getByTestId('tile-vandalism').getAttribute('aria-pressed')).toBe('true');
  await expectNoSeriousViolations('report (tile selected)');

  // ... with the personal-data warning showing.
  await page.getByTestId('note').fill('Ring 070-123 45 67');
  await page.getByTestId('pd-warning').waitFor();
  await expectNoSeriousViolations('report (personal-data warning)');
  await page.getByTestId('note').fill('');

  // Home in English.
  await page.getByTestId('back-button').click();
  await page.getByTestId('week-heading').waitFor();
  await page.getByTestId('lang-switch').click();
  await page.getByTestId('week-heading').getByText('Week', { exact: false }).waitFor();
  expect(await page.evaluate(() => document.documentElement.lang)).toBe('en');
  expect(await page.getByTestId('lang-switch').textContent()).toBe('Svenska');
  await expectNoSeriousViolations('home (en)');

  // The whole visit ran without the Content Security Policy blocking anything.
  expect(env.errors.filter((e) => /Content[- ]Security[- ]Policy|CSP/i.test(e))).toEqual([]);
  expect(cspViolations).toEqual([]);

  // The detectors themselves work: an unnamed button is a critical axe finding, and an
  // inline script is refused by the CSP and reported.
  await page.evaluate(() => {
    const b = document.createElement('button');
    b.setAttribute('data-probe', '');
    document.body.append(b);
  });
  expect((await axeSeriousViolations(page)).map((v) => v.id)).toContain('button-name');
  await page.evaluate(() => {
    const s = document.createElement('script');
    s.textContent = 'window.__inlineRan = true';
    document.body.append(s);
  });
  await expect.poll(() => cspViolations.length).toBeGreaterThan(0);
  expect(await page.evaluate(() => (window as unknown as { __inlineRan?: boolean }).__inlineRan)).toBeUndefined();
});
