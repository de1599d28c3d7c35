import { describe, expect, it } from 'vitest';
import { MAX_TIMER_MS } from '../../machines/waits.js';
import { setLongTimeout } from '../../src/process/long-timer.js';

describe('setLongTimeout', () => {
  it('does not fire early for a delay past the timer range (setTimeout would fire after 1 ms)', async () => {
    let fired = 0;
    const timer = setLongTimeout(() => {
      fired += 1;
    }, MAX_TIMER_MS + 1_000);
    // Timers fire in due order: an overflowed one (due in 1 ms) would run before this 50 ms one.
    await new Promise((resolve) => setTimeout(resolve, 50));
    timer.clear();
    expect(fired).toBe(0);
  });

  it('fires once after a short delay, and not at all once cleared', async () => {
    const order: string[] = [];
    setLongTimeout(() => order.push('long'), 5);
    const cleared = setLongTimeout(() => order.push('cleared'), 5);
    cleared.clear();
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(order).toEqual(['long']);
  });
});
