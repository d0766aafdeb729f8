import type { SourceDef } from '../catalog/types';
import type { FieldDrift } from '../core/run-contract';

/**
 * Counts schema drift while a source is read, file by file in input order: fields a record holds that the source
 * does not declare (the reader drops them; a daily job must still see them), and declared fields absent from every
 * record of a file (a renamed or removed field upstream). Nothing is quarantined for either.
 */
export class DriftTally {
  private readonly declared: Set<string>;
  private readonly found = new Map<string, FieldDrift>();
  private fileKeys = new Set<string>();
  private fileRecords = 0;
  /** The file each drift was last counted in (files are read in order, so a new file means one more). */
  private readonly lastFile = new Map<string, string>();

  constructor(private readonly source: SourceDef) {
    this.declared = new Set(source.fields.map((f) => f.name));
  }

  /** One loaded record of the current file, with its line. */
  record(file: string, line: number, record: Record<string, unknown>): void {
    this.fileRecords++;
    for (const key of Object.keys(record)) {
      this.fileKeys.add(key);
      if (!this.declared.has(key)) this.count(key, 'undeclared', file, line, 1);
    }
  }

  /** The end of a file read record by record: declared fields none of its records held. */
  endFile(file: string): void {
    this.missingIn(file, this.fileKeys, this.fileRecords);
    this.fileKeys = new Set();
    this.fileRecords = 0;
  }


  /** A file read natively (no undeclared keys): only missing declared fields can be counted. */
  nativeFile(file: string, keys: Set<string>, records: number): void {
    this.missingIn(file, keys, records);
  }

  result(): FieldDrift[] {
    return [...this.found.values()];
  }

  private missingIn(file: string, keys: Set<string>, records: number): void {
    if (records === 0) return;
    for (const field of this.source.fields) if (!keys.has(field.name)) this.count(field.name, 'missing', file, null, records);
  }

  private count(field: string, kind: FieldDrift['kind'], file: string, line: number | null, records: number): void {
    const key = `${kind}:${field}`;
    const seen = this.found.get(key);
    if (!seen) {
      this.found.set(key, { source: this.source.name, field, kind, records, files: 1, firstFile: file, firstLine: line });
      this.lastFile.set(key, file);
      return;
    }
    seen.records += records;
    if (this.lastFile.get(key) !== file) seen.files++;
    this.lastFile.set(key, file);
  }
}
