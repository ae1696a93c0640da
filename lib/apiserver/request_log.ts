/**
 * A bounded log of the requests the server answered, for tests that assert what a client did ("the
 * controller made no write once converged", "kubectl sent a strategic merge patch").
 *
 * @module
 */

/** One answered request. */
export interface LoggedRequest {
  /** HTTP method. */
  method: string;
  /** Path and query. */
  url: string;
  /** Kubernetes verb (`get`, `list`, `watch`, `create`, `update`, `patch`, `delete`, …), or "" for non-resource paths. */
  verb: string;
  /** Response status code. */
  status: number;
  /** Request Content-Type, when it had a body. */
  contentType: string;
  /** The User-Agent header. */
  userAgent: string;
}

/** The last requests answered, oldest first. */
export class RequestLog {
  readonly #max: number;
  #entries: LoggedRequest[] = [];

  /**
   * A log keeping the last `max` requests.
   *
   * @param max entries kept. @default 10000
   */
  constructor(max = 10_000) {
    this.#max = max;
  }

  /** Records a request. */
  add(entry: LoggedRequest): void {
    this.#entries.push(entry);
    if (this.#entries.length > this.#max * 1.5) this.#entries = this.#entries.slice(-this.#max);
  }

  /** The requests kept, oldest first, optionally filtered. */
  entries(filter: (r: LoggedRequest) => boolean = () => true): LoggedRequest[] {
    return this.#entries.slice(-this.#max).filter(filter);
  }

  /** Forgets everything logged so far. */
  clear(): void {
    this.#entries = [];
  }
}
