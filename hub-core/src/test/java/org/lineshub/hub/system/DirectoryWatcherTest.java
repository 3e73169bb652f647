package org.lineshub.hub.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DirectoryWatcherTest {

    private final List<String> events = new ArrayList<>();

    private final DirectoryWatcher.Listener listener = new DirectoryWatcher.Listener() {
        @Override
        public void added(Path file) {
            events.add("added " + file.getFileName());
        }

        @Override
        public void changed(Path file) {
            events.add("changed " + file.getFileName());
        }

        @Override
        public void removed(Path file) {
            events.add("removed " + file.getFileName());
        }
    };

    @Test
    void theFirstScanReportsExistingFilesAtOnce(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("a.jar"), "a");
        Files.writeString(dir.resolve("notes.txt"), "not matched");

        new DirectoryWatcher(dir, "*.jar", listener).scan();

        assertThat(events).containsExactly("added a.jar");
    }

    @Test
    void aNewFileIsReportedOnlyOnceItStoppedChanging(@TempDir Path dir) throws Exception {
        DirectoryWatcher watcher = new DirectoryWatcher(dir, "*.jar", listener);
        watcher.scan();
        Path jar = dir.resolve("b.jar");
        Files.writeString(jar, "half");
        watcher.scan();
        assertThat(events).as("still being copied, perhaps").isEmpty();

        Files.writeString(jar, "half and the rest");
        Files.setLastModifiedTime(jar, FileTime.from(Instant.now().plusSeconds(5)));
        watcher.scan();
        assertThat(events).isEmpty();
        watcher.scan();
        assertThat(events).containsExactly("added b.jar");
    }

    @Test
    void changedAndRemovedFilesAreReported(@TempDir Path dir) throws Exception {
        Path jar = dir.resolve("c.jar");
        Files.writeString(jar, "v1");
        DirectoryWatcher watcher = new DirectoryWatcher(dir, "*.jar", listener);
        watcher.scan();

        Files.writeString(jar, "version 2");
        Files.setLastModifiedTime(jar, FileTime.from(Instant.now().plusSeconds(5)));
        watcher.scan();
        watcher.scan();
        Files.delete(jar);
        watcher.scan();

        assertThat(events).containsExactly("added c.jar", "changed c.jar", "removed c.jar");
    }

    @Test
    void anAcknowledgedFileIsNotReportedAgain(@TempDir Path dir) throws Exception {
        DirectoryWatcher watcher = new DirectoryWatcher(dir, "*.jar", listener);
        watcher.scan();
        Path jar = dir.resolve("d.jar");
        Files.writeString(jar, "uploaded");

        watcher.acknowledge(jar);
        watcher.scan();
        watcher.scan();

        assertThat(events).isEmpty();
    }
}
