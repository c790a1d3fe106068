package io.keyfleet.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import io.keyfleet.simulator.ManifestCatalog.Entry;
import org.junit.jupiter.api.Test;

class ManifestCatalogTest {
  static Entry entry(long sequence, String model) {
    return entry(sequence, model, sequence);
  }

  /** A manifest made for a campaign at this sequence; id names the manifest (its digest). */
  static Entry entry(long sequence, String model, long id) {
    String digest = "sha256:" + String.format("%064x", id);
    return new Entry("127.0.0.1:5000/keyfleet/pumps@" + digest, digest, sequence, model);
  }

  @Test
  void replayForPicksTheNewestEntryOfTheModelNotNewerThanTheInstalledSequence() {
    ManifestCatalog catalog = new ManifestCatalog();
    catalog.seen(entry(3, "pump-x2"));
    catalog.seen(entry(1, "pump-x2"));
    catalog.seen(entry(5, "pump-x2"));
    catalog.seen(entry(4, "pump-x3"));

    assertThat(catalog.replayFor("pump-x2", 4)).contains(entry(3, "pump-x2"));
    assertThat(catalog.replayFor("pump-x2", 5)).contains(entry(5, "pump-x2"));
    assertThat(catalog.replayFor("pump-x2", 100)).contains(entry(5, "pump-x2"));
    assertThat(catalog.replayFor("pump-x2", 2)).contains(entry(1, "pump-x2"));
    assertThat(catalog.replayFor("pump-x3", 4)).contains(entry(4, "pump-x3"));
  }

  @Test
  void replayForFindsNothingWhenNothingQualifies() {
    ManifestCatalog catalog = new ManifestCatalog();
    assertThat(catalog.replayFor("pump-x2", 10)).isEmpty();

    catalog.seen(entry(3, "pump-x2"));
    catalog.seen(entry(2, "pump-x3"));

    assertThat(catalog.replayFor("pump-x2", 2)).isEmpty();
    assertThat(catalog.replayFor("pump-x2", 0)).isEmpty();
    assertThat(catalog.replayFor("pump-x4", 10)).isEmpty();
  }

  @Test
  void otherModelThanGivesAManifestNeverSeenForThatModel() {
    ManifestCatalog catalog = new ManifestCatalog();
    // manifest 7 covers both models; manifest 8 only pump-x3; manifest 9 only pump-x2
    catalog.seen(entry(7, "pump-x3", 7));
    catalog.seen(entry(7, "pump-x2", 7));
    catalog.seen(entry(8, "pump-x3", 8));
    catalog.seen(entry(9, "pump-x2", 9));

    assertThat(catalog.otherModelThan("pump-x2")).contains(entry(8, "pump-x3", 8));
    assertThat(catalog.otherModelThan("pump-x3")).contains(entry(9, "pump-x2", 9));
    assertThat(catalog.otherModelThan("pump-x4")).contains(entry(7, "pump-x3", 7));
  }

  @Test
  void otherModelThanFindsNothingWhenEveryManifestWasSeenForTheModel() {
    ManifestCatalog catalog = new ManifestCatalog();
    assertThat(catalog.otherModelThan("pump-x2")).isEmpty();

    catalog.seen(entry(1, "pump-x2", 1));
    catalog.seen(entry(1, "pump-x3", 1));
    catalog.seen(entry(2, "pump-x2", 2));

    assertThat(catalog.otherModelThan("pump-x2")).isEmpty();
    assertThat(catalog.otherModelThan("pump-x3")).contains(entry(2, "pump-x2", 2));
  }

  @Test
  void aManifestSeenAgainForTheSameModelIsIgnored() {
    ManifestCatalog catalog = new ManifestCatalog();
    catalog.seen(entry(2, "pump-x2", 42));
    catalog.seen(new Entry("elsewhere/pumps@x", entry(2, "pump-x2", 42).manifestDigest(), 9, "pump-x2"));

    assertThat(catalog.replayFor("pump-x2", 100)).contains(entry(2, "pump-x2", 42));
    assertThat(catalog.replayFor("pump-x2", 1)).isEmpty();
  }

  @Test
  void theSameManifestForAnotherModelIsKept() {
    ManifestCatalog catalog = new ManifestCatalog();
    catalog.seen(entry(2, "pump-x2", 42));
    catalog.seen(entry(2, "pump-x3", 42));

    assertThat(catalog.replayFor("pump-x3", 2)).contains(entry(2, "pump-x3", 42));
  }
}
