const ZERO = 48;
const NINE = 57;

const isDigit = (code: number) => code >= ZERO && code <= NINE;
// ASCII letters only: program names are identifiers; anything else compares by code.
const fold = (code: number) => (code >= 65 && code <= 90 ? code + 32 : code);

/**
 * Orders names the way a person reads them: digit runs by value (prg_2 before prg_10), letters
 * ignoring case first. Allocation-free, several times quicker than `Intl.Collator` on the
 * thousands of names a big application sorts on each change set.
 */
export function naturalCompare(a: string, b: string): number {
  let i = 0;
  let j = 0;
  let tie = 0;
  while (i < a.length && j < b.length) {
    const ca = a.charCodeAt(i);
    const cb = b.charCodeAt(j);
    if (isDigit(ca) && isDigit(cb)) {
      let si = i;
      while (si < a.length && a.charCodeAt(si) === ZERO) si += 1;
      let sj = j;
      while (sj < b.length && b.charCodeAt(sj) === ZERO) sj += 1;
      let ei = si;
      while (ei < a.length && isDigit(a.charCodeAt(ei))) ei += 1;
      let ej = sj;
      while (ej < b.length && isDigit(b.charCodeAt(ej))) ej += 1;
      if (ei - si !== ej - sj) return ei - si - (ej - sj);
      for (let k = 0; k < ei - si; k += 1) {
        const difference = a.charCodeAt(si + k) - b.charCodeAt(sj + k);
        if (difference !== 0) return difference;
      }
      // Same value: the shorter spelling (fewer leading zeros) first, if nothing else differs.
      if (tie === 0) tie = ei - i - (ej - j);
      i = ei;
      j = ej;
      continue;
    }
    if (ca !== cb) {
      const difference = fold(ca) - fold(cb);
      if (difference !== 0) return difference;
      // Lower case first, as the collator does, but only if nothing else differs.
      if (tie === 0) tie = cb - ca;
    }
    i += 1;
    j += 1;
  }
  return a.length - i - (b.length - j) || tie;
}
