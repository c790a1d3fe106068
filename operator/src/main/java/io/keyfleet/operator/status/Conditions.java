package io.keyfleet.operator.status;

import io.keyfleet.api.v1alpha1.common.Condition;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Builds the conditions of a status from what a reconcile decided. A condition keeps its
 * lastTransitionTime while its status stays the same; Ready comes first, the rest by type.
 */
public final class Conditions {
  private Conditions() {}

  /** A decided condition, before times and generations are attached. */
  public record Decision(String type, Condition.Status status, String reason, String message) {
    public static Decision isTrue(String type, String reason, String message) {
      return new Decision(type, Condition.Status.True, reason, message);
    }

    public static Decision isFalse(String type, String reason, String message) {
      return new Decision(type, Condition.Status.False, reason, message);
    }

    public static Decision unknown(String type, String reason, String message) {
      return new Decision(type, Condition.Status.Unknown, reason, message);
    }
  }

  /**
   * The conditions to publish: one per decision, with lastTransitionTime carried over from the
   * current condition of the same type when its status did not change.
   */
  public static List<Condition> merge(
      List<Condition> current, List<Decision> decisions, long generation, Clock clock) {
    Map<String, Condition> byType =
        (current == null ? List.<Condition>of() : current)
            .stream().collect(Collectors.toMap(Condition::getType, Function.identity(), (a, b) -> a));
    String now = format(clock.instant());
    List<Condition> result = new ArrayList<>();
    for (Decision d : decisions) {
      Condition previous = byType.get(d.type());
      String since =
          previous != null && previous.getStatus() == d.status() && previous.getLastTransitionTime() != null
              ? previous.getLastTransitionTime()
              : now;
      result.add(
          Condition.builder()
              .type(d.type())
              .status(d.status())
              .reason(d.reason())
              .message(d.message())
              .observedGeneration(generation)
              .lastTransitionTime(since)
              .build());
    }
    result.sort(Comparator.comparing((Condition c) -> !c.getType().equals("Ready")).thenComparing(Condition::getType));
    return result;
  }

  /** The condition of a type, if present. */
  public static java.util.Optional<Condition> find(List<Condition> conditions, String type) {
    return conditions == null
        ? java.util.Optional.empty()
        : conditions.stream().filter(c -> Objects.equals(c.getType(), type)).findFirst();
  }

  /** Whether the condition of a type is True. */
  public static boolean isTrue(List<Condition> conditions, String type) {
    return find(conditions, type).map(c -> c.getStatus() == Condition.Status.True).orElse(false);
  }

  /** RFC 3339 in UTC to the second, as Kubernetes writes times. */
  public static String format(Instant instant) {
    return DateTimeFormatter.ISO_INSTANT.format(instant.truncatedTo(ChronoUnit.SECONDS));
  }
}
