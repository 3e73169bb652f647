package org.lineshub.email;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.Properties;

import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.util.StreamProvider;
import org.junit.jupiter.api.Test;

class MailClassLoaderTest {

    @Test
    void servesTheStreamProviderFileFromMemoryAndEverythingElseFromThePluginLoader() throws Exception {
        MailClassLoader loader = new MailClassLoader(MailClassLoaderTest.class.getClassLoader());

        var served = Collections.list(loader.getResources(MailClassLoader.STREAM_PROVIDER));
        var original = Collections.list(MailClassLoaderTest.class.getClassLoader()
                .getResources(MailClassLoader.STREAM_PROVIDER));
        assertThat(served).hasSameSizeAs(original).isNotEmpty();
        assertThat(served.get(0).getProtocol()).isEqualTo("memory");
        try (var a = served.get(0).openStream(); var b = original.get(0).openStream()) {
            assertThat(a.readAllBytes()).isEqualTo(b.readAllBytes());
        }
        assertThat(Collections.list(loader.getResources("META-INF/javamail.default.providers")))
                .isEqualTo(Collections.list(MailClassLoaderTest.class.getClassLoader()
                        .getResources("META-INF/javamail.default.providers")));
    }

    @Test
    void loadsClassesThroughThePluginLoadersOwnOrder() throws Exception {
        java.util.List<String> asked = new java.util.ArrayList<>();
        ClassLoader plugin = new ClassLoader(MailClassLoaderTest.class.getClassLoader()) {
            @Override
            public Class<?> loadClass(String name) throws ClassNotFoundException {
                // PF4J's plugin-first order lives in this method only
                asked.add(name);
                return super.loadClass(name);
            }
        };
        MailClassLoader loader = new MailClassLoader(plugin);

        Class<?> provider = Class.forName("org.eclipse.angus.mail.util.MailStreamProvider", false, loader);

        assertThat(asked).contains("org.eclipse.angus.mail.util.MailStreamProvider");
        assertThat(StreamProvider.class.isAssignableFrom(provider)).isTrue();
    }

    @Test
    void jakartaMailFindsItsProviderAndParsesMailWithIt() throws Exception {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(new MailClassLoader(MailClassLoaderTest.class.getClassLoader()));
        try {
            assertThat(StreamProvider.provider()).isNotNull();
            MimeMessage mail = new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(
                    "Subject: =?UTF-8?B?0J/RgNC40LLQtdGC?=\r\n\r\nbody\r\n".getBytes(StandardCharsets.US_ASCII)));
            assertThat(mail.getSubject()).isEqualTo("Привет");
        } finally {
            thread.setContextClassLoader(previous);
        }
    }
}
