import { randomUUID } from 'node:crypto';
import { uuidv7 } from '../../shared/ids';
import type { Db } from '../db/open';
import type { IndicatorKey } from '../../shared/indicators';
import type { Observation, Report, TimeOfDay } from '../../shared/schemas';
import { addWeeks, weekOf, weekStart, type IsoWeek } from '../../shared/weeks';
import { createInvite } from '../informant/devices';
import { prefillPicture } from '../pictures/prefill';
import { publishPicture } from '../pictures/publish';
import { pictureStore } from '../pictures/store';
import { contentHash } from '../reports/ingest';
import { reportStore } from '../reports/store';
import { prng, type Prng } from './prng';
import { createSource, writeImport } from '../figures/store';
import { normaliseName } from '../figures/match';

/**
 * A fictional municipality, "Älvstad", for trying the product. Every name is
 * invented; the notes describe places and things, never people.
 */
const ORGANISATIONS = ['Älvstads kommun', 'Älvstadshem AB', 'Trygghetsbolaget Väktare AB'] as const;

const AREAS: Record<string, string[]> = {
  Björkhagen: ['Björkhagens torg', 'Gångtunneln under Ringvägen', 'Busshållplats Björkhagen C'],
  Ekbacken: ['Ekbackens skola', 'Lekplatsen vid Ekstigen'],
  Solberga: ['Solberga centrum', 'Parkeringen vid Solvägen 12', 'Återvinningsstationen'],
  Tallmon: ['Tallmons idrottsplats', 'Motionsspåret'],
  Stenhagen: ['Stenhagens bibliotek', 'Cykelgaraget', 'Gårdshuset'],
  Åkerlund: ['Åkerlunds gård', 'Fotbollsplanen'],
  Sjöstaden: ['Kajen', 'Båtklubben', 'Strandpromenaden'],
  Hagaby: ['Hagaby torg', 'Pizzerian vid torget'],
  Granbo: ['Granbo fritidsgård', 'Skogsdungen bakom hus 4'],
  Kvarnbacken: ['Kvarnbackens pendelstation', 'Gång- och cykelbron'],
  Ängsvik: ['Ängsviks badplats', 'Kiosken'],
  Centrum: ['Resecentrum', 'Stora torget', 'Stadsparken'],
};

/**
 * Älvstad's geometry: the twelve areas tile a 4 × 3 grid of blocks by a fictional river
 * town (around 59.27 N, 15.21 E), each block's corners nudged so the outlines look drawn,
 * not ruled; shared edges stay shared, so no two areas overlap. Outer rings run
 * counter-clockwise (RFC 7946). Places sit inside their area's block, spread across it.
 */
const GRID: string[][] = [
  ['Tallmon', 'Björkhagen', 'Ekbacken', 'Granbo'],
  ['Stenhagen', 'Centrum', 'Kvarnbacken', 'Hagaby'],
  ['Åkerlund', 'Solberga', 'Sjöstaden', 'Ängsvik'],
];
const ORIGIN = { lon: 15.17, lat: 59.295 };
const CELL = { lon: 0.022, lat: 0.0115 };

/** A grid corner (column c, row r from the north-west), nudged deterministically except on the outer edge. */
function corner(c: number, r: number): [number, number] {
  const inner = c > 0 && c < GRID[0]!.length && r > 0 && r < GRID.length;
  const nudge = inner ? ((c * 7 + r * 13) % 5) - 2 : 0;
  return [round6(ORIGIN.lon + c * CELL.lon + nudge * 0.0012), round6(ORIGIN.lat - r * CELL.lat + nudge * 0.0006)];
}
const round6 = (n: number) => Math.round(n * 1e6) / 1e6;

export function demoAreaGeometry(area: string): { type: 'Polygon'; coordinates: [number, number][][] } | null {
  for (const [r, row] of GRID.entries()) {
    const c = row.indexOf(area);
    if (c < 0) continue;
    // Counter-clockwise with north up: south-west, south-east, north-east, north-west, closed.
    const ring = [corner(c, r + 1), corner(c + 1, r + 1), corner(c + 1, r), corner(c, r), corner(c, r + 1)];
    return { type: 'Polygon', coordinates: [ring] };
  }
  return null;
}

