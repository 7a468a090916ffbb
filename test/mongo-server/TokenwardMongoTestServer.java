// MongoDB-wire test server for nestjs-tokenward: mongo-java-server with its in-memory backend.
//
// Run with Java 17's single-file source launcher (no Maven compile step, see pom.xml):
//   java -cp '.mongo-test-server/lib/*' test/mongo-server/TokenwardMongoTestServer.java [port]
// Normally started by scripts/mongo-test-server.mjs; port 0 (the default) picks a free port.
//
// Contract with the parent process:
// - stdout gets exactly one line, MONGODB_URI=mongodb://127.0.0.1:<port>, once it is listening.
// - The server lives only as long as its stdin: the parent keeps a pipe open, and when the
//   parent exits (even killed with SIGKILL) the pipe closes and the server stops, so a crashed
//   test run never leaves a JVM behind. SIGTERM also stops it cleanly (shutdown hook).

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.MongoVersion;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.util.List;

public class TokenwardMongoTestServer {

  // The mongodb driver 7 (mongoose 9) rejects servers whose max wire version is below 9, and
  // mongo-java-server's ServerVersion enum stops at wire 8. The backend accepts any MongoVersion,
  // so report MongoDB 6.0 (wire 17); the project stays within what real MongoDB 6+ supports.
  private static final class Mongo60 implements MongoVersion {
    @Override
    public List<Integer> getVersionArray() {
      return List.of(6, 0, 0);
    }

    @Override
    public int getWireVersion() {
      return 17;
    }
  }

  public static void main(String[] args) throws Exception {
    int port = args.length > 0 ? Integer.parseInt(args[0]) : 0;

    MongoServer server = new MongoServer(new MemoryBackend().version(new Mongo60()));
    // Loopback only: this is a throwaway test database with no authentication.
    server.bind("127.0.0.1", port);
    Runtime.getRuntime().addShutdownHook(new Thread(server::shutdownNow, "mongo-shutdown"));

    InetSocketAddress address = server.getLocalAddress();
    System.out.println("MONGODB_URI=mongodb://127.0.0.1:" + address.getPort());
    System.out.flush();

    // Block until the parent closes our stdin (or dies), then exit; System.exit runs the hook.
    InputStream in = System.in;
    byte[] buffer = new byte[256];
    while (in.read(buffer) != -1) {
      // Input is ignored; only end-of-stream matters.
    }
    System.exit(0);
  }
}
