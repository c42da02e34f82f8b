/**
 * The complaints service's test data, one entry point: route tests, end-to-end tests and the benchmark
 * build their complaints from these, so a valid lodging is written once (in the domain's specFixtures.ts,
 * where the domain's own specifications use it too).
 */
export {
  complaintBody,
  lodge,
  lodged,
  lodgeInput,
  lodging,
  lodgingBody,
  type Overridden,
  uniqueDigits,
} from '../domain/complaint/specFixtures.ts';
