package org.lineshub.hub.system;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches one directory for files matching a glob and reports them added, changed or removed. It polls instead of
 * using a {@link java.nio.file.WatchService} because a file is only reported once it has stopped changing for one
 * interval: a jar still being copied into the plugin directory is not loaded half-written. The first
 * {@link #scan()} reports every existing file at once.
 */
public final class DirectoryWatcher implements AutoCloseable {

    /** Receives changes; called on the watcher's thread, one call at a time. */
    public interface Listener {
        /** @param file a file that appeared */
        void added(Path file);

        /** @param file a known file whose content changed */
        void changed(Path file);

        /** @param file a known file that disappeared */
        void removed(Path file);
    }

    private record Stamp(long size, long modified) {
    }

    private static final Logger LOG = LoggerFactory.getLogger(DirectoryWatcher.class);

    private final Path dir;
    private final String glob;
    private final Listener listener;
    private final Map<Path, Stamp> reported = new HashMap<>();
    private final Map<Path, Stamp> settling = new HashMap<>();
    private ScheduledExecutorService executor;
    private boolean firstScanDone;

    /**
     * @param dir      the directory, created when missing
     * @param glob     which file names count, e.g. {@code *.jar}
     * @param listener who hears about changes
     */
    public DirectoryWatcher(Path dir, String glob, Listener listener) {
        this.dir = dir;
        this.glob = glob;
        this.listener = listener;
    }

    /**
     * Checks the directory once, now. The first call reports every matching file as added.
     */
    public synchronized void scan() {
        Map<Path, Stamp> current = list();
        boolean first = !firstScanDone;
        firstScanDone = true;
        Set<Path> gone = new HashSet<>(reported.keySet());
        gone.removeAll(current.keySet());
        for (Path file : gone) {
            reported.remove(file);
            notify(file, "removed", () -> listener.removed(file));
        }
        settling.keySet().retainAll(current.keySet());
        current.forEach((file, stamp) -> {
            Stamp known = reported.get(file);
            if (stamp.equals(known)) {
                settling.remove(file);
                return;
            }
            // report only once the file looks the same on two scans in a row
            if (!first && !stamp.equals(settling.put(file, stamp))) {
                return;
            }
            settling.remove(file);
            reported.put(file, stamp);
            if (known == null) {
                notify(file, "added", () -> listener.added(file));
            } else {
                notify(file, "changed", () -> listener.changed(file));
            }
        });
    }

    /**
     * Takes a file's current state as already reported, for an owner that handled the file itself (e.g. an upload it
     * just wrote and loaded): the watcher reports it again only when it changes.
     *
     * @param file a file in the watched directory
     */
    public synchronized void acknowledge(Path file) {
        Path key = file.toAbsolutePath().normalize();
        try {
            BasicFileAttributes attrs = Files.readAttributes(key, BasicFileAttributes.class);
            reported.put(key, new Stamp(attrs.size(), attrs.lastModifiedTime().toMillis()));
            settling.remove(key);
        } catch (IOException e) {
            LOG.debug("Cannot read {}: {}", key, e.getMessage());
        }
    }

    private void notify(Path file, String what, Runnable call) {
        try {
            call.run();
        } catch (RuntimeException e) {
            LOG.error("Handling {} file {} failed", what, file.getFileName(), e);
        }
    }

    private Map<Path, Stamp> list() {
        Map<Path, Stamp> files = new HashMap<>();
        try {
            Files.createDirectories(dir);
            try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir, glob)) {
                for (Path file : stream) {
                    BasicFileAttributes attrs = Files.readAttributes(file, BasicFileAttributes.class);
                    if (attrs.isRegularFile()) {
                        files.put(file.toAbsolutePath().normalize(),
                                new Stamp(attrs.size(), attrs.lastModifiedTime().toMillis()));
                    }
                }
            }
        } catch (IOException e) {
            LOG.warn("Cannot list {}: {}", dir, e.getMessage());
            return new HashMap<>(reported);
        }
        return files;
    }

    /**
     * Scans now, then every interval on a thread of its own.
     *
     * @param interval time between scans
     * @param name     name of the thread, for thread dumps
     */
    public synchronized void start(Duration interval, String name) {
        scan();
        executor = Executors.newSingleThreadScheduledExecutor(HubThreads.named(name));
        long millis = Math.max(100, interval.toMillis());
        executor.scheduleWithFixedDelay(this::scan, millis, millis, TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        ScheduledExecutorService running;
        synchronized (this) {
            running = executor;
            executor = null;
        }
        if (running != null) {
            running.shutdownNow();
            try {
                running.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
