package org.lineshub.hub.bench;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.reflect.Field;
import java.net.Socket;
import java.net.SocketException;
import java.net.URL;
import java.net.URLConnection;
import java.net.URLStreamHandler;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.icegreen.greenmail.Managers;
import com.icegreen.greenmail.imap.ImapHandler;
import com.icegreen.greenmail.imap.ImapHostManager;
import com.icegreen.greenmail.imap.ImapRequestHandler;
import com.icegreen.greenmail.imap.ImapResponse;
import com.icegreen.greenmail.imap.ImapSession;
import com.icegreen.greenmail.imap.ImapSessionFolder;
import com.icegreen.greenmail.imap.ImapSessionImpl;
import com.icegreen.greenmail.imap.ImapSessionState;
import com.icegreen.greenmail.server.AbstractServer;
import com.icegreen.greenmail.server.ProtocolHandler;
import com.icegreen.greenmail.store.FolderException;
import com.icegreen.greenmail.store.MailFolder;
import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.user.UserManager;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import com.icegreen.greenmail.util.ServerSetupTest;

/**
 * GreenMail's IMAP and SMTP servers on free ports of 127.0.0.1, with changes to its IMAP server that keep GreenMail's
 * shortcuts and defects, which a mail server in production does not have, out of the figures: without them the IMAP
 * figures measured GreenMail (dropped connections, unannounced mail, 100 ms pauses of the shared JVM) rather than
 * the readers. Each change serves the hub's reader and the hand-written baseline alike.
 *
 * <p><b>Connections send at once</b> ({@code TCP_NODELAY}), as mail servers in production do. GreenMail writes a
 * response of several lines in several small writes; with Nagle's algorithm each write after the first waits for the
 * client's acknowledgement, which the client delays by 40 ms, so every FETCH or STORE would cost 40 ms of nothing
 * (about 5 mails a second, whatever the reader does).
 *
 * <p><b>A connection's report of what changed is taken in one piece.</b> After each command, and around IDLE,
 * GreenMail tells the connection what changed in its selected folder since the last report: new mail (EXISTS), new
 * flags, removed mail (EXPUNGE). It reads these from the folder's listener without a lock, while the connections
 * that APPEND or MOVE change the folder at the same moment. Two things then go wrong, both GreenMail's own defects
 * rather than IMAP's: new mail that arrives between reading the count and clearing the "changed" mark is never
 * announced (a reader in IDLE hears of it only with the next mail), and mail that arrives between reading the count
 * and the removed mail makes GreenMail give up on the connection ({@code IllegalStateException("Need to do this
 * properly...")}), dozens of times a minute at 1,000 mails a second. Here the report is taken while the folder's
 * changes wait: under the folder's locks, in GreenMail's own order (the folder, its message list, its listeners),
 * found by reflection in GreenMail 2.1's {@code HierarchicalFolder}. If that ever fails, the report goes unlocked as
 * before.
 *
 * <p><b>INBOX's message list can be read while it changes.</b> GreenMail counts and searches a folder's messages by
 * iterating its list under one lock while MOVE removes from it under another, and the iteration then fails
 * ({@code ConcurrentModificationException}, the connection is dropped): for the reader's own SELECT and the IDLE
 * connection's EXAMINE, several times a minute. INBOX's list is replaced by a copy-on-write one, whose iterations
 * read a snapshot.
 *
 * <p><b>A connection that ends lets go of its folder.</b> GreenMail leaves the folder's listener of a connection that
 * ends with a folder selected (a LOGOUT, a dropped IDLE connection) registered for good, and the listener keeps every
 * later change of the folder in a list no one reads: millions of entries per minute at 1,000 mails a second, which
 * the JVM's young collections then scan, with pauses growing past 100 ms.
 *
 * <p><b>Jakarta Mail finds its stream provider without a search of the class path</b> ({@link ProviderLoader}).
 *
 * <p><b>Mail moved out of INBOX is thrown away</b> every 200 ms. GreenMail keeps every mail on the heap of the JVM
 * the hub runs in, and a mail server in production keeps it on its own disk: left there, the hundreds of thousands
 * of mails of a run fill the shared heap, and the JVM's collections copy them. INBOX is left alone: what is there is
 * what the reader has not taken yet.
 *
 * <p>GreenMail's commands also take time in proportion to the folder's size (it lists every message to find one), so
 * the benchmark's account moves stored mail out of INBOX by default: with mail flagged seen and left there, the
 * figures soon measure GreenMail again. Connections GreenMail still gives up on are counted, and the failure is
 * caught here so that it does not end the run as an exception of a thread Maven's exec plugin started.
 */
final class BenchMailServer extends GreenMail {

