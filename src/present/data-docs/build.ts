import * as fs from 'node:fs';
import * as path from 'node:path';
import { lakeRuns } from './lake-runs';
import { modelLineage } from './lineage';
import { dataDocsHtml, type DataDocs, type LakeSection } from './render';

/** The page's file name in the decks' folder: decks link to it by this relative href. */
export const DATA_DOCS_FILE = 'data-docs.html';

const isUri = (location: string) => /^[a-z][a-z0-9+.-]*:\/\//i.test(location);

/**
 * What the data docs show of a lake: its runs, or why there are none. A lake that is not there is not an error here
 * (the option parser already refused a missing lake the user named): the section says how to get one.
 */
export async function lakeSection(location: string): Promise<LakeSection> {
  if (!isUri(location) && !fs.existsSync(location)) return { kind: 'none', location };
  try {
    return { kind: 'runs', runs: await lakeRuns(location) };
  } catch (err) {
    return { kind: 'error', location, message: (err as Error).message };
  }
}

export async function buildDataDocs(lake: string, now = new Date()): Promise<DataDocs> {
  return { lineage: modelLineage(), lake: await lakeSection(lake), generatedAt: now };
}

/** Writes DIR/data-docs.html whole (a temporary file, then renamed); returns its path and what it showed. */
export async function writeDataDocs(outDir: string, lake: string): Promise<{ file: string; docs: DataDocs }> {
  const docs = await buildDataDocs(lake);
  const file = path.join(outDir, DATA_DOCS_FILE);
  const temp = `${file}.tmp-${process.pid}`;
  fs.writeFileSync(temp, dataDocsHtml(docs));
  fs.renameSync(temp, file);
  return { file, docs };
}
