// The SSF transmitter's application layer built by hand (no Nest container) over the memory
// adapters, the real SET signer and a frozen clock: what the SSF handler specs share.
import { CreateSsfStreamHandler } from '../../src/application/commands/create-ssf-stream/create-ssf-stream.handler.js';
import { CreateSsfStreamCommand } from '../../src/application/commands/create-ssf-stream/create-ssf-stream.command.js';
import { PollSsfEventsHandler } from '../../src/application/commands/poll-ssf-events/poll-ssf-events.handler.js';
import { SetSsfStreamStatusHandler } from '../../src/application/commands/set-ssf-stream-status/set-ssf-stream-status.handler.js';
import { UpdateSsfStreamHandler } from '../../src/application/commands/update-ssf-stream/update-ssf-stream.handler.js';
import { SecurityEventTokenService } from '../../src/application/services/security-event-token.service.js';
import { SigningKeyRingService } from '../../src/application/services/signing-key-ring.service.js';
import { SsfDeliverySignal } from '../../src/application/services/ssf-delivery-signal.service.js';
import { SsfEventProducer } from '../../src/application/services/ssf-event-producer.service.js';
import { SsfOutbox } from '../../src/application/services/ssf-outbox.service.js';
import { SsfStreams } from '../../src/application/services/ssf-streams.service.js';
import { ManualClock } from '../../src/infrastructure/clock/manual.clock.js';
import { JoseSecurityEventSigner } from '../../src/infrastructure/crypto/jose-security-event.signer.js';
import { NodeSigningKeyMaterial } from '../../src/infrastructure/crypto/node-signing-key.material.js';
import { MemorySigningKeyRepository } from '../../src/infrastructure/persistence/memory/memory-signing-key.repository.js';
import { MemorySsfEventRepository } from '../../src/infrastructure/persistence/memory/memory-ssf-event.repository.js';
import { MemorySsfStreamRepository } from '../../src/infrastructure/persistence/memory/memory-ssf-stream.repository.js';
import { resolveAuthOptions } from '../../src/module/auth/auth.options-resolver.js';

export const SSF_KIT_ISSUER = 'https://auth.example.test';

export function createSsfKit() {
  const resolved = resolveAuthOptions({
    secret: 'ssf-kit-secret-0123456789abcdef-0123456789',
    issuer: SSF_KIT_ISSUER,
    signing: { algorithm: 'ES256' },
  });
  const config = resolved.config;
  const clock = new ManualClock(new Date('2026-06-01T00:00:00.000Z'));
  const material = new NodeSigningKeyMaterial(resolved.secret);
  const keys = new SigningKeyRingService(
    config,
    clock,
    new MemorySigningKeyRepository(),
    material,
  );
  const sets = new SecurityEventTokenService(
    config,
    clock,
    keys,
    new JoseSecurityEventSigner(material),
  );
  const streamRepo = new MemorySsfStreamRepository();
  const eventRepo = new MemorySsfEventRepository();
  const signal = new SsfDeliverySignal();
  const streams = new SsfStreams(config, streamRepo, eventRepo);
  const outbox = new SsfOutbox(streamRepo, eventRepo, sets, signal, clock);
  return {
    config,
    clock,
    streamRepo,
    eventRepo,
    outbox,
    producer: new SsfEventProducer(config, outbox),
    create: new CreateSsfStreamHandler(streamRepo, streams, clock),
    update: new UpdateSsfStreamHandler(streams, clock),
    status: new SetSsfStreamStatusHandler(streams, eventRepo, clock),
    poll: new PollSsfEventsHandler(streams, eventRepo, signal, clock),
    /** Creates a stream of `clientId` asking for `events`; returns its id. */
    async stream(clientId: string, events: string[]): Promise<string> {
      const view = await this.create.execute(
        new CreateSsfStreamCommand(clientId, events, null),
      );
      return view.streamId;
    },
  };
}