    private static final AtomicInteger DROPPED = new AtomicInteger();
    private static final Field SESSION_FOLDER = field(ImapSessionFolder.class.getName(), "folder");
    private static final String HIERARCHICAL_FOLDER = "com.icegreen.greenmail.store.HierarchicalFolder";
    private static final Field FOLDER_MESSAGES = field(HIERARCHICAL_FOLDER, "mailMessages");
    private static final Field FOLDER_LISTENERS = field(HIERARCHICAL_FOLDER, "_mailboxListeners");
    private static final String LIST_COLLECTION = "com.icegreen.greenmail.store.ListBasedStoredMessageCollection";
    private static final Field COLLECTION_LIST = field(LIST_COLLECTION, "mailMessages");

    private static final String STREAM_PROVIDER = "META-INF/services/jakarta.mail.util.StreamProvider";
    private static final ClassLoader PROVIDER_LOADER = new ProviderLoader(BenchMailServer.class.getClassLoader());
    private ScheduledExecutorService janitor;

    BenchMailServer() {
        super(new ServerSetup[] {ServerSetupTest.SMTP.dynamicPort(), ServerSetupTest.IMAP.dynamicPort()});
    }

    /** Creates the user, and gives its INBOX a message list that can be read while it changes (see above). */
    @Override
    public GreenMailUser setUser(String email, String login, String password) {
        GreenMailUser user = super.setUser(email, login, password);
        try {
            Object messages = FOLDER_MESSAGES.get(getManagers().getImapHostManager().getInbox(user));
            if (messages != null && messages.getClass().getName().equals(LIST_COLLECTION)) {
                @SuppressWarnings("unchecked")
                List<Object> list = (List<Object>) COLLECTION_LIST.get(messages);
                synchronized (list) {
                    COLLECTION_LIST.set(messages, Collections.synchronizedList(new CopyOnWriteArrayList<>(list)));
                }
            }
        } catch (FolderException | ReflectiveOperationException | RuntimeException e) {
            // GreenMail's own list then, with its failures
        }
        return user;
    }

