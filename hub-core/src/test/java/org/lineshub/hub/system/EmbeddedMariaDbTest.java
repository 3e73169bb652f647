package org.lineshub.hub.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;

class EmbeddedMariaDbTest {

    @Test
    void aDataDirectoryUnderTheTemporaryDirectoryIsHandedOverSoMariaDb4jKeepsIt() {
        Path underTmp = Path.of(System.getProperty("java.io.tmpdir"), "hub", "mariadb", "data");

        String configured = EmbeddedMariaDb.keptAcrossStarts(underTmp).getAbsolutePath();

        assertThat(configured).doesNotStartWith(System.getProperty("java.io.tmpdir"));
        assertThat(Path.of(configured).normalize()).isEqualTo(underTmp.toAbsolutePath().normalize());
    }

    @Test
    void otherDirectoriesAreHandedOverAsTheyAre() {
        Path elsewhere = Path.of("/srv/hub/data/mariadb/data");

        assertThat(EmbeddedMariaDb.keptAcrossStarts(elsewhere).getPath()).isEqualTo("/srv/hub/data/mariadb/data");
    }
}
