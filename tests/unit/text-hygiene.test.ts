import { describe, expect, it } from 'vitest';
import * as v from 'valibot';
import { ReportSchema, safeText, unsafeTextProblem } from '../../shared/schemas';
import { ruleText } from '../../client/ui/i18n';

describe('unsafeTextProblem', () => {
  it('allows ordinary text, line breaks (LF, CRLF), tabs, emoji and combining marks', () => {
    for (const ok of ['Klotter på väggen', 'rad 1\nrad 2', 'rad 1\r\nrad 2', 'a\tb', '🙂👍🏽', 'Ka\u0308llare', 'ZWJ 👩‍👩‍👧']) {
      expect(unsafeTextProblem(ok), JSON.stringify(ok)).toBeNull();
    }
  });

  it('names every refused character class', () => {
    for (let cp = 0; cp < 0x20; cp++) {
      if (cp === 0x09 || cp === 0x0a || cp === 0x0d) continue;
      expect(unsafeTextProblem(`a${String.fromCharCode(cp)}b`)).toMatch(/invisible control character/);
    }
    for (let cp = 0x7f; cp <= 0x9f; cp++) expect(unsafeTextProblem(String.fromCharCode(cp))).toMatch(/control character/);
    for (const cp of [0x202a, 0x202b, 0x202c, 0x202d, 0x202e, 0x2066, 0x2067, 0x2068, 0x2069]) {
      expect(unsafeTextProblem(`x${String.fromCharCode(cp)}`)).toMatch(new RegExp(`text-direction control character \\(U\\+${cp.toString(16).toUpperCase()}\\)`));
    }
    expect(unsafeTextProblem('\uD800')).toMatch(/lone surrogate/);
    expect(unsafeTextProblem('x\uDFFFy')).toMatch(/lone surrogate/);
    expect(unsafeTextProblem('a\rb')).toBeNull(); // an old Mac line break becomes LF
  });

  it('safeText normalises to NFC and LF', () => {
    expect(v.parse(safeText(), 'Ka\u0308llare\r\nx\ry')).toBe('Källare\nx\ny');
  });
});

describe('the phone explains a schema refusal in Swedish', () => {
  it('picks the sentence from the detail', () => {
    expect(ruleText('schema', 'schema: observations[0].note: contains a text-direction control character (U+202E) that can disguise the text; remove it')).toMatch(/osynliga tecken/);
    expect(ruleText('schema', "schema: createdAt: 9999-12-31 is in the future; check the phone's date and time")).toMatch(/klocka/);
    expect(ruleText('schema', 'schema: observations[0].occurredOn: must be within week 2026-W48 or the week before')).toMatch(/utanför veckan/);
    expect(ruleText('schema', 'schema: observations[0].id: must be a UUID')).toBe('Rapporten var ofullständig eller felaktig.');
  });
});
