package io.keyfleet.api.client;

import io.fabric8.kubernetes.client.Config;

/** How Keyfleet's programs (the operator, connectors, the simulator, the benchmarks) configure their Kubernetes client. */
public final class ClientConfigs {
  private ClientConfigs() {}

  /**
   * The configuration found in the usual places (in-cluster service account, or KUBECONFIG), with
   * one change for clients that authenticate with a client certificate and no token: Fabric8's
   * token-refresh interceptor, finding no token, would read and parse the kubeconfig again before
   * every request once the client is a minute old (a fifth of the operator's CPU in a campaign
   * benchmark). A token provider that has no token stops that; certificates are not refreshed by it
   * anyway. Token-based configurations are left as they are.
   */
  public static Config fromEnvironment() {
    return withoutTokenlessRefresh(Config.autoConfigure(null));
  }

  /** The same change on a given configuration. */
  public static Config withoutTokenlessRefresh(Config config) {
    boolean certificate = config.getClientCertData() != null || config.getClientCertFile() != null;
    if (certificate && config.getOauthToken() == null && config.getOauthTokenProvider() == null && config.getAuthProvider() == null) {
      config.setOauthTokenProvider(() -> null);
    }
    return config;
  }
}
