import type { Column, Table, TableInput } from '@aws-sdk/client-glue';

/** What registering a table would change in the table Glue holds, by what a reader notices. */
export interface GlueTableChanges {
  /** Columns (partition keys included) the catalog declares and Glue lacks. */
  added: string[];
  /** Columns Glue holds and the catalog no longer declares. */
  removed: string[];
  retyped: { column: string; from: string; to: string }[];
  /** Everything else that differs, named: the location, partition keys, descriptions, parameters, storage format. */
  other: string[];
}

const names = (columns: Column[] | undefined) => (columns ?? []).map((c) => c.Name ?? '');
const sameType = (a: string | undefined, b: string | undefined) => (a ?? '').trim().toLowerCase() === (b ?? '').trim().toLowerCase();

/**
 * The differences between the table Glue holds and the one the catalog defines. Only what the kit registers is
 * compared: parameters others added (Lake Formation's, a user's) and Glue's own bookkeeping are not differences.
 */
export function glueTableChanges(held: Table, wanted: TableInput): GlueTableChanges {
  const heldColumns = [...(held.StorageDescriptor?.Columns ?? []), ...(held.PartitionKeys ?? [])];
  const wantedColumns = [...(wanted.StorageDescriptor?.Columns ?? []), ...(wanted.PartitionKeys ?? [])];
  const heldByName = new Map(heldColumns.map((c) => [c.Name ?? '', c]));
  const wantedNames = new Set(names(wantedColumns));
  const changes: GlueTableChanges = {
    added: wantedColumns.filter((c) => !heldByName.has(c.Name!)).map((c) => c.Name!),
    removed: heldColumns.filter((c) => !wantedNames.has(c.Name ?? '')).map((c) => c.Name ?? ''),
    retyped: [],
    other: [],
  };
  const commented: string[] = [];
  for (const c of wantedColumns) {
    const h = heldByName.get(c.Name!);
    if (!h) continue;
    if (!sameType(h.Type, c.Type)) changes.retyped.push({ column: c.Name!, from: h.Type ?? '(none)', to: c.Type! });
    if ((h.Comment ?? '') !== (c.Comment ?? '')) commented.push(c.Name!);
  }
  const [heldKeys, wantedKeys] = [names(held.PartitionKeys), names(wanted.PartitionKeys)];
  if (heldKeys.join() !== wantedKeys.join()) changes.other.push(`partition keys ${heldKeys.join(', ') || '(none)'} → ${wantedKeys.join(', ') || '(none)'}`);
  if (changes.added.length === 0 && changes.removed.length === 0 && names(held.StorageDescriptor?.Columns).join() !== names(wanted.StorageDescriptor?.Columns).join()) {
    changes.other.push('column order');
  }
  if (commented.length > 0) changes.other.push(`column descriptions (${commented.join(', ')})`);
  if ((held.Description ?? '') !== (wanted.Description ?? '')) changes.other.push('table description');
  const [heldLocation, wantedLocation] = [held.StorageDescriptor?.Location ?? '(none)', wanted.StorageDescriptor?.Location ?? '(none)'];
  if (heldLocation !== wantedLocation) changes.other.push(`location ${heldLocation} → ${wantedLocation}`);
  if ((held.TableType ?? '') !== (wanted.TableType ?? '')) changes.other.push(`table type ${held.TableType ?? '(none)'} → ${wanted.TableType}`);
  const parameters = Object.entries(wanted.Parameters ?? {}).filter(([k, v]) => held.Parameters?.[k] !== v).map(([k]) => k);
  if (parameters.length > 0) changes.other.push(`parameters ${parameters.join(', ')}`);
  const [hs, ws] = [held.StorageDescriptor, wanted.StorageDescriptor];
  const serde = (sd: typeof hs) => JSON.stringify([sd?.InputFormat, sd?.OutputFormat, sd?.SerdeInfo?.SerializationLibrary, sd?.SerdeInfo?.Parameters?.path, sd?.SerdeInfo?.Parameters?.['serialization.format']]);
  if (serde(hs) !== serde(ws)) changes.other.push('storage format');
  return changes;
}

export function hasChanges(changes: GlueTableChanges): boolean {
  return changes.added.length + changes.removed.length + changes.retyped.length + changes.other.length > 0;
}

/** The changes as one clause: "columns added user_agent; type changed level int → string; location …". */
export function describeChanges(changes: GlueTableChanges): string {
  const plural = (n: number, word: string) => (n === 1 ? word : `${word}s`);
  return [
    changes.added.length > 0 ? `${plural(changes.added.length, 'column')} added ${changes.added.join(', ')}` : '',
    changes.removed.length > 0 ? `${plural(changes.removed.length, 'column')} removed ${changes.removed.join(', ')}` : '',
    changes.retyped.length > 0 ? `type changed ${changes.retyped.map((r) => `${r.column} ${r.from} → ${r.to}`).join(', ')}` : '',
    ...changes.other,
  ]
    .filter(Boolean)
    .join('; ');
}