/** The i-th of n places: on a small circle around the block's middle, well inside it. */
export function demoPlacePoint(area: string, i: number, n: number): { type: 'Point'; coordinates: [number, number] } | null {
  const g = demoAreaGeometry(area);
  if (!g) return null;
  const ring = g.coordinates[0]!.slice(0, 4);
  const lon = ring.reduce((s, p) => s + p[0], 0) / 4;
  const lat = ring.reduce((s, p) => s + p[1], 0) / 4;
  const angle = (2 * Math.PI * i) / n + 0.4;
  return { type: 'Point', coordinates: [round6(lon + Math.cos(angle) * CELL.lon * 0.22), round6(lat + Math.sin(angle) * CELL.lat * 0.22)] };
}

const FUNCTIONS: { name: string; organisation: (typeof ORGANISATIONS)[number]; areas: string[] }[] = [
  { name: 'Bovärdskontor Norr', organisation: 'Älvstadshem AB', areas: ['Björkhagen', 'Ekbacken', 'Tallmon'] },
  { name: 'Bovärdskontor Väster', organisation: 'Älvstadshem AB', areas: ['Solberga', 'Stenhagen', 'Åkerlund'] },
  { name: 'Bovärdskontor Söder', organisation: 'Älvstadshem AB', areas: ['Sjöstaden', 'Hagaby', 'Granbo'] },
  { name: 'Hemtjänst Centrum', organisation: 'Älvstads kommun', areas: ['Centrum', 'Kvarnbacken', 'Ängsvik'] },
  { name: 'Hemtjänst Öster', organisation: 'Älvstads kommun', areas: ['Björkhagen', 'Solberga', 'Hagaby'] },
  { name: 'Fältgruppen', organisation: 'Älvstads kommun', areas: ['Centrum', 'Björkhagen', 'Solberga', 'Granbo'] },
  { name: 'Fritidsgården Ljuset', organisation: 'Älvstads kommun', areas: ['Granbo', 'Stenhagen'] },
  { name: 'Väktarpatrull Natt', organisation: 'Trygghetsbolaget Väktare AB', areas: ['Centrum', 'Sjöstaden', 'Kvarnbacken', 'Tallmon'] },
];

const NOTES: Partial<Record<IndicatorKey, string[]>> = {
  vandalism: ['Klotter på gaveln, anmält till fastighet.', 'Krossad ruta i porten.', 'Nedskräpning runt soptunnorna.'],
  fire: ['Brand i papperskorg, släckt av personal.', 'Brandrester i containern.'],
  staff_incident: ['Personal blev provocerad vid entrén.', 'Personal hindrades att komma fram med bilen.'],
  event: ['Grannskapsfest på gården lördag.', 'Fotbollsmatch med mycket publik.'],
  youth_gathering: ['Grupp ungdomar samlas sent, hög musik.', 'Samling vid kiosken efter stängning.'],
  disorder: ['Mopeder kör på gångvägen.', 'Bråk utanför, polis kallad.', 'Sprutor hittade i buskaget.'],
  unsafe_place: ['Belysningen trasig sedan förra veckan.', 'Buskarna har vuxit igen, dålig sikt.'],
  other: ['Rykten i sociala medier om bråk.', 'Allmän oro bland boende.'],
};
const INDICATOR_WEIGHTS: [IndicatorKey, number][] = [
  ['vandalism', 26], ['youth_gathering', 18], ['disorder', 16], ['unsafe_place', 12],
  ['fire', 8], ['event', 8], ['staff_incident', 6], ['other', 6],
];
const TIMES: [TimeOfDay, number][] = [['evening', 45], ['night', 30], ['day', 20], ['unknown', 5]];


export const DEMO_HISTORY_WEEKS = 12;

