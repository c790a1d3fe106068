package io.keyfleet.api.docs;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HeadingAnchorsTest {
  @Test
  void everyHeadingOutsideCodeGivesAnAnchor() {
    String md =
        """
        # Keyfleet

        ## Build and test ##

        ```bash
        # a comment, not a heading
        ```

        Setext title
        over two lines
        ==============

        Another one
        -----------

        - a list item
        ---

        | a | b |
        |---|---|

        #not-a-heading
        ### Results
        ### Results
        <a id="custom-anchor"></a>
        <!-- <a id="commented-out"></a> -->
        """;
    assertThat(HeadingAnchors.of(md))
        .containsExactly(
            "keyfleet",
            "build-and-test",
            "setext-title-over-two-lines",
            "another-one",
            "results",
            "results-1",
            "custom-anchor");
  }
}
