package io.keyfleet.operator.metrics;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.keyfleet.operator.http.OperatorHttpServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** {@code GET /metrics}: brings the status gauges up to date, then answers the scrape. */
public final class MetricsEndpoint implements HttpHandler {
  public static final String PATH = "/metrics";

  private final OperatorMeters meters;
  private final StatusGauges gauges;

  public MetricsEndpoint(OperatorMeters meters, StatusGauges gauges) {
    this.meters = meters;
    this.gauges = gauges;
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      if (!exchange.getRequestURI().getPath().equals(PATH)) {
        OperatorHttpServer.respond(exchange, 404, "text/plain; charset=utf-8", new byte[0]);
      } else if (!exchange.getRequestMethod().equals("GET")) {
        exchange.getResponseHeaders().set("Allow", "GET");
        OperatorHttpServer.respond(exchange, 405, "text/plain; charset=utf-8", new byte[0]);
      } else {
        gauges.refresh();
        OperatorHttpServer.respond(exchange, 200, OperatorMeters.CONTENT_TYPE, meters.scrape().getBytes(StandardCharsets.UTF_8));
      }
    }
  }
}
