/**
 * One button vocabulary on every staff screen (client/staff/staff.css): each <button>
 * is a .btn (secondary), .btn-primary, .btn-danger or .btn-link – or one of the few
 * drawn components (a week cell, a meeting step) – and every action that removes,
 * withdraws, revokes or disables is drawn as destructive.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';

const ROOT = new URL('../../client/', import.meta.url).pathname;
const COMPONENTS = ['coord-cell', 'coord-step'];
const DESTRUCTIVE = /t\('(remove|withdraw|revoke|disable)'\)/;

/** Each <button …> opening tag with the text up to its closing tag (JSX: a `>` of `=>` does not end the tag). */
function buttons(src: string): { tag: string; body: string }[] {
  const out: { tag: string; body: string }[] = [];
  for (let i = src.indexOf('<button'); i >= 0; i = src.indexOf('<button', i + 1)) {
    let j = i;
    let depth = 0;
    for (; j < src.length; j++) {
      const ch = src[j];
      if (ch === '{') depth++;
      else if (ch === '}') depth--;
      else if (ch === '>' && depth === 0) break;
    }
    const end = src.indexOf('</button>', j);
    out.push({ tag: src.slice(i, j + 1), body: src.slice(j + 1, end < 0 ? j + 1 : end) });
  }
  return out;
}

it('every staff button speaks the vocabulary, and destructive actions look destructive', () => {
  const files = ['admin', 'coordinator', 'staff'].flatMap((dir) => readdirSync(join(ROOT, dir)).filter((f) => f.endsWith('.tsx')).map((f) => join(dir, f)));
  let seen = 0;
  const offenders: string[] = [];
  for (const file of files) {
    for (const b of buttons(readFileSync(join(ROOT, file), 'utf8'))) {
      seen++;
      const cls = /class=(?:"([^"]*)"|\{([^}]*)\})/.exec(b.tag);
      const classes = cls ? (cls[1] ?? cls[2] ?? '') : '';
      if (!/\bbtn\b/.test(classes) && !COMPONENTS.some((c) => classes.includes(c))) offenders.push(`${file}: no vocabulary class in ${b.tag.slice(0, 80)}`);
      if (DESTRUCTIVE.test(b.body) && !classes.includes('btn-danger')) offenders.push(`${file}: destructive action not .btn-danger: ${b.body.trim().slice(0, 60)}`);
    }
  }
  expect(seen).toBeGreaterThan(40);
  expect(offenders).toEqual([]);
});
