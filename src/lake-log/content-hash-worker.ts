import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';

// A worker thread of contentHashes: the SHA-1 of each file, read 1 MB at a time (a day's log can be gigabytes).
const paths = workerData as string[];
const buffer = Buffer.allocUnsafe(2 ** 20);
const hashes = paths.map((file) => {
  const hash = crypto.createHash('sha1');
  const fd = fs.openSync(file, 'r');
  try {
    for (let got = fs.readSync(fd, buffer, 0, buffer.length, null); got > 0; got = fs.readSync(fd, buffer, 0, buffer.length, null)) {
      hash.update(buffer.subarray(0, got));
    }
  } finally {
    fs.closeSync(fd);
  }
  return hash.digest('hex');
});
parentPort!.postMessage(hashes);
