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

  /** One request of a `requests` sequence; `setupRequest` may rewrite it (e.g. its path) each time. */
  interface Request {
    method?: string;
    path?: string;
    headers?: Record<string, string>;
    setupRequest?: (req: Request, context: Record<string, unknown>) => Request;
  }

  interface Options {
    url: string;
    /** Stop after this many requests instead of after `duration`. */
    amount?: number;
    /** Requests sent in turn by every connection (instead of GET `url`). */
    requests?: Request[];
    connections?: number;
    /** Seconds. */
    duration?: number;
    pipelining?: number;
    headers?: Record<string, string>;
    /** Run in worker threads (the load generator then uses other cores). */
    workers?: number;
  }

  export interface Result {
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

  /** The running benchmark (with a callback): emits `response` per answer (latency in ms, fractional). */
  interface Instance {
    on(event: 'response', listener: (client: unknown, statusCode: number, resBytes: number, responseTime: number) => void): this;
    stop(): void;
  }

  function autocannon(opts: Options): Promise<Result>;
  function autocannon(opts: Options, cb: (err: Error | null, result: Result) => void): Instance;
  export default autocannon;
}
