import { parentPort, workerData } from 'node:worker_threads';
import type { SourceDef } from '../catalog/types';
import { checkFileForPolars, checkPayloadForPolars } from './native-text-check';
import type { TextCheckReply, TextCheckRequest } from './text-checks';

// A worker thread of TextChecks: checks one source's large files, in the order they are asked for.
const source = workerData as SourceDef;
parentPort!.on('message', (request: TextCheckRequest) => {
  const reply: TextCheckReply = { id: request.id, check: null };
  try {
    const check = 'path' in request ? checkFileForPolars(request.path, source) : checkPayloadForPolars(asBuffer(request.payload), source);
    reply.check = check && { ...check, declaredKeys: [...check.declaredKeys] };
  } catch (err) {
    reply.error = (err as Error).message;
  }
  parentPort!.postMessage(reply);
});

/** The bytes as a Buffer, without a copy (a posted Buffer arrives as a Uint8Array). */
function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}
