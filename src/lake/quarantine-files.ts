import * as fs from 'node:fs';
import * as path from 'node:path';
import * as readline from 'node:readline';
import type { QuarantinedRecord } from '../core/quarantined-record';
import type { Storage } from '../storage/storage';

/**
 * A run's quarantine folder holds its records as JSON Lines in one or more `part-*` files, read in name order:
 * the local engine writes `part-00000.jsonl`; Spark writes from its executors, one file per task
 * (`part-00000-<uuid>-c000.txt`, …), in the records' order (sources, then files in path order, then lines).
 * Hidden names (`.crc`, `_SUCCESS`) are not records.
 */
export function isQuarantinePart(key: string): boolean {
  const name = key.slice(key.lastIndexOf('/') + 1);
  return name.startsWith('part-') && !key.includes('/');
}

/** The quarantine's part files directly in `storage`'s root, in name order. */
export async function quarantineParts(storage: Storage): Promise<string[]> {
  return (await storage.list()).map((o) => o.key).filter(isQuarantinePart).sort();
}

/**
 * Calls `visit` with each quarantined record of the folder, in order, reading the files line by line (a large
 * quarantine is never held whole). Nothing when the folder holds no part file.
 */
export async function forEachQuarantined(storage: Storage, visit: (record: QuarantinedRecord) => void): Promise<void> {
  const parts = await quarantineParts(storage);
  // One part at a time: from S3 each is downloaded to a local file first (a folder is read in place).
  for (const key of parts) {
    await storage.withLocalFiles([key], async (dir) => {
      const lines = readline.createInterface({ input: fs.createReadStream(path.join(dir, key)), crlfDelay: Infinity });
      for await (const line of lines) if (line.trim() !== '') visit(JSON.parse(line) as QuarantinedRecord);
    });
  }
}
