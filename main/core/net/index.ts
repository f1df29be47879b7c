export { systemClock, sleep, type Clock } from './clock';
export { createLimiter, DEFAULT_MAX_IN_FLIGHT, type Limiter, type LimiterOptions } from './limiter';
export { withRetry, backoffDelay, DEFAULT_RETRY_POLICY, type RetryPolicy, type RetryVerdict, type RetryOptions } from './retry';
export { isRetryableStatus, parseRetryAfter } from './http';
export { allOrFirstError, sharedSignal } from './parallel';
export {
  boundedFetch,
  MAX_ANSWER_BYTES,
  AnswerBodyError,
  AnswerRefusedError,
  ExchangeDeadlineError,
  type BoundedAnswer,
  type Exchange,
  type FetchFn,
} from './bounded-fetch';
export { isHttpsOrLoopbackHttp, isLoopbackHostname } from './https-or-loopback';
