import type { FakeRequest, FakeX } from '../../test/fake-x/fake-x-server.js';

export const CREATE_ENDPOINT = 'POST /2/tweets';

/** The text a create request carried, as the fake X received it. */
export function createdText(request: FakeRequest): string | undefined {
  const body = request.body as { text?: unknown } | undefined;
  return typeof body?.text === 'string' ? body.text : undefined;
}

/** Every create request the fake received for `text`, answered or not, oldest first. */
export function createsOf(fake: FakeX, text: string): FakeRequest[] {
  return fake.requestsTo(CREATE_ENDPOINT).filter((r) => createdText(r) === text);
}

/** When the first create request for each text arrived at the fake X. */
export function firstCreateArrivals(fake: FakeX): Map<string, Date> {
  const arrivals = new Map<string, Date>();
  for (const request of fake.requestsTo(CREATE_ENDPOINT)) {
    const text = createdText(request);
    if (text !== undefined && !arrivals.has(text)) arrivals.set(text, request.at);
  }
  return arrivals;
}

/** How many live posts with each text (as X stores it: see xRewrite) an account has on the fake X. */
export function liveTextCounts(fake: FakeX, accountId: string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const tweet of fake.timeline(accountId)) {
    counts.set(tweet.text, (counts.get(tweet.text) ?? 0) + 1);
  }
  return counts;
}
