/**
 * Composes song titles and artist names from the vocabulary. Shared by the generated catalogue and
 * by the "unknown" songs that events play but no song file describes, so both look alike.
 */
import type { Rng } from './random';
import {
  ARTIST_PREFIXES,
  BAND_ADJECTIVES,
  BAND_WORDS,
  FEATURING,
  FEMALE_FIRST_NAMES,
  LAST_NAMES,
  MALE_FIRST_NAMES,
  STAGE_NAMES,
  TITLE_PATTERNS,
  TITLE_SUFFIXES,
  TITLE_WORDS,
} from './vocabulary';

export function songTitle(rng: Rng): string {
  const title = rng.pick(TITLE_PATTERNS).replace(/\{W\}/g, () => rng.pick(TITLE_WORDS));
  return rng.chance(0.15) ? title + rng.pick(TITLE_SUFFIXES) : title;
}

function personName(rng: Rng): string {
  const first = rng.chance(0.2)
    ? rng.pick(STAGE_NAMES)
    : rng.chance(0.5)
      ? rng.pick(FEMALE_FIRST_NAMES)
      : rng.pick(MALE_FIRST_NAMES);
  return first + ' ' + rng.pick(LAST_NAMES);
}

function bandName(rng: Rng): string {
  const name = rng.pick(BAND_ADJECTIVES) + ' ' + rng.pick(BAND_WORDS);
  return rng.chance(0.5) ? 'The ' + name : name;
}

/** A mix of people, bands, stage names and collaborations, with the odd casing real credits have. */
export function artistName(rng: Rng): string {
  const r = rng.float();
  if (r < 0.38) return personName(rng);
  if (r < 0.66) return bandName(rng);
  if (r < 0.74) return rng.pick(ARTIST_PREFIXES) + rng.pick(STAGE_NAMES);
  if (r < 0.8) return rng.pick(STAGE_NAMES) + ' ' + rng.pick(BAND_WORDS);
  if (r < 0.9) return personName(rng) + rng.pick(FEATURING) + personName(rng);
  if (r < 0.95) return personName(rng).toUpperCase();
  return rng.pick(LAST_NAMES).toLowerCase() + rng.pick(['', 'ical', 'trix', 'o']);
}

/** Song length in seconds with five decimals, spread like the real durations (median ~230 s). */
export function songSeconds(rng: Rng): number {
  const s = rng.chance(0.02) ? rng.logNormal(600, 0.6) : rng.logNormal(230, 0.32);
  const clamped = Math.min(3000, Math.max(15, s));
  return Math.round(clamped * 100000) / 100000;
}
