package org.lineshub.email;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.security.GeneralSecurityException;
import java.util.Optional;

import javax.net.ssl.SSLException;

import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.Folder;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.Transport;

/**
 * Checks a mailbox's servers when the account starts, and says in words an admin understands what is wrong: a login
 * the server rejects or a TLS failure stops the account (an admin must act); an unreachable server is reported and
 * tried again by the poller.
 */
final class EmailServerCheck {

    /** A problem only an admin can fix; the account fails with it. */
    static final class Fatal extends Exception {
        private static final long serialVersionUID = 1L;

        Fatal(String reason, Throwable cause) {
            super(reason, cause);
        }
    }

    private EmailServerCheck() {
    }

    /**
     * @return a problem to report while the account keeps trying, or empty when both servers answer
     * @throws Fatal when a server rejects the login, the TLS handshake fails or the folder does not exist
     */
    static Optional<String> check(EmailSettings settings, Session imapSession, Session smtpSession) throws Fatal {
        Optional<String> imap = checkImap(settings, imapSession);
        Optional<String> smtp = checkSmtp(settings.smtp(), smtpSession);
        return imap.isPresent() ? imap : smtp;
    }

    private static Optional<String> checkImap(EmailSettings settings, Session session) throws Fatal {
        EmailSettings.Server server = settings.imap();
        Store store = null;
        try {
            store = session.getStore(EmailSessions.protocol("imap", server));
            store.connect(server.host(), server.port(), server.user(), server.secret());
            Folder folder = store.getFolder(settings.folder());
            if (!folder.exists()) {
                throw new Fatal("the IMAP folder " + settings.folder() + " does not exist", null);
            }
            if (settings.afterStore() == EmailSettings.AfterStore.MOVE) {
                Folder target = store.getFolder(settings.moveTo());
                if (!target.exists() && !target.create(Folder.HOLDS_MESSAGES)) {
                    throw new Fatal("the IMAP folder " + settings.moveTo() + " cannot be created", null);
                }
            }
            return Optional.empty();
        } catch (MessagingException e) {
            return classify("IMAP", server, e);
        } finally {
            close(store);
        }
    }

    private static Optional<String> checkSmtp(EmailSettings.Server server, Session session) throws Fatal {
        Transport transport = null;
        try {
            transport = session.getTransport(EmailSessions.protocol("smtp", server));
            transport.connect(server.host(), server.port(), server.user(), server.secret());
            return Optional.empty();
        } catch (MessagingException e) {
            return classify("SMTP", server, e);
        } finally {
            if (transport != null) {
                try {
                    transport.close();
                } catch (MessagingException e) {
                    // the check is over either way
                }
            }
        }
    }

    /**
     * @param what   IMAP or SMTP
     * @param server the server
     * @param e      what connecting threw
     * @return the reason to report while retrying
     * @throws Fatal for what only an admin can fix
     */
    static Optional<String> classify(String what, EmailSettings.Server server, MessagingException e) throws Fatal {
        if (e instanceof AuthenticationFailedException) {
            throw new Fatal("the " + what + " server rejected the login (check the user and the password or token)",
                    e);
        }
        if (has(e, SSLException.class) || has(e, GeneralSecurityException.class)) {
            throw new Fatal("TLS with the " + what + " server " + server.host() + ":" + server.port() + " failed: "
                    + rootMessage(e), e);
        }
        String message = e.getMessage() == null ? "" : e.getMessage();
        if (message.contains("STARTTLS")) {
            throw new Fatal("the " + what + " server does not offer STARTTLS; choose another security setting", e);
        }
        if (has(e, UnknownHostException.class) || has(e, ConnectException.class)
                || has(e, NoRouteToHostException.class) || has(e, SocketTimeoutException.class)) {
            return Optional.of("the " + what + " server " + server.host() + ":" + server.port() + " is unreachable");
        }
        return Optional.of("the " + what + " server failed: " + rootMessage(e));
    }

    private static boolean has(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        return message.length() <= 300 ? message : message.substring(0, 300);
    }

    private static void close(Store store) {
        if (store != null) {
            try {
                store.close();
            } catch (MessagingException e) {
                // the check is over either way
            }
        }
    }
}
