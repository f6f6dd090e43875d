/** The coordinator section's screens by path (navigation itself is client/staff/router.ts). */
import { isValidWeek, weekOf } from '../../shared/weeks';

export type Route =
  | { screen: 'week' | 'participation' | 'draft' | 'meeting'; week: string }
  | { screen: 'interventions' }
  | { screen: 'intervention'; id: string }
  | { screen: 'period'; period: string }
  | { screen: 'year'; year: string }
  | { screen: 'pictures' }
  | { screen: 'picture'; week: string; version: number | 'latest' };

export const currentWeek = (): string => weekOf(new Date());

export function route(p: string): Route {
  let m = /^\/coordinator\/(weeks|participation|draft|meeting)\/([^/]+)\/?$/.exec(p);
  if (m && isValidWeek(m[2])) return { screen: m[1] === 'weeks' ? 'week' : (m[1] as 'participation' | 'draft' | 'meeting'), week: m[2]! };
  if (/^\/coordinator\/meeting\/?$/.test(p)) return { screen: 'meeting', week: currentWeek() };
  if (/^\/coordinator\/interventions\/?$/.test(p)) return { screen: 'interventions' };
  m = /^\/coordinator\/interventions\/([A-Za-z0-9-]{1,64})\/?$/.exec(p);
  if (m) return { screen: 'intervention', id: m[1]! };
  m = /^\/coordinator\/period\/(current|previous|\d{4}-[QT]\d)\/?$/.exec(p);
  if (m) return { screen: 'period', period: m[1]! };
  if (/^\/coordinator\/period\/?$/.test(p)) return { screen: 'period', period: 'current' };
  m = /^\/coordinator\/year\/(current|\d{4})\/?$/.exec(p);
  if (m) return { screen: 'year', year: m[1]! };
  if (/^\/coordinator\/year\/?$/.test(p)) return { screen: 'year', year: 'current' };
  m = /^\/pictures\/([^/]+)(?:\/(\d+|latest))?\/?$/.exec(p);
  if (m && isValidWeek(m[1])) return { screen: 'picture', week: m[1]!, version: m[2] && m[2] !== 'latest' ? Number(m[2]) : 'latest' };
  if (/^\/pictures\/?$/.test(p)) return { screen: 'pictures' };
  return { screen: 'week', week: currentWeek() };
}
