// A seeded PRNG (mulberry32): the same seed replays the same operations exactly.
export type Random = ReturnType<typeof createRandom>;

export function createRandom(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  // A list known not to be empty gives an element; any other list, possibly none.
  function pick<T>(list: readonly [T, ...T[]]): T;
  function pick<T>(list: readonly T[]): T | undefined;
  function pick<T>(list: readonly T[]): T | undefined {
    return list[Math.floor(next() * list.length)];
  }
  return {
    next,
    int: (min: number, max: number) => min + Math.floor(next() * (max - min + 1)),
    pick,
    chance: (p: number) => next() < p,
    /** One key of `weights` ({name: weight}), drawn in proportion. */
    weighted: <Name extends string>(weights: Record<Name, number>): Name => {
      const entries = Object.entries(weights) as [Name, number][];
      let roll = next() * entries.reduce((sum, [, w]) => sum + w, 0);
      for (const [name, w] of entries) if ((roll -= w) < 0) return name;
      return entries[entries.length - 1][0];
    },
  };
}