/** Seeds the demo municipality once; returns false when the database already has data. */
export function seedDemo(db: Db, now: Date, opts: { registerPrefix?: string } = {}): boolean {
  const hasData = db.prepare('SELECT 1 FROM organisations LIMIT 1').get();
  if (hasData) return false;
  const rnd = prng(4711);
  db.transaction(() => {
    const orgIds = new Map<string, string>();
    for (const name of ORGANISATIONS) {
      const id = randomUUID();
      orgIds.set(name, id);
      db.prepare('INSERT INTO organisations (id, name) VALUES (?, ?)').run(id, name);
    }
    const areaIds = new Map<string, string>();
    const placeIds = new Map<string, string[]>();
    for (const [area, places] of Object.entries(AREAS)) {
      const id = randomUUID();
      areaIds.set(area, id);
      db.prepare('INSERT INTO areas (id, name, geometry) VALUES (?, ?, ?)').run(id, area, JSON.stringify(demoAreaGeometry(area)));
      placeIds.set(id, places.map((place, i) => {
        const pid = randomUUID();
        db.prepare('INSERT INTO places (id, area_id, name, geometry) VALUES (?, ?, ?, ?)').run(pid, id, place, JSON.stringify(demoPlacePoint(area, i, places.length)));
        return pid;
      }));
    }
    const store = reportStore(db);
    const thisWeek = weekOf(now);
    const historyStart = weekStart(addWeeks(thisWeek, -DEMO_HISTORY_WEEKS)).toISOString();
    for (const [index, fn] of FUNCTIONS.entries()) {
      const functionId = randomUUID();
      // The functions existed before the history they report: a function row created "now"
      // made every week it happened not to report count as "did not exist" instead of missing.
      db.prepare('INSERT INTO functions (id, organisation_id, name, created_at) VALUES (?, ?, ?, ?)')
        .run(functionId, orgIds.get(fn.organisation), fn.name, historyStart);
      const own = fn.areas.map((a) => areaIds.get(a)!);
      for (const areaId of own) db.prepare('INSERT INTO function_areas (function_id, area_id) VALUES (?, ?)').run(functionId, areaId);
      // Engagement differs per function: one sinks towards the end, as the handbook warns it can.
      const sinking = index === 6;
      for (let back = DEMO_HISTORY_WEEKS; back >= 1; back--) {
        const week = addWeeks(thisWeek, -back);
        // The sinking one reports only one of its last four weeks – by rule, not by chance: at
        // a 30 % rate the seeded draws happened to keep it reporting, and the story was lost.
        if (sinking ? back <= 4 && back !== 3 : rnd.next() > 0.9) continue;
        const calm = rnd.next() < 0.3;
        const observations = calm ? [] : Array.from({ length: 1 + Math.floor(rnd.next() * 3) }, () => observation(rnd, own, placeIds));
        const createdAt = new Date(weekStart(week).getTime() + (2 * 86_400_000) + Math.floor(rnd.next() * 2 * 86_400_000)).toISOString();
        const report: Report = { id: uuidv7(Date.parse(createdAt)), week, createdAt, calm, observations };
        store.insert(report, { functionId, deviceId: null, receivedAt: createdAt, contentHash: contentHash(report) });
      }
    }
    seedDemoFigures(db, rnd, areaIds, thisWeek, now);
    publishDemoHistory(db, now, opts.registerPrefix ?? 'EST');
  })();
  return true;
}

/** Weekly crimes reported to the police per area (mean per week, before noise): centre and two estates higher. */
const POLICE_CATEGORIES: [string, number][] = [['Misshandel', 0.6], ['Skadegörelse', 1.4], ['Narkotikabrott', 0.5], ['Ordningsstörning', 0.8]];
const POLICE_AREA_LEVEL: Record<string, number> = { Centrum: 3, Björkhagen: 1.8, Solberga: 1.6, Kvarnbacken: 1.2, Hagaby: 1.1 };

/**
 * Other sources' figures, so the demo shows them beside the reports: the police's
 * reported crimes per area and week (delivered up to last week, as a weekly export
 * would be), with one export name ("Älvstad C") remembered as mapped to Centrum.
 */
