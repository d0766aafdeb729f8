/**
 * A 62-bit id from up to a few non-negative integer columns, in integer arithmetic that Polars and Spark
 * evaluate identically: two polynomial hashes modulo primes below 2^31, so no product reaches 2^63.
 * Collisions are possible but rare (about 1e-4 for 10M rows); the key check before publishing catches them.
 */
const HASHES = [
  { modulus: 2147483647, base: 1103515245 },
  { modulus: 2147483629, base: 69069 },
];

function polynomial(args: string[], modulus: number, base: number): string {
  let acc = `(${args[0]} % ${modulus})`;
  for (const arg of args.slice(1)) acc = `((${acc} * ${base} + (${arg} % ${modulus})) % ${modulus})`;
  return acc;
}

export function stableIdSql(...args: string[]): string {
  if (args.length === 0) throw new Error('stable_id needs at least one column');
  const [high, low] = HASHES.map((h) => polynomial(args, h.modulus, h.base));
  return `(CAST(${high} AS BIGINT) * 2147483648 + CAST(${low} AS BIGINT))`;
}
