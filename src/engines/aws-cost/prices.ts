import { UserError } from '../../errors';
import PRICES from './prices.json';

/** One instance type's on-demand price in a region: EC2 plus EMR's uplift, both per instance-hour. */
export interface InstancePrice {
  region: string;
  instanceType: string;
  ec2PerHour: number;
  emrPerHour: number;
  vcpus: number;
  memoryGiB: number;
  /** The price page and date the figures were taken from (prices.json). */
  source: string;
}

export type ServerlessArchitecture = 'x86_64' | 'arm64';

/** EMR Serverless rates in a region for one architecture. */
export interface ServerlessPrice {
  region: string;
  architecture: ServerlessArchitecture;
  perVcpuHour: number;
  perGbHour: number;
  /** Storage beyond `freeStorageGbPerWorker`, per GB-hour. */
  perStorageGbHour: number;
  freeStorageGbPerWorker: number;
  /** A worker is billed at least this long, however short its life. */
  minimumBilledSecondsPerWorker: number;
  source: string;
}

type RegionPrices = (typeof PRICES.regions)[keyof typeof PRICES.regions];
const REGIONS = PRICES.regions as Record<string, RegionPrices>;
const INSTANCE_TYPES = PRICES.instanceTypes as Record<string, { vcpus: number; memoryGiB: number; architecture: string }>;

export const KNOWN_REGIONS: string[] = Object.keys(REGIONS);
export const KNOWN_INSTANCE_TYPES: string[] = Object.keys(INSTANCE_TYPES);

function regionPrices(region: string): RegionPrices {
  const prices = REGIONS[region];
  if (!prices) throw new UserError(`no prices for region "${region}" (known: ${KNOWN_REGIONS.join(', ')}); add it to src/engines/aws-cost/prices.json`);
  return prices;
}

export function priceFor(region: string, instanceType: string): InstancePrice {
  const prices = regionPrices(region);
  const price = (prices.instances as Record<string, { ec2PerHour: number; emrPerHour: number }>)[instanceType];
  const spec = INSTANCE_TYPES[instanceType];
  if (!price || !spec) throw new UserError(`no price for instance type "${instanceType}" (known: ${KNOWN_INSTANCE_TYPES.join(', ')}); add it to src/engines/aws-cost/prices.json`);
  return { region, instanceType, ...price, vcpus: spec.vcpus, memoryGiB: spec.memoryGiB, source: prices.source };
}

/** `architecture` as the price list spells it or as the EMR Serverless API does (`X86_64`, `ARM64`). */
export function serverlessPriceFor(region: string, architecture: string = 'x86_64'): ServerlessPrice {
  const prices = regionPrices(region);
  const arch = architecture.toLowerCase() as ServerlessArchitecture;
  const rates = (prices.serverless as Record<string, { perVcpuHour: number; perGbHour: number; perStorageGbHour: number }>)[arch];
  if (!rates) throw new UserError(`no EMR Serverless price for architecture "${architecture}" (known: ${Object.keys(prices.serverless).join(', ')})`);
  return { region, architecture: arch, ...rates, ...PRICES.serverless, source: prices.source };
}
