package org.lineshub.hub.file;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.UUID;
import java.util.regex.Pattern;

import org.lineshub.hub.HubProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Files the hub keeps itself, such as attachments operators upload with a reply, under
 * {@code <hub.data-dir>/files/<yyyy>/<mm>/<uuid>}. A reference is the path below {@code files/}; references are
 * checked against their pattern, so one can never point outside the store.
 */
@Component
public class FileStore {

    private static final Logger LOG = LoggerFactory.getLogger(FileStore.class);
    private static final Pattern REF = Pattern.compile("\\d{4}/\\d{2}/[0-9a-f-]{36}");
    private static final DateTimeFormatter MONTH = DateTimeFormatter.ofPattern("yyyy/MM").withZone(ZoneOffset.UTC);

    private final Path root;
    private final Clock clock;

    FileStore(HubProperties properties, Clock clock) {
        this.root = properties.dataDir().resolve("files").toAbsolutePath().normalize();
        this.clock = clock;
    }

    /**
     * @param content the bytes; read to the end, not closed
     * @param maxBytes the largest accepted size
     * @return the reference to the stored file
     * @throws IOException when the file cannot be written
     * @throws FileTooLargeException when the content is longer than {@code maxBytes}
     */
    public String store(InputStream content, long maxBytes) throws IOException {
        String ref = MONTH.format(clock.instant()) + "/" + UUID.randomUUID();
        Path target = root.resolve(ref);
        Files.createDirectories(target.getParent());
        Path partial = target.resolveSibling(target.getFileName() + ".part");
        try {
            long size = Files.copy(new LimitedInputStream(content, maxBytes), partial,
                    StandardCopyOption.REPLACE_EXISTING);
            if (size > maxBytes) {
                throw new FileTooLargeException(maxBytes);
            }
            Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(partial);
        }
        return ref;
    }

    /**
     * @param ref a reference from {@link #store}
     * @return the content; the caller closes it
     * @throws IOException when the file is missing or unreadable
     */
    public InputStream open(String ref) throws IOException {
        if (ref == null || !REF.matcher(ref).matches()) {
            throw new NoSuchFileException("not a file store reference");
        }
        return Files.newInputStream(root.resolve(ref));
    }

    /**
     * @param ref a reference from {@link #store}
     * @return the size in bytes
     * @throws IOException when the file is missing
     */
    public long size(String ref) throws IOException {
        if (ref == null || !REF.matcher(ref).matches()) {
            throw new NoSuchFileException("not a file store reference");
        }
        return Files.size(root.resolve(ref));
    }

    /**
     * Deletes a stored file no message refers to, such as one stored for a reply that was then refused. A file that
     * cannot be deleted is logged and left behind.
     *
     * @param ref a reference from {@link #store}
     */
    public void discard(String ref) {
        if (ref == null || !REF.matcher(ref).matches()) {
            return;
        }
        try {
            Files.deleteIfExists(root.resolve(ref));
        } catch (IOException e) {
            LOG.warn("Could not delete the unused stored file {}: {}", ref, e.getMessage());
        }
    }

    /** Thrown when an upload is larger than allowed. */
    public static class FileTooLargeException extends IOException {

        private static final long serialVersionUID = 1L;

        FileTooLargeException(long maxBytes) {
            super("the file is larger than " + maxBytes + " bytes");
        }
    }

    /** Reads at most one byte past the limit, so an oversized upload is noticed without reading all of it. */
    private static final class LimitedInputStream extends java.io.FilterInputStream {
        private long left;

        LimitedInputStream(InputStream in, long max) {
            super(in);
            this.left = max + 1;
        }

        @Override
        public int read() throws IOException {
            if (left <= 0) {
                return -1;
            }
            int b = super.read();
            if (b >= 0) {
                left--;
            }
            return b;
        }

        @Override
        public int read(byte[] buf, int off, int len) throws IOException {
            if (left <= 0) {
                return -1;
            }
            int n = super.read(buf, off, (int) Math.min(len, left));
            if (n > 0) {
                left -= n;
            }
            return n;
        }

        @Override
        public void close() {
            // the caller owns the underlying stream
        }
    }
}
