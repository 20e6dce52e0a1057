// The package ships no types; this is the part of its prom2json-compatible output the tests read.
// (`export =` matches its CommonJS build, `module.exports = parsePrometheusTextFormat`.)
declare module 'parse-prometheus-text-format' {
  namespace parsePrometheusTextFormat {
    interface PromSample {
      labels?: Record<string, string>;
      value?: string;
      buckets?: Record<string, string>;
      count?: string;
      sum?: string;
    }
    interface PromFamily {
      name: string;
      help: string;
      type: 'COUNTER' | 'GAUGE' | 'HISTOGRAM' | 'SUMMARY' | 'UNTYPED';
      metrics: PromSample[];
    }
  }
  function parsePrometheusTextFormat(text: string): parsePrometheusTextFormat.PromFamily[];
  export = parsePrometheusTextFormat;
}
