package org.lineshub.email;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.net.URLConnection;
import java.net.URLStreamHandler;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;

/**
 * The context class loader of the plugin's mail work: the plugin's own class loader, except that it answers Jakarta
 * Mail's look-up of its stream provider from memory.
 *
 * <p>Jakarta Mail 2.1 looks its {@code StreamProvider} up with a {@link java.util.ServiceLoader} of the context class
 * loader each time it reads headers or decodes a word ({@code InternetHeaders.load}, {@code MimeUtility.decode}),
 * several times per mail, and caches nothing. Through a plugin's class loader that look-up asks the plugin's jar and
 * every jar of the hub for {@value #STREAM_PROVIDER}, which took about two thirds of a mail reader's time under load.
 * The service file is the same every time, so it is read once, when the loader is made, and served from memory;
 * every other class and resource comes from the plugin's class loader as before.
 */
final class MailClassLoader extends ClassLoader {

    static final String STREAM_PROVIDER = "META-INF/services/jakarta.mail.util.StreamProvider";

    private static final MailClassLoader INSTANCE = new MailClassLoader(MailClassLoader.class.getClassLoader());

    private final List<URL> streamProviders;

    MailClassLoader(ClassLoader plugin) {
        super(plugin);
        List<URL> copies = new ArrayList<>();
        try {
            for (URL found : Collections.list(plugin.getResources(STREAM_PROVIDER))) {
                copies.add(inMemory(found, copies.size()));
            }
        } catch (IOException e) {
            // left to the plugin's class loader, look-up by look-up
            copies = null;
        }
        this.streamProviders = copies == null || copies.isEmpty() ? null : List.copyOf(copies);
    }

    /** @return the loader for the plugin's mail threads */
    static MailClassLoader get() {
        return INSTANCE;
    }

    /**
     * Classes come from the plugin's class loader through its public {@code loadClass}: the one-argument method is
     * where PF4J applies its plugin-first order, which {@link ClassLoader}'s own delegation would go around.
     */
    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        return getParent().loadClass(name);
    }

    @Override
    public Enumeration<URL> getResources(String name) throws IOException {
        if (streamProviders != null && STREAM_PROVIDER.equals(name)) {
            return Collections.enumeration(streamProviders);
        }
        return super.getResources(name);
    }

    /** @return a URL that reads what {@code source} held when this loader was made, without going to its jar */
    private static URL inMemory(URL source, int nth) throws IOException {
        byte[] content;
        try (InputStream in = source.openStream()) {
            content = in.readAllBytes();
        }
        URLStreamHandler handler = new URLStreamHandler() {
            @Override
            protected URLConnection openConnection(URL u) {
                return new URLConnection(u) {
                    @Override
                    public void connect() {
                        connected = true;
                    }

                    @Override
                    public InputStream getInputStream() {
                        return new ByteArrayInputStream(content);
                    }
                };
            }
        };
        return new URL(null, "memory:/" + STREAM_PROVIDER + "/" + nth, handler);
    }
}
