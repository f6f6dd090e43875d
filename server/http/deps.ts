import type { Db } from '../db/open';
import type { Clock } from './clock';
import type { DeviceIdentity } from '../informant/devices';

/** What every feature's routes get: the storage handle and the clock. */
export interface AppDeps {
  db: Db;
  now: Clock;
  version: string;
}

export type DeviceEnv = { Variables: { device: DeviceIdentity } };
