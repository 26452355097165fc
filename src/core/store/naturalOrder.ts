/**
 * The order `docker context ls` lists names in: byte by byte, except that runs of digits
 * compare as numbers (a digit sorts before any other character; with equal values, fewer
 * leading zeros first; a name that ends first sorts first). Returns <0, 0 or >0.
 */
export function compareNatural(a: string, b: string): number {
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const ca = a.charCodeAt(i);
    const cb = b.charCodeAt(j);
    const da = isDigit(ca);
    const db = isDigit(cb);
    if (da !== db) return da ? -1 : 1;
    if (!da) {
      if (ca !== cb) return ca - cb;
      i++;
      j++;
      continue;
    }
    while (i < a.length && a.charCodeAt(i) === 48) i++;
    while (j < b.length && b.charCodeAt(j) === 48) j++;
    const startA = i;
    const startB = j;
    while (i < a.length && isDigit(a.charCodeAt(i))) i++;
    while (j < b.length && isDigit(b.charCodeAt(j))) j++;
    const runA = a.slice(startA, i);
    const runB = b.slice(startB, j);
    if (runA.length !== runB.length) return runA.length - runB.length;
    if (runA !== runB) return runA < runB ? -1 : 1;
    // Same value: the one with fewer leading zeros (its digits started earlier) first.
    if (startA !== startB) return startA - startB;
  }
  return a.length - i - (b.length - j);
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}
