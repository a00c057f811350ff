// Reads /metrics as Prometheus would, through a text-format parser, and picks out series.
import parsePrometheusTextFormat from 'parse-prometheus-text-format';

export type Scrape = ReturnType<typeof parsePrometheusTextFormat>;

/**
 * GET /metrics, parsed; fails on anything but 200 in Prometheus' text format. The parser folds
 * all series of a histogram with labels into one (it knows only unlabelled histograms), so
 * histograms are read untyped: as their `_bucket`, `_sum` and `_count` series, each on its own.
 */
export async function scrape(url: string, headers: Record<string, string> = {}): Promise<Scrape> {
  const res = await fetch(url, { headers });
  if (res.status !== 200) throw new Error(`GET ${url}: ${res.status} ${await res.text()}`);
  if (!res.headers.get('content-type')?.startsWith('text/plain; version=0.0.4')) throw new Error(`GET ${url}: ${res.headers.get('content-type')}`);
  return parsePrometheusTextFormat((await res.text()).replace(/^(# TYPE \S+) histogram$/gm, '$1 untyped'));
}

/**
 * The value of the series of `name` (a histogram's: `<name>_count`) whose labels include
 * `labels`; 0 when there is no such series yet, as Prometheus' increase() reads a series that appears.
 */
export function value(scraped: Scrape, name: string, labels: Record<string, string> = {}): number {
  // A histogram's series come interleaved (buckets, sum, count per label set): one family per run.
  const samples = scraped.filter((family) => family.name === name).flatMap((family) => family.metrics);
  const sample = samples.find((metric) => Object.entries(labels).every(([key, label]) => metric.labels?.[key] === label));
  return sample ? Number(sample.value) : 0;
}

/** How much each series moved between two scrapes. */
export function moved(before: Scrape, after: Scrape, name: string, labels: Record<string, string> = {}): number {
  return value(after, name, labels) - value(before, name, labels);
}
