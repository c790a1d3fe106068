package io.keyfleet.operator.campaign;

import static org.assertj.core.api.Assertions.assertThat;

import io.keyfleet.api.v1alpha1.campaign.Wave;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class WavePlanTest {
  static List<Wave> waves(String spec) {
    List<Wave> waves = new ArrayList<>();
    for (String w : spec.split(" ")) {
      Wave wave = new Wave();
      if (w.endsWith("%")) {
        wave.setPercent(Integer.parseInt(w.substring(0, w.length() - 1)));
      } else {
        wave.setCount(Integer.parseInt(w));
      }
      waves.add(wave);
    }
    return waves;
  }

  @ParameterizedTest(name = "{0} of {1} -> {2}")
  @CsvSource({
    "10% 45% 45%, 300, 30 135 135",
    "10% 45% 45%, 7, 1 3 3", // a canary gets at least one device
    "10% 45% 45%, 0, 0 0 0",
    "10% 20%, 100, 10 90", // devices no wave covers join the last wave
    "5 100%, 300, 5 295",
    "50 50 50, 120, 50 50 20", // counts beyond the devices left shrink
    "100%, 42, 42",
    "1% 1% 98%, 10, 1 1 8",
  })
  void sizes(String spec, int eligible, String expected) {
    List<Integer> want = Arrays.stream(expected.split(" ")).map(Integer::parseInt).toList();
    List<Integer> sizes = WavePlan.sizes(waves(spec), eligible);
    assertThat(sizes).isEqualTo(want);
    assertThat(sizes.stream().mapToInt(Integer::intValue).sum()).as("every eligible device is in a wave").isEqualTo(eligible);
  }

  @Test
  void theOrderIsStableAndDiffersPerCampaign() {
    List<String> ids = IntStream.range(0, 1000).mapToObj(i -> "PUMP-" + i).toList();
    Comparator<String> a = Comparator.comparingLong(id -> WavePlan.rank("ns/campaign-a", id));
    Comparator<String> b = Comparator.comparingLong(id -> WavePlan.rank("ns/campaign-b", id));
    List<String> first = ids.stream().sorted(a).toList();
    assertThat(ids.stream().sorted(a).toList()).as("same order every time").isEqualTo(first);
    assertThat(ids.stream().sorted(b).limit(100).toList()).as("another campaign picks other canaries").isNotEqualTo(first.subList(0, 100));
    // not the creation order: the first 100 by rank are spread over the whole range
    assertThat(first.subList(0, 100).stream().mapToInt(id -> Integer.parseInt(id.substring(5))).max().getAsInt()).isGreaterThan(500);
  }
}
