/** How many uploads one user may have in progress at once, per API process. */
export const MAX_CONCURRENT_UPLOADS_PER_USER = 2;

/**
 * Counts the uploads each user has in progress. `tryAcquire` hands out a release function
 * (safe to call more than once) or null when the user already holds every slot. Per process:
 * with several API instances behind a balancer the cap is per instance.
 */
export class UploadSlots {
  private readonly held = new Map<string, number>();

  constructor(readonly perUser: number = MAX_CONCURRENT_UPLOADS_PER_USER) {}

  tryAcquire(userId: string): (() => void) | null {
    const n = this.held.get(userId) ?? 0;
    if (n >= this.perUser) return null;
    this.held.set(userId, n + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const left = (this.held.get(userId) ?? 1) - 1;
      if (left > 0) this.held.set(userId, left);
      else this.held.delete(userId);
    };
  }

  inProgress(userId: string): number {
    return this.held.get(userId) ?? 0;
  }
}
