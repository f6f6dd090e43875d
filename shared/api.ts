/** Response shapes of the v1 HTTP contract, shared by server and client. */
import type { Report } from './schemas';
import type { IsoWeek } from './weeks';

export type IngestStatus = 'created' | 'duplicate' | 'conflict' | 'invalid';

/** Why an item was refused. The client maps the rule to a Swedish sentence. */
export type IngestRule =
  | 'schema'
  | 'calm_mismatch'
  | 'unknown_area'
  | 'unknown_place'
  | 'week_out_of_range'
  | 'personal_data'
  | 'id_conflict';

export interface IngestResult {
  id: string | null;
  status: IngestStatus;
  /** Present unless created/duplicate: "<rule>: <English detail>". */
  error?: string;
  rule?: IngestRule;
}

export interface IngestResponse {
  results: IngestResult[];
}

export interface EnrolResponse {
  token: string;
  functionId: string;
  name: string;
}

export interface ContextPlace {
  id: string;
  name: string;
}

export interface ContextArea {
  id: string;
  name: string;
  /** True for the areas this function covers; they come first. */
  own: boolean;
  places: ContextPlace[];
}

export interface InformantContext {
  function: { id: string; name: string; organisation: string };
  week: IsoWeek;
  areas: ContextArea[];
  categories: { key: string; label: string }[];
  reports: { thisWeek: Report[]; lastWeek: Report[] };
  /** Whether this server shares the latest published picture with informants. */
  picturesShared?: boolean;
}

/** Body of every 4xx: a sentence a person can act on, plus a stable code. */
export interface ApiError {
  error: string;
  code: string;
}
