package org.lineshub.email;

import java.util.Properties;
import java.util.function.Supplier;

import jakarta.mail.Session;

/**
 * Builds the Jakarta Mail sessions of a mailbox. A session finds its protocol providers (IMAP, SMTP) and MIME
 * handlers through the thread's context class loader, which on the hub's threads cannot see the plugin's bundled
 * Angus Mail: sessions are therefore created, and MIME content built and parsed, with the plugin's class loader as
 * the context class loader ({@link #withPluginLoader}).
 */
final class EmailSessions {

    /** Connect, read and write timeouts: a hanging server must not hang a poll or a reply. */
    static final int TIMEOUT_MILLIS = 20_000;

    private EmailSessions() {
    }

    /** @return the protocol name Jakarta Mail uses for the server's store or transport */
    static String protocol(String base, EmailSettings.Server server) {
        return server.security() == EmailSettings.Security.TLS ? base + "s" : base;
    }

    /**
     * @param base   {@code imap} or {@code smtp}
     * @param server the server
     * @return a session configured for it
     */
    static Session session(String base, EmailSettings.Server server) {
        String protocol = protocol(base, server);
        String p = "mail." + protocol + ".";
        Properties props = new Properties();
        props.put("mail." + (base.equals("imap") ? "store" : "transport") + ".protocol", protocol);
        props.put(p + "host", server.host());
        props.put(p + "port", Integer.toString(server.port()));
        props.put(p + "connectiontimeout", Integer.toString(TIMEOUT_MILLIS));
        props.put(p + "timeout", Integer.toString(TIMEOUT_MILLIS));
        props.put(p + "writetimeout", Integer.toString(TIMEOUT_MILLIS));
        if (server.security() == EmailSettings.Security.STARTTLS) {
            props.put(p + "starttls.enable", "true");
            props.put(p + "starttls.required", "true");
        }
        if (server.security() != EmailSettings.Security.NONE) {
            // the host name in the server's certificate must match, not only the chain
            props.put(p + "ssl.checkserveridentity", "true");
        }
        if (base.equals("smtp")) {
            props.put(p + "auth", "true");
        }
        if (server.oauthToken() != null) {
            // Gmail and Microsoft 365 take the access token as the password of an XOAUTH2 login
            props.put(p + "auth.mechanisms", "XOAUTH2");
            props.put(p + "auth.xoauth2.disable", "false");
            props.put(p + "sasl.mechanisms", "XOAUTH2");
        }
        // RFC 2231 and encoded-word file names, as mail clients write them
        props.put("mail.mime.decodefilename", "true");
        props.put("mail.mime.decodeparameters", "true");
        return withPluginLoader(() -> Session.getInstance(props));
    }

    /**
     * Runs an action with the plugin's class loader as the context class loader ({@link MailClassLoader}, which also
     * spares Jakarta Mail a look-up of its stream provider through every jar per parsed header).
     *
     * @param action what to run
     * @param <T>    what it returns
     * @return its result
     */
    static <T> T withPluginLoader(Supplier<T> action) {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(MailClassLoader.get());
        try {
            return action.get();
        } finally {
            thread.setContextClassLoader(previous);
        }
    }
}
