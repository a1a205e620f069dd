// The Prometheus metrics of this process (server/infra/metrics/metrics.ts, prom-client) as OpenTelemetry
// metric data, for the OTLP metric exporter: a MetricProducer that reads prom-client's registry at
// each export, so the numbers are counted once, in one place, and served both ways (scraped at
// /api/metrics, pushed over OTLP). Counters become cumulative monotonic sums, gauges gauges, and
// histograms explicit-bucket histograms with the same bounds. Names and labels are kept as they
// are, so dashboards read the same series from either path.
import { type Attributes, ValueType } from "@opentelemetry/api";
import { hrTime, millisToHrTime } from "@opentelemetry/core";
import { emptyResource } from "@opentelemetry/resources";
import {
  AggregationTemporality,
  type CollectionResult,
  DataPointType,
  type MetricData,
  type MetricProducer,
} from "@opentelemetry/sdk-metrics";
import type { Registry } from "prom-client";

type PromValue = { value: number; labels: Record<string, string | number | undefined>; metricName?: string };
type PromMetric = { name: string; help: string; type: string; values: PromValue[] };

export type BridgeOptions = {
  /** Runs before each read (e.g. to refresh a gauge read from the database at scrape time). */
  beforeCollect?: () => Promise<void>;
  /** When the counts started (cumulative sums start there); default: now. */
  startTimeMs?: number;
};

export function prometheusMetricProducer(registry: Registry, options: BridgeOptions = {}): MetricProducer {
  const startTime = millisToHrTime(options.startTimeMs ?? Date.now());
  return {
    async collect(): Promise<CollectionResult> {
      const errors: unknown[] = [];
      if (options.beforeCollect) await options.beforeCollect().catch((error: unknown) => errors.push(error));
      const read = (await registry.getMetricsAsJSON()) as unknown as PromMetric[];
      const endTime = hrTime();
      const metrics = read.flatMap((metric) => toMetricData(metric, startTime, endTime));
      return {
        resourceMetrics: {
          // The reader puts the SDK's resource in its place.
          resource: emptyResource(),
          scopeMetrics: [{ scope: { name: "prom-client" }, metrics }],
        },
        errors,
      };
    },
  };
}

type HrTime = [number, number];

function unitOf(name: string): string {
  if (/_seconds(_total)?$/.test(name)) return "s";
  if (/_bytes(_total)?$/.test(name)) return "By";
  return "";
}

const attributesOf = (labels: PromValue["labels"]): Attributes =>
  Object.fromEntries(Object.entries(labels).filter(([, v]) => v !== undefined)) as Attributes;

/** One prom-client metric as OTel metric data (none for types OTLP has no direct match for). */
export function toMetricData(metric: PromMetric, startTime: HrTime, endTime: HrTime): MetricData[] {
  const descriptor = {
    name: metric.name,
    description: metric.help,
    unit: unitOf(metric.name),
    valueType: ValueType.DOUBLE,
  };
  const points = (values: PromValue[]) =>
    values.map((v) => ({ startTime, endTime, attributes: attributesOf(v.labels), value: v.value }));
  switch (metric.type) {
    case "counter":
      return [
        {
          descriptor,
          aggregationTemporality: AggregationTemporality.CUMULATIVE,
          dataPointType: DataPointType.SUM,
          isMonotonic: true,
          dataPoints: points(metric.values),
        },
      ];
    case "gauge":
      return [
        {
          descriptor,
          aggregationTemporality: AggregationTemporality.CUMULATIVE,
          dataPointType: DataPointType.GAUGE,
          dataPoints: points(metric.values),
        },
      ];
    case "histogram":
      return [
        {
          descriptor,
          aggregationTemporality: AggregationTemporality.CUMULATIVE,
          dataPointType: DataPointType.HISTOGRAM,
          dataPoints: histogramPoints(metric, startTime, endTime),
        },
      ];
    default:
      // Summaries (quantiles over a sliding window) have no OTLP equivalent; none is defined here.
      return [];
  }
}

/** prom-client gives each series as cumulative `_bucket{le}` counts, `_sum` and `_count`. */
function histogramPoints(metric: PromMetric, startTime: HrTime, endTime: HrTime) {
  type Series = { attributes: Attributes; bounds: Map<number, number>; sum: number; count: number };
  const series = new Map<string, Series>();
  for (const v of metric.values) {
    const { le, ...labels } = v.labels;
    const key = JSON.stringify(Object.entries(labels).sort(([a], [b]) => a.localeCompare(b)));
    let s = series.get(key);
    if (!s) {
      s = { attributes: attributesOf(labels), bounds: new Map(), sum: 0, count: 0 };
      series.set(key, s);
    }
    const kind = v.metricName?.slice(metric.name.length);
    if (kind === "_bucket" && le !== undefined && le !== "+Inf") s.bounds.set(Number(le), v.value);
    else if (kind === "_sum") s.sum = v.value;
    else if (kind === "_count") s.count = v.value;
  }
  return [...series.values()].map((s) => {
    const boundaries = [...s.bounds.keys()].sort((a, b) => a - b);
    // Cumulative counts to per-bucket counts, the last bucket holding what lies above every bound.
    const counts: number[] = [];
    let below = 0;
    for (const bound of boundaries) {
      const cumulative = s.bounds.get(bound) ?? below;
      counts.push(cumulative - below);
      below = cumulative;
    }
    counts.push(s.count - below);
    return {
      startTime,
      endTime,
      attributes: s.attributes,
      value: { buckets: { boundaries, counts }, sum: s.sum, count: s.count },
    };
  });
}
