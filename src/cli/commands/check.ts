import { lakeToRead } from '../lake-option';
import { blockingFailures } from '../../quality/check-result';
import { checkLake } from '../../lake/check-lake';
import { formatCheckResults } from '../../quality/format-check-results';
import type { Command } from '../../core/command';

export const checkCommand: Command = {
  name: 'check',
  usage: `check --output PATH [--json]
            run the data-quality checks on a written lake; exit 1 when a blocking check fails`,
  options: {
    output: { type: 'string' },
    json: { type: 'boolean' },
  },
  async run(values) {
    const lake = await lakeToRead(values);
    const { results, manifest } = await checkLake(lake);
    if (values.json) process.stdout.write(JSON.stringify({ runId: manifest?.runId ?? null, checks: results }, null, 2) + '\n');
    else {
      const from = manifest ? `lake ${lake.location}, published by run ${manifest.runId}` : `lake ${lake.location} (no run manifest: reconciliation skipped)`;
      process.stdout.write(`${from}\n${formatCheckResults(results)}\n`);
    }
    const failures = blockingFailures(results);
    if (failures.length > 0) {
      process.stderr.write(`sparkify: ${failures.length} blocking check${failures.length === 1 ? '' : 's'} failed: ${failures.map((f) => f.name).join('; ')}\n`);
      return 1;
    }
    return 0;
  },
};
