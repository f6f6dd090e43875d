import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { HelpRequested, SETTINGS, helpText, readConfig } from '../../server/config';

describe('configuration', () => {
  it('has defaults for everything', () => {
    const c = readConfig({}, []);
    expect(c).toMatchObject({ port: 8080, host: '127.0.0.1', publicUrl: undefined, trustProxy: false, period: 'quarter', registerPrefix: 'EST', informantsSeePictures: false, demo: false });
    expect(c.vapidSubject).toBe('mailto:est@localhost.example');
  });

  it('reads every variable', () => {
    const c = readConfig(
      { PORT: '0', HOST: '0.0.0.0', PUBLIC_URL: 'https://est.example.se/', TRUST_PROXY: '1', PERIOD: 'tertial', REGISTER_PREFIX: 'KS', INFORMANTS_SEE_PICTURES: '1', VAPID_SUBJECT: 'mailto:it@example.se' },
      ['--demo'],
    );
    expect(c).toMatchObject({ port: 0, host: '0.0.0.0', publicUrl: 'https://est.example.se', trustProxy: true, period: 'tertial', registerPrefix: 'KS', informantsSeePictures: true, vapidSubject: 'mailto:it@example.se', demo: true });
  });

  it.each([
    [{ PORT: 'eighty' }, /PORT must be a port number/],
    [{ PERIOD: 'month' }, /PERIOD must be "quarter" or "tertial"/],
    [{ PUBLIC_URL: 'est.example.se' }, /PUBLIC_URL must be a URL/],
    [{ PUBLIC_URL: 'ftp://est.example.se' }, /PUBLIC_URL must start with http/],
  ])('refuses %j with a sentence', (env, message) => {
    expect(() => readConfig(env, [])).toThrow(message);
  });

  it('refuses an unknown option and names the known ones', () => {
    expect(() => readConfig({}, ['--dmeo'])).toThrow(/unknown option --dmeo \(the options are --demo, --help\)/);
  });

  it('--help prints every variable and flag with its default and meaning', () => {
    let help: unknown;
    try {
      readConfig({}, ['--help']);
    } catch (e) {
      help = e;
    }
    expect(help).toBeInstanceOf(HelpRequested);
    const text = (help as HelpRequested).text;
    expect(text).toBe(helpText());
    for (const s of SETTINGS) expect(text).toMatch(new RegExp(`^${s.name}\\s+${s.default.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}\\s+${s.meaning.slice(0, 20).replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}`, 'm'));
  });

  it('the README documents every setting', () => {
    const readme = readFileSync('README.md', 'utf8');
    for (const s of SETTINGS.filter((x) => x.name !== '--help')) expect(readme).toContain(`| \`${s.name}\` |`);
  });
});
