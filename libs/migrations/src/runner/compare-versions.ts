const CHUNKS = /(\d+)/;

/**
 * Natural order of migration versions: runs of digits compare as numbers ('2' < '10', '1.2.9' < '1.2.10',
 * timestamps of any length), other text compares by code point, a number sorts before text at the same place, and a
 * version that is a prefix of another sorts first ('1.2' < '1.2.1'). Equal numbers written differently ('01', '1')
 * fall back to plain text order, so the order is total.
 */
export function compareVersions(a: string, b: string): number {
  if (a === b) return 0;
  const left = a.split(CHUNKS);
  const right = b.split(CHUNKS);
  const length = Math.min(left.length, right.length);
  for (let index = 0; index < length; index++) {
    const x = left[index];
    const y = right[index];
    if (x === y) continue;
    // NOTE: split with a capture group alternates text (even index) and digits (odd index).
    const order = index % 2 === 1 ? compareDigits(x, y) : compareText(x, y);
    if (order !== 0) return order;
  }
  if (left.length !== right.length) return left.length - right.length;
  return a < b ? -1 : 1;
}

function compareDigits(x: string, y: string): number {
  const a = x.replace(/^0+(?=\d)/, '');
  const b = y.replace(/^0+(?=\d)/, '');
  if (a.length !== b.length) return a.length - b.length;
  return a < b ? -1 : a > b ? 1 : 0;
}

function compareText(x: string, y: string): number {
  // NOTE: an empty text chunk means digits come next at this place: a number sorts before text.
  if (x === '') return -1;
  if (y === '') return 1;
  return x < y ? -1 : 1;
}