function seedDemoFigures(db: Db, rnd: Prng, areaIds: Map<string, string>, thisWeek: IsoWeek, now: Date): void {
  const police = createSource(db, { name: 'Polisen – anmälda brott', provider: 'Lokalpolisområde Älvstad', categories: POLICE_CATEGORIES.map(([c]) => c) }, now);
  if (!('categories' in police)) return;
  const categoryIds = new Map(police.categories.map((c) => [c.name, c.id]));
  const figures = [];
  for (let back = DEMO_HISTORY_WEEKS; back >= 1; back--) {
    const week = addWeeks(thisWeek, -back);
    for (const [area, areaId] of areaIds) {
      const level = POLICE_AREA_LEVEL[area] ?? 0.7;
      for (const [category, mean] of POLICE_CATEGORIES) {
        // A rough Poisson draw (sum of Bernoulli trials): small whole counts, mostly 0–4.
        const expected = mean * level;
        let count = 0;
        for (let i = 0; i < 8; i++) if (rnd.next() < expected / 8) count++;
        figures.push({ week, areaId, categoryId: categoryIds.get(category)!, count, rows: [] });
      }
    }
  }
  writeImport(db, {
    sourceId: police.id,
    figures,
    remember: new Map([[normaliseName('Älvstad C'), { name: 'Älvstad C', areaId: areaIds.get('Centrum')! }]]),
    actor: { type: 'staff', id: null },
    fileName: 'demo',
    rows: figures.length,
    now,
  });
}

/**
 * The demo's past weeks as a coordinator would have left them: each week's picture
 * published on the Thursday after it (the weekly meeting), through the publishing
 * domain action so the register numbers and the audit log agree with the pictures.
 * Published as history: audited as the system, no push or e-mail jobs (nobody is to
 * be told about weeks long gone). A week whose Thursday has not come yet stays a
 * draft-to-be for the coordinator.
 */
function publishDemoHistory(db: Db, now: Date, prefix: string): void {
  const thisWeek = weekOf(now);
  for (let back = DEMO_HISTORY_WEEKS; back >= 1; back--) {
    const week = addWeeks(thisWeek, -back);
    const at = new Date(weekStart(addWeeks(week, 1)).getTime() + 3 * 86_400_000 + 9 * 3_600_000);
    if (at > now) continue;
    const { content, facts } = prefillPicture(db, week);
    const draft = pictureStore(db).ensureDraft(week, content, at, null);
    const result = publishPicture(db, { week, draftVersion: draft.version, facts, prefix, by: null, now: at, history: true });
    if (result.kind !== 'ok') throw new Error(`demo: could not publish ${week} (${result.kind})`);
  }
}

function observation(rnd: Prng, own: string[], placeIds: Map<string, string[]>): Observation {
  const areaId = rnd.pick(own);
  const places = placeIds.get(areaId)!;
  // The first place of each area is its hotspot: it recurs week after week.
  const placeId = rnd.next() < 0.5 ? places[0]! : rnd.next() < 0.5 ? rnd.pick(places) : undefined;
  const category = rnd.weighted(INDICATOR_WEIGHTS);
  const o: Observation = {
    id: randomUUID(),
    category,
    areaId,
    timeOfDay: rnd.weighted(TIMES),
    persists: rnd.next() < 0.3,
  };
  if (placeId) o.placeId = placeId;
  if (rnd.next() < 0.6) o.note = rnd.pick(NOTES[category] ?? NOTES.other!);
  return o;
}

/**
 * Fresh invites for the demo functions, printed at every demo start. Earlier
 * demo invites are withdrawn (their codes were only ever printed, never stored).
 */
export function issueDemoInvites(db: Db, now: Date): { functionName: string; code: string }[] {
  return db.transaction(() => {
    db.prepare('UPDATE invites SET revoked_at = ? WHERE demo = 1 AND revoked_at IS NULL').run(now.toISOString());
    const functions = db.prepare<[], { id: string; name: string }>('SELECT id, name FROM functions ORDER BY name').all();
    return functions.map((f) => ({ functionName: f.name, code: createInvite(db, f.id, { now, validDays: 30, maxDevices: 20, demo: true }).code }));
  })();
}
