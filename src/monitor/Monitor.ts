import type { Query } from '../engine/index.js';
import { redactSecrets } from '../runtime/redactSecrets.js';
import { PrometheusMetrics } from './PrometheusMetrics.js';
import { queryView, type ErrorEntry, type QueryView } from './queryView.js';
import { readiness, type Readiness } from './readiness.js';

/** How many errors the console keeps per query. */
const RECENT_ERRORS = 10;

interface Watched {
  readonly query: Query;
  readonly text: string;
  readonly errors: ErrorEntry[];
}

/**
 * What the monitoring endpoints know: the queries it was given to watch, their
 * metrics and their last errors. It only listens to the queries; it never steers one.
 */
export class Monitor {
  readonly metrics = new PrometheusMetrics();
  private readonly watched: Watched[] = [];

  /** Follows a query; `sourceText` is the text it was compiled from, so the console can show the query's own statement. */
  watch(query: Query, sourceText?: string): void {
    const span = query.compiled.analyzed.span;
    const text = sourceText === undefined ? '' : sourceText.slice(span.offset, span.offset + span.length);
    const entry: Watched = { query, text, errors: [] };
    query.on('status', (s) => {
      if (s.state !== 'RETRYING' && s.state !== 'FAILED') return;
      entry.errors.push({ at: new Date().toISOString(), state: s.state, message: redactSecrets(s.error.message) });
      entry.errors.splice(0, Math.max(0, entry.errors.length - RECENT_ERRORS));
    });
    this.metrics.watch(query);
    this.watched.push(entry);
  }

  queries(): readonly Query[] {
    return this.watched.map((w) => w.query);
  }

  views(): QueryView[] {
    return this.watched.map((w) => queryView(w.query, w.text, [...w.errors]));
  }

  readiness(): Readiness {
    return readiness(this.queries());
  }
}
