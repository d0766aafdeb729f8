import { DEFAULT_EMR_SHAPE, emrCostInputs, type CostAssumptions } from '../aws-cost/emr-estimate';

// The estimate lives in src/engines/aws-cost/ with the prices and rates it reads, shared with EMR Serverless's.
export { costByCoreNodes, estimateEmrCost, type CostAssumptions, type CostEstimate, type CostPhase } from '../aws-cost/emr-estimate';

/**
 * The full Udacity dataset on the default cluster (1 primary + 2 core m5.xlarge in us-west-2): prices from
 * src/engines/aws-cost/prices.json, sizes as commonly reported (~14,900 song files, the sample's 30 log files,
 * ~10,000 `songs` partition folders; docs/spark-emr.md), events per vCPU-second and Spark's start-up measured by
 * the kit's own Spark runs (bench/results.json, read when this module loads), S3 request rates assumed.
 * `estimateEmrRun(DEFAULT_EMR_SHAPE)` gives the same estimate with each figure's basis and source.
 */
export const FULL_DATASET_ASSUMPTIONS: CostAssumptions = emrCostInputs(DEFAULT_EMR_SHAPE).inputs;
