/**
 * How long a change stays visible to `since` queries: the farthest a poll looks back, an instance
 * start loading the last access-token lifetime's changes (at most 24 h + clock tolerance + poll
 * overlap, the option ranges), with margin.
 */
const RETENTION_MS = 25 * 60 * 60 * 1000;

/**
 * Ids changed recently, so "changed since T" polls need not scan every record. Entries older
 * than 25 hours are dropped: a poll never looks back that far.
 */
export class RecentChanges {
  private readonly changedAt = new Map<string, number>();

  record(id: string, at: Date): void {
    // Re-insert so the map's iteration order stays oldest change first.
    this.changedAt.delete(id);
    this.changedAt.set(id, at.getTime());
    this.prune(at.getTime() - RETENTION_MS);
  }

  /** Ids whose last change is strictly after `since`. */
  since(since: Date): string[] {
    const threshold = since.getTime();
    const ids: string[] = [];
    for (const [id, at] of this.changedAt) if (at > threshold) ids.push(id);
    return ids;
  }

  private prune(before: number): void {
    for (const [id, at] of this.changedAt) {
      if (at >= before) return;
      this.changedAt.delete(id);
    }
  }
}
