package io.keyfleet.operator.health;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;

/**
 * Serves /healthz (the process works: restart it if not) and /readyz (it is started and can take
 * traffic; a standby replica waiting for the lease is ready too).
 */
public final class HealthServer implements AutoCloseable {
  private final HttpServer server;

  public HealthServer(int port, BooleanSupplier live, BooleanSupplier ready, java.util.function.Supplier<String> detail)
      throws IOException {
    server = HttpServer.create(new InetSocketAddress(port), 0);
    server.createContext("/healthz", exchange -> respond(exchange, live.getAsBoolean(), detail.get()));
    server.createContext("/readyz", exchange -> respond(exchange, ready.getAsBoolean(), detail.get()));
    server.setExecutor(Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "health-server");
      t.setDaemon(true);
      return t;
    }));
    server.start();
  }

  /** The port it listens on (useful when it was started on port 0). */
  public int port() {
    return server.getAddress().getPort();
  }

  private static void respond(HttpExchange exchange, boolean ok, String detail) throws IOException {
    byte[] body = ("{\"status\":\"" + (ok ? "ok" : "failing") + "\"," + detail + "}\n").getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(ok ? 200 : 503, body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
