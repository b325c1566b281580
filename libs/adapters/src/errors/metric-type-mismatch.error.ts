import { AdaptersMessages } from '../adapters.messages';

/** A metric name asked for as two different kinds (counter, then histogram). */
export class MetricTypeMismatchError extends Error {
  override readonly name = 'MetricTypeMismatchError';

  constructor(
    readonly metricName: string,
    readonly existing: string,
    readonly requested: string,
  ) {
    super(AdaptersMessages.metricTypeMismatch(metricName, existing, requested));
  }
}
