/**
 * Small seeded PRNG (mulberry32) for made-up data – the demo municipality, the
 * synthetic bench history – so every run tells the same story. Not for secrets.
 */
export function prng(seed: number) {
  let s = seed >>> 0;
  const next = () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(next() * n);
  const pick = <T>(list: readonly T[]): T => list[int(list.length)]!;
  const weighted = <T>(list: readonly (readonly [T, number])[]): T => {
    let r = next() * list.reduce((n, [, w]) => n + w, 0);
    for (const [value, w] of list) if ((r -= w) < 0) return value;
    return list[list.length - 1]![0];
  };
  return { next, int, pick, weighted };
}

export type Prng = ReturnType<typeof prng>;
