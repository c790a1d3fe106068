package io.keyfleet.operator.revocation;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.keyfleet.operator.http.OperatorHttpServer;
import io.keyfleet.operator.pki.Pem;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Serves each fleet's CRL at {@code /crl/<namespace>/<fleet>.crl} (DER, application/pkix-crl, as
 * RFC 5280 distribution points expect) from the fleet's CRL ConfigMap, so every replica serves the
 * CRL the leader published.
 */
public final class CrlEndpoint implements HttpHandler {
  public static final String PATH = "/crl/";
  private static final Pattern ROUTE = Pattern.compile("^/crl/([a-z0-9-]{1,63})/([a-z0-9.-]{1,253})\\.crl$");

  private final KubernetesClient client;

  public CrlEndpoint(KubernetesClient client) {
    this.client = client;
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    Matcher m = ROUTE.matcher(exchange.getRequestURI().getPath());
    if (!exchange.getRequestMethod().equals("GET") || !m.matches()) {
      OperatorHttpServer.respond(exchange, 404, "text/plain", "not found\n".getBytes(StandardCharsets.UTF_8));
      return;
    }
    ConfigMap map;
    try {
      map = client.configMaps().inNamespace(m.group(1)).withName(CrlConfigMap.name(m.group(2))).get();
    } catch (RuntimeException e) {
      OperatorHttpServer.respond(exchange, 503, "text/plain", "CRL store unavailable\n".getBytes(StandardCharsets.UTF_8));
      return;
    }
    if (map == null || map.getData() == null || map.getData().get(CrlConfigMap.CRL_PEM) == null) {
      OperatorHttpServer.respond(exchange, 404, "text/plain", "no CRL for this fleet\n".getBytes(StandardCharsets.UTF_8));
      return;
    }
    byte[] der;
    try {
      der = Pem.parseCrl(map.getData().get(CrlConfigMap.CRL_PEM)).getEncoded();
    } catch (Exception e) {
      OperatorHttpServer.respond(exchange, 500, "text/plain", "stored CRL unreadable\n".getBytes(StandardCharsets.UTF_8));
      return;
    }
    exchange.getResponseHeaders().set("Cache-Control", "max-age=60");
    OperatorHttpServer.respond(exchange, 200, "application/pkix-crl", der);
  }
}
