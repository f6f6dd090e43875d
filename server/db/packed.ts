/**
 * Rows packed in SQL by group_concat: one row per key (an area, a place, a week) whose
 * rows are "a b c,a b c,…". Most of the cost of reading many small counted rows is
 * turning each into a JavaScript object; one string per key and a split here is the
 * same rows several times faster (docs/architecture.md "Week aggregates"). Packed fields
 * never contain a space or a comma: ids, ISO weeks, indicator keys and integers.
 */

/** One key with its rows packed by group_concat; null when it has none. */
export interface Packed {
  key: string;
  packed: string | null;
}

/** Calls `row(key, a, b, c)` for every packed "a b c" of every key (no intermediate arrays: this runs per row). */
export function unpack(rows: readonly Packed[], row: (key: string, a: string, b: string, c: string) => void): void {
  for (const { key, packed } of rows) {
    if (packed === null) continue;
    let start = 0;
    while (start < packed.length) {
      let end = packed.indexOf(',', start);
      if (end < 0) end = packed.length;
      const i = packed.indexOf(' ', start);
      const j = packed.indexOf(' ', i + 1);
      row(key, packed.slice(start, i), packed.slice(i + 1, j), packed.slice(j + 1, end));
      start = end + 1;
    }
  }
}
