/**
 * Waits for `work` at most `timeoutMs` (a graceful stop's grace period). Resolves `true` when it settled in time,
 * `false` when the time ran out first; a rejection of `work` in time rejects. The timer never outlives the wait.
 */
export async function settlesWithin(work: Promise<unknown>, timeoutMs: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), Math.max(0, timeoutMs));
  });
  try {
    return await Promise.race([work.then(() => true as const), deadline]);
  } finally {
    clearTimeout(timer);
  }
}
