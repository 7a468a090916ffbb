import {
  RevocationChangeRepository,
  type RevocationChange,
} from '../../../domain/ports/revocation-change.repository.js';

/** How long entries are kept: past the farthest a poll looks back (24 h + tolerances), with margin. */
const RETENTION_MS = 25 * 60 * 60 * 1000;

/** Process-local change log, in recording order; entries older than 25 hours are dropped. */
export class MemoryRevocationChangeRepository extends RevocationChangeRepository {
  private entries: RevocationChange[] = [];

  async record(change: RevocationChange): Promise<void> {
    this.entries.push({ ...change });
    const oldest = change.recordedAt.getTime() - RETENTION_MS;
    if (this.entries[0].recordedAt.getTime() < oldest) {
      this.entries = this.entries.filter(
        (entry) => entry.recordedAt.getTime() >= oldest,
      );
    }
  }

  async findSince(since: Date): Promise<RevocationChange[]> {
    const threshold = since.getTime();
    return this.entries
      .filter((entry) => entry.recordedAt.getTime() > threshold)
      .sort((a, b) => a.recordedAt.getTime() - b.recordedAt.getTime())
      .map((entry) => ({ ...entry }));
  }
}
