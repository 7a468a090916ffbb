// Types for scripts/mongo-test-server.mjs (plain ESM so it runs without a TypeScript build).

export interface MongoTestServer {
  /** e.g. `mongodb://127.0.0.1:40123`, no database name. */
  readonly uri: string;
  /** The port it listens on (start another on it to simulate a restart). */
  readonly port: number;
  /** The Java process, for fault tests (SIGSTOP / SIGCONT / SIGKILL). */
  readonly pid: number;
  /** Stops the server process and resolves once it has exited. */
  stop(): Promise<void>;
}

/** Fetches the server's jars into .mongo-test-server/lib with Maven unless already there. */
export function ensureMongoTestServerInstalled(): Promise<string>;

/** The JVM flags the server starts with by default (tuned for the test suites' small data). */
export const TEST_JAVA_OPTIONS: readonly string[];

/**
 * Starts the in-memory MongoDB-wire server on 127.0.0.1; port 0 picks a free port.
 * `javaOptions` replaces `TEST_JAVA_OPTIONS` (e.g. a heap and collector for a large bench).
 */
export function startMongoTestServer(options?: {
  port?: number;
  javaOptions?: readonly string[];
}): Promise<MongoTestServer>;
