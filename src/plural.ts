/** A count with its noun: "1 file", "2 files" (nouns that take -s). */
export function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

/** "1 problem", "3 problems". */
export function problems(count: number): string {
  return plural(count, 'problem');
}