    @Override
    public synchronized void start() {
        super.start();
        janitor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "bench-mail-janitor");
            t.setDaemon(true);
            return t;
        });
        janitor.scheduleWithFixedDelay(this::dropMovedMail, 200, 200, TimeUnit.MILLISECONDS);
    }

    @Override
    public synchronized void stop() {
        if (janitor != null) {
            janitor.shutdownNow();
            janitor = null;
        }
        super.stop();
    }

    /** Empties every folder but INBOX: no one reads the mail the readers moved there. */
    private void dropMovedMail() {
        try {
            ImapHostManager folders = getManagers().getImapHostManager();
            for (GreenMailUser user : getManagers().getUserManager().listUser()) {
                for (MailFolder folder : folders.listMailboxes(user, "*")) {
                    if (!folder.getName().equalsIgnoreCase("INBOX")) {
                        folder.deleteAllMessages();
                    }
                }
            }
        } catch (FolderException | RuntimeException e) {
            // the next round tries again
        }
    }

    @Override
    protected Map<String, AbstractServer> createServices(ServerSetup[] config, Managers managers) {
        Map<String, AbstractServer> services = super.createServices(config, managers);
        AbstractServer imap = services.get(ServerSetup.PROTOCOL_IMAP);
        services.put(ServerSetup.PROTOCOL_IMAP, new AbstractServer(imap.getServerSetup(), managers) {
            @Override
            protected ProtocolHandler createProtocolHandler(Socket socket) {
                try {
                    socket.setTcpNoDelay(true);
                } catch (SocketException e) {
                    // the connection is gone already; the handler will find out
                }
                return new Handler(managers.getUserManager(), managers.getImapHostManager(), socket);
            }
        });
        return services;
    }

    /** @return the IMAP server's port */
    int imapPort() {
        return services.get(ServerSetup.PROTOCOL_IMAP).getPort();
    }

    /** @return the SMTP server's port */
    int smtpPort() {
        return services.get(ServerSetup.PROTOCOL_SMTP).getPort();
    }

    /** @return IMAP connections GreenMail dropped so far */
    static int droppedConnections() {
        return DROPPED.get();
    }

    /** GreenMail's IMAP connection, with a {@link ConsistentSession}: the same loop as {@link ImapHandler#run()}. */
    private static final class Handler extends ImapHandler {
        private final ImapHostManager host;
        private final UserManager users;
        private volatile ImapResponse response;

        Handler(UserManager users, ImapHostManager host, Socket socket) {
            super(users, host, socket);
            this.host = host;
            this.users = users;
        }

        @Override
        public void run() {
            Thread.currentThread().setContextClassLoader(PROVIDER_LOADER);
            ImapSession session = null;
            try (InputStream in = new BufferedInputStream(socket.getInputStream(), 512);
                 OutputStream out = new BufferedOutputStream(socket.getOutputStream(), 1024)) {
                ImapResponse r = new ImapResponse(out);
                response = r;
                r.okResponse(null, "IMAP4rev1 Server GreenMail ready");
                session = new ConsistentSession(
                        new ImapSessionImpl(host, users, this, socket.getInetAddress().getHostAddress()));
                ImapRequestHandler requests = new ImapRequestHandler();
                while (requests.handleRequest(in, out, session)) {
                    // one command after the other, until LOGOUT or the end of the connection
                }
            } catch (Exception e) {
                if (!isQuitting()) {
                    // GreenMail gives up on the connection; counted, not a failure of the run
                    DROPPED.incrementAndGet();
                }
            } finally {
                try {
                    if (session != null) {
                        // GreenMail leaves the folder's listener of a connection that ends with a folder selected
                        // behind, collecting every later change in memory
                        session.deselect();
                    }
                } finally {
                    close();
                }
            }
        }

        @Override
        public void forceConnectionClose(String message) {
            ImapResponse r = response;
            if (r != null) {
                r.byeResponse(message);
            }
            close();
        }
    }

    /**
     * The context class loader of GreenMail's connections: Jakarta Mail 2.1 looks its stream provider up through the
     * context class loader each time it parses headers, several times per mail, and through the benchmark's class
     * path that means asking a few hundred jars each time (GreenMail spent most of its time there). This loader
     * answers that look-up from a copy of the file read once, as the hub's email plugin does for its own threads.
     */
    private static final class ProviderLoader extends ClassLoader {
        private final List<URL> providers;

        ProviderLoader(ClassLoader parent) {
            super(parent);
            List<URL> found = new ArrayList<>();
            try {
                for (URL file : Collections.list(parent.getResources(STREAM_PROVIDER))) {
                    byte[] content;
                    try (InputStream in = file.openStream()) {
                        content = in.readAllBytes();
                    }
                    found.add(new URL(null, "memory:/" + STREAM_PROVIDER + "/" + found.size(), new URLStreamHandler() {
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
                    }));
                }
            } catch (IOException e) {
                found = null;
            }
            providers = found;
        }

        @Override
        public Enumeration<URL> getResources(String name) throws IOException {
            return providers != null && name.equals(STREAM_PROVIDER) ? Collections.enumeration(providers)
                    : super.getResources(name);
        }
    }

    /** GreenMail's session, but its report of what changed is taken while the folder's changes wait. */
    private static final class ConsistentSession implements ImapSession {
        private final ImapSessionImpl session;

        ConsistentSession(ImapSessionImpl session) {
            this.session = session;
        }

        @Override
        public void unsolicitedResponses(ImapResponse response) throws FolderException {
            unsolicitedResponses(response, false);
        }

        @Override
        public void unsolicitedResponses(ImapResponse response, boolean omitExpunged) throws FolderException {
            Object[] locks = locks(session.getSelected());
            if (locks == null) {
                session.unsolicitedResponses(response, omitExpunged);
                return;
            }
            synchronized (locks[0]) {
                synchronized (locks[1]) {
                    synchronized (locks[2]) {
                        session.unsolicitedResponses(response, omitExpunged);
                    }
                }
            }
        }

        @Override
        public void closeConnection() {
            session.closeConnection();
        }

        @Override
        public void closeConnection(String byeMessage) {
            session.closeConnection(byeMessage);
        }

        @Override
        public ImapHostManager getHost() {
            return session.getHost();
        }

        @Override
        public UserManager getUserManager() {
            return session.getUserManager();
        }

        @Override
        public String getClientIP() {
            return session.getClientIP();
        }

        @Override
        public ImapSessionState getState() {
            return session.getState();
        }

        @Override
        public void setAuthenticated(GreenMailUser user) {
            session.setAuthenticated(user);
        }

        @Override
        public GreenMailUser getUser() {
            return session.getUser();
        }

        @Override
        public void setSelected(MailFolder folder, boolean readOnly) {
            session.setSelected(folder, readOnly);
        }

        @Override
        public void deselect() {
            session.deselect();
        }

        @Override
        public ImapSessionFolder getSelected() {
            return session.getSelected();
        }
    }

    /**
     * @return the locks GreenMail takes when it changes the selected folder, in the order it takes them (the folder's
     *         message collection, the list inside it, the folder's listeners), or null when there is no folder or they
     *         cannot be found
     */
    private static Object[] locks(ImapSessionFolder selected) {
        if (selected == null || SESSION_FOLDER == null || FOLDER_MESSAGES == null || FOLDER_LISTENERS == null
                || COLLECTION_LIST == null) {
            return null;
        }
        try {
            Object folder = SESSION_FOLDER.get(selected);
            if (folder == null || !folder.getClass().getName().equals(HIERARCHICAL_FOLDER)) {
                return null;
            }
            Object messages = FOLDER_MESSAGES.get(folder);
            Object listeners = FOLDER_LISTENERS.get(folder);
            if (messages == null || listeners == null || !messages.getClass().getName().equals(LIST_COLLECTION)) {
                return null;
            }
            Object list = COLLECTION_LIST.get(messages);
            return list == null ? null : new Object[] {messages, list, listeners};
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }

    /** @return the named field of a GreenMail class, opened, or null when this GreenMail has no such field */
    private static Field field(String type, String name) {
        try {
            Field f = Class.forName(type).getDeclaredField(name);
            f.setAccessible(true);
            return f;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }
}
