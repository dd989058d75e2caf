// The server's own function, bundled into the UI, so the counter and the API's check agree
// character for character (twitter-text's weighting: URLs 23, CJK and emoji 2).
export {
  MAX_THREAD_SEGMENTS,
  weightedLength,
  X_MAX_WEIGHTED_LENGTH,
} from '../../../src/posts/weighted-length.js';
