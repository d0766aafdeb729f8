import * as v8 from 'node:v8';
import * as vm from 'node:vm';

v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;

/**
 * A full V8 collection. Polars frames hold native memory that is freed only when V8 collects their JS wrappers,
 * and V8 does not see that memory, so it does not hurry: between buckets of events, the last bucket's frames
 * (hundreds of MB of native memory behind a few small objects) are garbage that only this frees.
 */
export function collectGarbage(): void {
  gc();
}
