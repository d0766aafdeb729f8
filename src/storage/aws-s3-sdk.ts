import type * as ClientS3 from '@aws-sdk/client-s3';
import type * as LibStorage from '@aws-sdk/lib-storage';

// The AWS SDK's S3 modules, loaded on first use: ~120 ms of start-up that a run on local folders need not pay.
// eslint-disable-next-line @typescript-eslint/no-require-imports
export const clientS3 = (): typeof ClientS3 => require('@aws-sdk/client-s3');
// eslint-disable-next-line @typescript-eslint/no-require-imports
export const libStorage = (): typeof LibStorage => require('@aws-sdk/lib-storage');
