// The server's own function, bundled into the UI, so the counter and the API's check agree
// character for character (twitter-text's weighting: URLs 23, CJK and emoji 2).
export {
  X_MAX_THREAD_SEGMENTS as MAX_THREAD_SEGMENTS,
  weightedLength,
  X_MAX_WEIGHTED_LENGTH,
  xLinks,
} from '../../../src/platforms/x/x-text-rules.js';
