package io.keyfleet.operator.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * The operator's one HTTP port: /healthz (the process works: restart it if not), /readyz (started
 * and able to serve; a standby replica waiting for the lease is ready too), and whatever else is
 * registered (the CRL endpoint, /metrics).
 */
public final class OperatorHttpServer implements AutoCloseable {
  private final HttpServer server;

  public OperatorHttpServer(int port, BooleanSupplier live, BooleanSupplier ready, Supplier<String> detail) throws IOException {
    server = HttpServer.create(new InetSocketAddress(port), 0);
    server.createContext("/healthz", exchange -> health(exchange, live.getAsBoolean(), detail.get()));
    server.createContext("/readyz", exchange -> health(exchange, ready.getAsBoolean(), detail.get()));
    server.setExecutor(Executors.newFixedThreadPool(4, r -> {
      Thread t = new Thread(r, "http");
      t.setDaemon(true);
      return t;
    }));
    server.start();
  }

  /** Serves a path prefix. */
  public void handle(String path, HttpHandler handler) {
    server.createContext(path, handler);
  }

  /** The port it listens on (useful when it was started on port 0). */
  public int port() {
    return server.getAddress().getPort();
  }

  /** Writes a complete response. */
  public static void respond(HttpExchange exchange, int status, String contentType, byte[] body) throws IOException {
    exchange.getResponseHeaders().set("Content-Type", contentType);
    exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }

  private static void health(HttpExchange exchange, boolean ok, String detail) throws IOException {
    byte[] body = ("{\"status\":\"" + (ok ? "ok" : "failing") + "\"," + detail + "}\n").getBytes(StandardCharsets.UTF_8);
    respond(exchange, ok ? 200 : 503, "application/json", body);
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
