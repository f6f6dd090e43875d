/**
 * Limits and enumerations of the wire format, free of valibot so the informant
 * bundle can use them without pulling in the schemas (shared/schemas.ts imports
 * them from here – still one definition).
 */
export const MAX_BATCH = 500;
export const MAX_NOTE_LENGTH = 1000;
export const TIMES_OF_DAY = ['day', 'evening', 'night', 'unknown'] as const;
export type TimeOfDay = (typeof TIMES_OF_DAY)[number];
