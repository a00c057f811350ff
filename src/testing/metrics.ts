// Reads a series from a spec's own Metrics: each spec builds its own, so values are absolute.
import type { Metrics } from '../telemetry/metrics.js';

/** The value of the series of `name` whose labels include `labels` (a histogram's: give `le: '+Inf'` for its count); 0 when there is none yet. */
export async function seriesValue({ registry }: Metrics, name: string, labels: Record<string, string> = {}): Promise<number> {
  const metric = registry.getSingleMetric(name);
  if (!metric) throw new Error(`no metric ${name}`);
  const found = (await metric.get()).values.find((value) => Object.entries(labels).every(([key, label]) => value.labels[key] === label));
  return found?.value ?? 0;
}
