/**
 * The value a record holds under its own key: a name from a request such as `__proto__`,
 * `constructor` or `toString` is a plain unknown name, never something of Object.prototype.
 */
export function ownEntry<T>(record: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.hasOwn(record, key) ? record[key] : undefined;
}
