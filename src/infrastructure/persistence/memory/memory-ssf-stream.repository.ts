import { SsfStream } from '../../../domain/entities/ssf-stream.entity.js';
import { SsfStreamRepository } from '../../../domain/ports/ssf-stream.repository.js';

/** Process-local SSF streams (lost on restart, like everything on the memory store). */
export class MemorySsfStreamRepository extends SsfStreamRepository {
  private readonly byId = new Map<string, SsfStream>();

  async save(stream: SsfStream): Promise<void> {
    this.byId.set(stream.id, new SsfStream(stream));
  }

  async findById(id: string, now: Date): Promise<SsfStream | null> {
    const stream = this.byId.get(id);
    return stream !== undefined && live(stream, now)
      ? new SsfStream(stream)
      : null;
  }

  async findByClient(clientId: string, now: Date): Promise<SsfStream[]> {
    return (await this.findLive(now)).filter((s) => s.clientId === clientId);
  }

  async findLive(now: Date): Promise<SsfStream[]> {
    return [...this.byId.values()]
      .filter((s) => live(s, now))
      .sort(
        (a, b) =>
          a.createdAt.getTime() - b.createdAt.getTime() ||
          (a.id < b.id ? -1 : 1),
      )
      .map((s) => new SsfStream(s));
  }

  async remove(id: string): Promise<void> {
    this.byId.delete(id);
  }
}

function live(stream: SsfStream, now: Date): boolean {
  return stream.expiresAt.getTime() > now.getTime();
}
