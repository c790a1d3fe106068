package io.keyfleet.api.docs;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GithubSlugsTest {
  // Anchors as github-slugger (what github.com uses) computes them.
  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '"',
      value = {
        "Quick start (a fresh machine, nothing else installed) | quick-start-a-fresh-machine-nothing-else-installed",
        "Keyfleet: product design | keyfleet-product-design",
        "Resources (group `keyfleet.io`, version `v1alpha1`, namespaced, status subresource) | resources-group-keyfleetio-version-v1alpha1-namespaced-status-subresource",
        "N=10,000, after the first optimisations | n10000-after-the-first-optimisations",
        "MDCG 2019-16, practice by practice | mdcg-2019-16-practice-by-practice",
        "`spec.strategy.waves[]` | specstrategywaves",
        "Where keys live, and why | where-keys-live-and-why",
        "snake_case stays, _emphasis_ goes | snake_case-stays-emphasis-goes",
        "**Bold** and [a link](x.md) | bold-and-a-link",
        "Über Größe | über-größe",
        "  Trailing spaces   | trailing-spaces",
        "a -- b | a----b",
      })
  void slugIsTheHeadingTextLowerCasedWithoutPunctuation(String heading, String anchor) {
    assertThat(GithubSlugs.slug(heading)).isEqualTo(anchor);
  }

  @Test
  void repeatedHeadingsAreNumberedInOrder() {
    GithubSlugs slugs = new GithubSlugs();
    assertThat(slugs.next("Results")).isEqualTo("results");
    assertThat(slugs.next("Against the goals")).isEqualTo("against-the-goals");
    assertThat(slugs.next("Results")).isEqualTo("results-1");
    assertThat(slugs.next("Results")).isEqualTo("results-2");
    // A heading that reads like a numbered repeat is numbered in turn.
    assertThat(slugs.next("Results 1")).isEqualTo("results-1-1");
  }
}
