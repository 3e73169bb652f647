package org.lineshub.hub.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.lineshub.hub.HubProperties;
import org.lineshub.hub.support.Fixtures;
import org.lineshub.hub.support.Fixtures.User;
import org.lineshub.hub.support.HubClient;
import org.lineshub.hub.support.HubIT;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Replies with files: who may not write in a session stores nothing, and a refused reply leaves no file behind;
 * the text has the same limit as a JSON reply.
 */
class ReplyUploadsIT extends HubIT {

    private static final byte[] PDF = "%PDF-1.4 contract".getBytes(StandardCharsets.UTF_8);

    private final Fixtures fixtures = fixtures();

    @Autowired
    private HubProperties properties;

    @Test
    void aUserWhoMayNotWriteInTheSessionGets403AndNoFileIsStored() throws IOException {
        User stranger = fixtures.user("Stranger");
        fixtures.staffedLine("Stranger's line", Map.of(), List.of(stranger), List.of());
        Fixtures.Account account = fixtures.loopback(fixtures.line("Uploads", Map.of()));
        long session = fixtures.clientWrites(account, Fixtures.unique(), "hello");
        List<Path> before = storedFiles();

        HubClient.Response refused = stranger.api().postFile("/api/v1/sessions/" + session + "/messages", "files",
                "contract.pdf", "application/pdf", PDF, Map.of("text", "take this"));

        assertThat(refused.status()).isEqualTo(403);
        assertThat(storedFiles()).isEqualTo(before);
        assertThat(fixtures.messages(session)).hasSize(1);
    }

    @Test
    void aReaderOfTheLineGets403AndNoFileIsStored() throws IOException {
        User reader = fixtures.user("Reader");
        long line = fixtures.line("Read-only uploads", Map.of("readerGroupIds",
                List.of(fixtures.group("readers", reader))));
        long session = fixtures.clientWrites(fixtures.loopback(line), Fixtures.unique(), "hello");
        List<Path> before = storedFiles();

        HubClient.Response refused = reader.api().postFile("/api/v1/sessions/" + session + "/messages", "files",
                "contract.pdf", "application/pdf", PDF, Map.of());

        assertThat(refused.status()).isEqualTo(403);
        assertThat(storedFiles()).isEqualTo(before);
    }

    @Test
    void anOverlongTextGets400AndNoFileIsStored() throws IOException {
        Fixtures.Account account = fixtures.loopback(fixtures.line("Long uploads", Map.of()));
        long session = fixtures.clientWrites(account, Fixtures.unique(), "hello");
        List<Path> before = storedFiles();

        HubClient.Response refused = admin().postFile("/api/v1/sessions/" + session + "/messages", "files",
                "contract.pdf", "application/pdf", PDF, Map.of("text", "x".repeat(65537)));

        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.body().path("field").asText()).isEqualTo("text");
        assertThat(storedFiles()).isEqualTo(before);
        assertThat(admin().postFile("/api/v1/sessions/" + session + "/messages", "files", "contract.pdf",
                "application/pdf", PDF, Map.of("text", "x".repeat(65536))).status()).isEqualTo(201);
    }

    private List<Path> storedFiles() throws IOException {
        Path root = properties.dataDir().resolve("files");
        if (!Files.exists(root)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(Files::isRegularFile).sorted().toList();
        }
    }
}
