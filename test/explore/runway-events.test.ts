/** The runway's headline phrases: a call's timeout (a retry storm) is not worded as a worker's job class. */
import { describe, expect, it } from 'vitest';
import { eventPhrase } from '../../src/explore/runway-events.js';
import type { Violation } from '../../src/plan/types.js';

const violation = (path: string): Violation => ({ component: 'api', kind: 'timeout', message: '', remedy: '', path });

describe('eventPhrase', () => {
  it('words a call’s timeout as the calls timing out, a worker’s class as the class', () => {
    expect(eventPhrase(violation('components.api.calls[0]'), undefined)).toBe('api: its calls time out, and the retries would feed a storm');
    expect(eventPhrase(violation('components.api.classes[1].timeout'), undefined)).toBe('api: a job class misses its timeout');
  });
});
