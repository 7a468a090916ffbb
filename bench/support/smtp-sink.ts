import { SMTPServer } from 'smtp-server';

/**
 * A real SMTP server on 127.0.0.1 and a free port that accepts every mail and drops it: the
 * example refuses to start under NODE_ENV=production without `TOKENWARD_SMTP_URL` (its logging
 * mailer is development-only), and registration sends a verification mail. The benches measure
 * the guard and the login, not mail, so nothing is parsed or kept.
 */
export async function startSmtpSink(): Promise<{
  url: string;
  stop(): Promise<void>;
}> {
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    logger: false,
    onData(stream, _session, callback) {
      stream.on('end', () => callback());
      stream.resume();
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.server.address() as { port: number };
  return {
    url: `smtp://127.0.0.1:${port}`,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
