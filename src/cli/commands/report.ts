import { lakeToRead } from '../lake-option';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { formatBytes } from '../../format';
import { buildReport } from '../../report/render-report';
import type { Command } from '../../core/command';

export const reportCommand: Command = {
  name: 'report',
  usage: `report --output PATH [--to FILE]
            write one self-contained HTML report (tables, checks, quarantine, skew, charts); default FILE out/report.html`,
  options: {
    output: { type: 'string' },
    to: { type: 'string' },
  },
  async run(values) {
    const html = await buildReport(await lakeToRead(values));
    const to = typeof values.to === 'string' && values.to !== '' ? values.to : path.join('out', 'report.html');
    fs.mkdirSync(path.dirname(path.resolve(to)), { recursive: true });
    fs.writeFileSync(to, html);
    process.stdout.write(`wrote ${to} (${formatBytes(Buffer.byteLength(html))})\n`);
    return 0;
  },
};
