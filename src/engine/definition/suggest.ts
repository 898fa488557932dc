/** "Did you mean …?" suggestions for misspelt names. */

/** Largest edit distance at which a known name is offered as a suggestion. */
const MAX_SUGGESTION_DISTANCE = 2;

/** Levenshtein distance between `a` and `b`, giving up (returning `limit + 1`) once it exceeds `limit`. */
export function editDistance(a: string, b: string, limit = Number.POSITIVE_INFINITY): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const substitution = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
      const value = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, substitution);
      current.push(value);
      rowMin = Math.min(rowMin, value);
    }
    if (rowMin > limit) return limit + 1;
    previous = current;
  }
  return previous[b.length] ?? 0;
}

/**
 * The known name closest to `name`, if any is within edit distance 2 (ignoring case). Short names get a tighter
 * limit so that "A" does not suggest "B".
 */
export function closestName(name: string, known: Iterable<string>): string | undefined {
  const limit = name.length <= 2 ? 0 : name.length <= 4 ? 1 : MAX_SUGGESTION_DISTANCE;
  let best: string | undefined;
  let bestDistance = limit + 1;
  for (const candidate of known) {
    if (candidate === name) continue;
    const distance = editDistance(name.toLowerCase(), candidate.toLowerCase(), limit);
    // A pure case difference is the best possible suggestion.
    const score = distance === 0 ? 0.5 : distance;
    if (score < bestDistance) {
      best = candidate;
      bestDistance = score;
    }
  }
  return best;
}

/** "Did you mean 'X'?" for the closest known name, or undefined. */
export function didYouMean(name: string, known: Iterable<string>): string | undefined {
  const match = closestName(name, known);
  return match === undefined ? undefined : `Did you mean '${match}'?`;
}
