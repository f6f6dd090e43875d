/**
 * Console and page-error recording for a whole browser context, and the test for
 * Content Security Policy violations in it.
 *
 * Chromium reports a CSP violation twice over: as a console error ("Refused to …
 * because it violates the following Content Security Policy directive …") and as a
 * `securitypolicyviolation` DOM event. We record both: every page of the context gets
 * an init script (run by the DevTools protocol, so not itself subject to the CSP) that
 * turns the DOM event into a `console.error('CSP violation: Refused to …')`.
 */
import type { BrowserContext, Page } from 'playwright-core';

export interface ContextLog {
  name: string;
  /** "<type>: <text>" for every console message, "pageerror: <message>" for uncaught errors, in order. */
  messages: string[];
}

const CSP_PATTERN = /Content Security Policy|Refused to/i;

function onPage(page: Page, log: ContextLog) {
  page.on('console', (m) => log.messages.push(`${m.type()}: ${m.text()}`));
  page.on('pageerror', (e) => log.messages.push(`pageerror: ${e.message}`));
}

/** Records console messages and page errors of every page the context has or opens from now on. */
export async function watchContext(ctx: BrowserContext, name: string): Promise<ContextLog> {
  const log: ContextLog = { name, messages: [] };
  await ctx.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      console.error(`CSP violation: Refused to load ${e.blockedURI || '(inline)'} (${e.effectiveDirective}) at ${e.sourceFile}:${e.lineNumber}`);
    });
  });
  for (const page of ctx.pages()) onPage(page, log);
  ctx.on('page', (page) => onPage(page, log));
  return log;
}

/** The CSP-related messages of the given logs, each prefixed with its context's name. */
export function cspViolations(logs: readonly ContextLog[]): string[] {
  return logs.flatMap((l) => l.messages.filter((m) => CSP_PATTERN.test(m)).map((m) => `[${l.name}] ${m}`));
}
