/**
 * The part of autocannon's API that the benchmarks use (the package ships no type declarations).
 * See node_modules/autocannon/README.md for the full options and result.
 */
declare module 'autocannon' {
  /** Percentiles and moments of one measured quantity. */
  interface Histogram {
    average: number;
    mean: number;
    stddev: number;
    min: number;
    max: number;
    total: number;
    p2_5: number;
    p50: number;
    p97_5: number;
    p99: number;
  }

  interface Options {
    url: string;
    connections?: number;
    /** Seconds. */
    duration?: number;
    pipelining?: number;
    headers?: Record<string, string>;
    /** Run in worker threads (the load generator then uses other cores). */
    workers?: number;
  }

  interface Result {
    /** Requests per second (per-second samples). */
    requests: Histogram;
    /** Latency in milliseconds. */
    latency: Histogram;
    /** Bytes per second. */
    throughput: Histogram;
    /** Seconds. */
    duration: number;
    errors: number;
    timeouts: number;
    non2xx: number;
    '2xx': number;
  }

  function autocannon(opts: Options): Promise<Result>;
  export default autocannon;
}
