package io.keyfleet.operator.chart;

import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.keyfleet.operator.testing.LocalControlPlane;
import io.keyfleet.operator.testing.Tools;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The chart charts/keyfleet as the pinned helm CLI sees it: linted and rendered with given values
 * for the Kubernetes version of the test plane (our helm is built without the version stamp the
 * release builds carry, so it would otherwise assume v1.20 and refuse the chart's kubeVersion).
 */
final class KeyfleetChart {
  private final KubernetesClient client;
  private final String kubeVersion;

  KeyfleetChart(LocalControlPlane plane) {
    this.client = plane.client();
    this.kubeVersion = client.getKubernetesVersion().getGitVersion();
  }

  static Path dir() {
    return LocalControlPlane.repositoryRoot().resolve("charts/keyfleet");
  }

  /** helm lint --strict with the given values. */
  Tools.Result lint(Map<String, Object> values, Path work) {
    return Tools.run("helm", work, "lint", dir().toString(), "--strict", "--kube-version", kubeVersion,
        "-f", valuesFile(values, work).toString());
  }

  /** helm template with the given values (and any further helm arguments); fails on no error itself. */
  Tools.Result template(String release, String namespace, Map<String, Object> values, Path work, String... more) {
    List<String> args = new ArrayList<>(List.of("template", release, dir().toString(), "--namespace", namespace,
        "--kube-version", kubeVersion, "-f", valuesFile(values, work).toString()));
    args.addAll(List.of(more));
    return Tools.run("helm", work, args.toArray(String[]::new));
  }

  /** The rendered documents, or an exception with helm's message when rendering failed. */
  Rendering render(String release, String namespace, Map<String, Object> values, Path work) {
    Tools.Result r = template(release, namespace, values, work);
    if (r.exitCode() != 0) {
      throw new IllegalStateException("helm template failed:\n" + r.output());
    }
    return new Rendering(r.output(), client.load(new ByteArrayInputStream(r.output().getBytes(StandardCharsets.UTF_8))).items());
  }

  /** A fresh namespace where Pod Security Admission enforces, and warns about, "restricted". */
  static String restrictedNamespace(LocalControlPlane plane, String prefix) {
    String name = plane.createNamespace(prefix);
    plane.client().namespaces().withName(name).edit(ns -> {
      ns.getMetadata().getLabels().put("pod-security.kubernetes.io/enforce", "restricted");
      ns.getMetadata().getLabels().put("pod-security.kubernetes.io/warn", "restricted");
      return ns;
    });
    return name;
  }

  private Path valuesFile(Map<String, Object> values, Path work) {
    try {
      return Files.writeString(Files.createTempFile(work, "values", ".yaml"), client.getKubernetesSerialization().asYaml(values));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** What helm template printed, and the objects in it. */
  record Rendering(String yaml, List<HasMetadata> objects) {
    <T extends HasMetadata> List<T> all(Class<T> type) {
      return objects.stream().filter(type::isInstance).map(type::cast).toList();
    }

    <T extends HasMetadata> T one(Class<T> type) {
      List<T> found = all(type);
      if (found.size() != 1) {
        throw new AssertionError("expected one " + type.getSimpleName() + ", rendered " + found.size());
      }
      return found.get(0);
    }

    List<HasMetadata> ofKind(String kind) {
      return objects.stream().filter(o -> o.getKind().equals(kind)).toList();
    }

    /** The operator container's environment as literal values (valueFrom entries left out). */
    Map<String, String> operatorEnvironment() {
      Map<String, String> env = new LinkedHashMap<>();
      for (EnvVar e : one(Deployment.class).getSpec().getTemplate().getSpec().getContainers().get(0).getEnv()) {
        if (e.getValue() != null) {
          env.put(e.getName(), e.getValue());
        }
      }
      return env;
    }

    /** The rendered YAML written to a file, for kubectl -f. */
    Path write(Path work) {
      try {
        return Files.writeString(Files.createTempFile(work, "rendered", ".yaml"), yaml);
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
    }
  }
}
