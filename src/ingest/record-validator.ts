import type { RawFieldDef, SourceDef } from '../catalog/types';

/**
 * Checks one parsed JSON value against its source's declared fields. Returns null when it may be loaded,
 * else the reason it goes to the quarantine. Types are checked, never coerced: a string "123" in an integer
 * field is a wrong record, not a number. The Spark step runner applies the same rules.
 */
export function recordProblem(value: unknown, source: SourceDef): string | null {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return `not a JSON object (got ${describe(value)})`;
  }
  const record = value as Record<string, unknown>;
  for (const field of source.fields) {
    const problem = fieldProblem(record, field);
    if (problem) return problem;
  }
  return null;
}

function fieldProblem(record: Record<string, unknown>, field: RawFieldDef): string | null {
  const value = record[field.name];
  if (value === undefined || value === null) {
    if (field.required) return `${field.name}: required but missing`;
    if (field.requiredWhen && record[field.requiredWhen.field] === field.requiredWhen.equals) {
      return `${field.name}: required when ${field.requiredWhen.field} is ${field.requiredWhen.equals}`;
    }
    return null;
  }
  switch (field.type) {
    case 'string':
      if (typeof value !== 'string') return `${field.name}: expected a string, got ${describe(value)}`;
      if (field.pattern && !patternOf(field.pattern).test(value)) {
        return `${field.name}: ${JSON.stringify(value)} does not match ${field.pattern}`;
      }
      if (field.requiredWhen && value === '' && record[field.requiredWhen.field] === field.requiredWhen.equals) {
        return `${field.name}: required when ${field.requiredWhen.field} is ${field.requiredWhen.equals}`;
      }
      return null;
    case 'integer':
      if (typeof value !== 'number' || !Number.isSafeInteger(value)) {
        return `${field.name}: expected an integer, got ${describe(value)}`;
      }
      return rangeProblem(field, value);
    case 'number':
      if (typeof value !== 'number') return `${field.name}: expected a number, got ${describe(value)}`;
      return rangeProblem(field, value);
  }
}

const patterns = new Map<string, RegExp>();
function patternOf(source: string): RegExp {
  let re = patterns.get(source);
  if (!re) patterns.set(source, (re = new RegExp(source)));
  return re;
}

function rangeProblem(field: RawFieldDef, value: number): string | null {
  if (field.minimum !== undefined && value < field.minimum) return `${field.name}: ${value} is below ${field.minimum}`;
  if (field.maximum !== undefined && value > field.maximum) return `${field.name}: ${value} is above ${field.maximum}`;
  return null;
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return `the string ${JSON.stringify(value.length > 40 ? value.slice(0, 40) + '…' : value)}`;
  if (typeof value === 'number') return `the number ${value}`;
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}
