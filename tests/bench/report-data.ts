/**
 * Realistic, fictional report batches for the load benchmarks. Notes describe
 * places and things, never people, and are checked against the personal-data
 * guard so that no item is refused for that reason. Generated up front, before
 * any timing starts.
 */
import { uuidv7 } from '../../shared/ids';
import { INDICATOR_KEYS, type IndicatorKey } from '../../shared/indicators';
import { findPersonalData } from '../../shared/personal-data';
import type { Observation, Report, TimeOfDay } from '../../shared/schemas';
import { mondayOf, weekOf } from '../../shared/weeks';
import { prng } from '../../server/demo/prng';

export interface AreaRef {
  id: string;
  name: string;
  places: { id: string; name: string }[];
}

const NOTES: Record<IndicatorKey, string[]> = {
  vandalism: [
    'Klotter på gaveln mot parkeringen, anmält till fastighetsägaren.',
    'Krossad ruta i porten, glaset sopat.',
    'Nedskräpning runt soptunnorna efter helgen.',
    'Sönderslagen belysningsstolpe vid gångvägen.',
  ],
  fire: ['Brand i papperskorg, släckt av personal.', 'Brandrester i containern bakom affären.', 'Sotmärken på väggen i soprummet.'],
  staff_incident: ['Personal blev provocerad vid entrén.', 'Personal hindrades att komma fram med bilen.'],
  event: ['Grannskapsfest på gården lördag, lugnt.', 'Fotbollsmatch med mycket publik, trafikstockning efteråt.'],
  youth_gathering: [
    'Grupp ungdomar samlas sent, hög musik.',
    'Samling vid kiosken efter stängning, mellan 22.30 och 23.15.',
    'Ungdomar i trapphuset, flyttade sig när vi kom.',
  ],
  disorder: ['Mopeder kör på gångvägen.', 'Bråk utanför, polis kallad.', 'Sprutor hittade i buskaget, omhändertagna.'],
  unsafe_place: [
    'Belysningen trasig sedan förra veckan.',
    'Buskarna har vuxit igen, dålig sikt från gångvägen.',
    'Halt i gångtunneln, ingen sandning.',
  ],
  other: ['Rykten i sociala medier om bråk.', 'Allmän oro bland boende efter händelsen i vecka 46.'],
};
for (const list of Object.values(NOTES)) {
  for (const note of list) {
    if (findPersonalData(note).length > 0) throw new Error(`bench note looks like personal data: ${note}`);
  }
}

const TIMES: TimeOfDay[] = ['evening', 'evening', 'night', 'night', 'day', 'unknown'];


export interface BatchSpec {
  reportsPerBatch: number;
  observationsPerReport: number;
}

/**
 * `count` batches of fresh reports in the current week. Keys are in schema
 * order (as valibot emits them), so the server's content hash is of the same text.
 */
export function generateBatches(areas: readonly AreaRef[], count: number, spec: BatchSpec, seed: number, now = new Date()): Report[][] {
  if (areas.length === 0) throw new Error('no areas to report on');
  const rnd = prng(seed);
  const week = weekOf(now);
  const monday = Date.parse(`${mondayOf(week)}T00:00:00Z`);
  const batches: Report[][] = [];
  for (let b = 0; b < count; b++) {
    const batch: Report[] = [];
    for (let r = 0; r < spec.reportsPerBatch; r++) {
      const observations: Observation[] = [];
      for (let i = 0; i < spec.observationsPerReport; i++) {
        const area = rnd.pick(areas);
        const category = rnd.pick(INDICATOR_KEYS);
        const o: Observation = { id: uuidv7(), category, areaId: area.id, timeOfDay: rnd.pick(TIMES), persists: rnd.next() < 0.3 };
        // About half name a place; the rest only the area.
        if (area.places.length > 0 && rnd.next() < 0.5) o.placeId = rnd.pick(area.places).id;
        if (rnd.next() < 0.3) o.occurredOn = new Date(monday + Math.floor(rnd.next() * 7) * 86_400_000).toISOString().slice(0, 10);
        if (rnd.next() < 0.7) o.note = rnd.pick(NOTES[category]);
        if (rnd.next() < 0.1) o.location = { lat: 59.3 + rnd.next() * 0.1, lon: 18.0 + rnd.next() * 0.1 };
        observations.push(o);
      }
      batch.push({ id: uuidv7(), week, createdAt: new Date(now.getTime() - Math.floor(rnd.next() * 3_600_000)).toISOString(), calm: false, observations });
    }
    batches.push(batch);
  }
  return batches;
}

export function observationCount(batches: readonly Report[][]): number {
  let n = 0;
  for (const batch of batches) for (const r of batch) n += r.observations.length;
  return n;
}

/** The same rows with area and place ids translated to another database's ids. */
export function remapBatches(batches: readonly Report[][], areaMap: ReadonlyMap<string, string>, placeMap: ReadonlyMap<string, string>): Report[][] {
  const map = (m: ReadonlyMap<string, string>, id: string) => {
    const to = m.get(id);
    if (to === undefined) throw new Error(`no counterpart for id ${id}`);
    return to;
  };
  return batches.map((batch) =>
    batch.map((r) => ({
      ...r,
      observations: r.observations.map((o) => ({
        ...o,
        areaId: map(areaMap, o.areaId),
        ...(o.placeId !== undefined ? { placeId: map(placeMap, o.placeId) } : {}),
      })),
    })),
  );
}
