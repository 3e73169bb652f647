package org.lineshub.hub.bench;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Mail over IMAP: the benchmark APPENDs each client's mail to the support mailbox of a GreenMail server over IMAP,
 * where the hub's email account waits with IMAP IDLE, fetches new mail and, once it is stored, moves it out of INBOX
 * or flags it seen ({@code bench.imapAfterStore}; see {@link BenchMailServer} for why moving is the default). Each
 * chat is a mail thread: its first mail opens the session, the later ones name it in {@code References}. Nothing in
 * IMAP tells when the hub stored a mail, so a mail counts as stored when the operator's WebSocket event for it
 * arrives (events are published after the commit): for this scenario the stored and event latencies are the same
 * figure, from the time the APPEND was due.
 */
final class ImapIntake implements Intake {

    private static final DateTimeFormatter DATE = DateTimeFormatter.RFC_1123_DATE_TIME;

    private final String name;
    private final String host;
    private final int port;
    private final String user;
    private final String password;
    private final String mailbox;
    private final String runTag;
    private final BenchOptions options;
    private final Runnable onClose;
    private int droppedBefore;

    /**
     * @param name     the scenario's name: {@code imap}, or {@code imap-baseline} for the hand-written reader
     * @param host     the IMAP server
     * @param port     its port (plain IMAP)
     * @param user     the support mailbox's login
     * @param password its password
     * @param mailbox  the support address
     * @param runTag   makes the run's Message-IDs unique on a hub that keeps data
     * @param options  the options
     * @param onClose  what closing the intake frees
     */
    ImapIntake(String name, String host, int port, String user, String password, String mailbox, String runTag,
               BenchOptions options, Runnable onClose) {
        this.name = name;
        this.host = host;
        this.port = port;
        this.user = user;
        this.password = password;
        this.mailbox = mailbox;
        this.runTag = runTag;
        this.options = options;
        this.onClose = onClose;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public boolean storedOnAnswer() {
        return false;
    }

    @Override
    public int senders(BenchOptions.Load load) {
        return options.imapConnections();
    }

    @Override
    public int window(BenchOptions.Load load) {
        return options.concurrency();
    }

    @Override
    public Sender openSender() throws IOException {
        Appender appender = new Appender();
        return new Sender() {
            @Override
            public int send(Job job) throws IOException {
                return appender.append(mail(job)) ? 200 : 500;
            }

            @Override
            public void close() {
                appender.close();
            }
        };
    }

    /** A client's plain-text mail, the way a mail client writes it. */
    private byte[] mail(Job job) {
        String domain = "clients.bench.example";
        String thread = "c" + job.chat() + "." + runTag;
        StringBuilder m = new StringBuilder(512)
                .append("Return-Path: <").append(thread).append('@').append(domain).append(">\r\n")
                .append("Message-ID: <").append(thread).append('.').append(job.nth()).append('@').append(domain)
                .append(">\r\n");
        if (job.nth() > 1) {
            String root = "<" + thread + ".1@" + domain + ">";
            m.append("In-Reply-To: ").append(root).append("\r\nReferences: ").append(root).append("\r\n");
        }
        m.append("Date: ").append(DATE.format(ZonedDateTime.now(ZoneOffset.UTC))).append("\r\n")
                .append("From: Bench ").append(job.chat()).append(" <").append(thread).append('@').append(domain)
                .append(">\r\n")
                .append("To: ").append(mailbox).append("\r\n")
                .append("Subject: ").append(job.nth() > 1 ? "Re: " : "").append("Order ").append(job.chat())
                .append("\r\n")
                .append("MIME-Version: 1.0\r\nContent-Type: text/plain; charset=UTF-8\r\n"
                        + "Content-Transfer-Encoding: 7bit\r\n\r\n")
                .append(Ledger.text(job.seq())).append("\r\n");
        return m.toString().getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public Map<String, String> storingThreads() {
        Map<String, String> groups = new LinkedHashMap<>();
        if (name.equals(BenchOptions.IMAP)) {
            groups.putAll(Intake.hubThreads("hub mail threads", "email-"));
        } else {
            groups.put("baseline reader", "baseline-mail");
        }
        groups.put("GreenMail IMAP", "imap:");
        return groups;
    }

    @Override
    public String note() {
        int dropped = BenchMailServer.droppedConnections() - droppedBefore;
        droppedBefore += dropped;
        return "GreenMail dropped " + dropped + " IMAP connections meanwhile (see BenchMailServer; the reader "
                + "connects again)";
    }

    @Override
    public String timing() {
        return name.equals(BenchOptions.IMAP)
                ? "IMAP APPEND due -> the operator's message.created event (no other sign of storing)"
                : "IMAP APPEND due -> the baseline reader's commit";
    }

    @Override
    public void close() {
        onClose.run();
    }

    /**
     * One logged-in IMAP connection that appends mails to INBOX (RFC 9051 APPEND with a synchronising literal):
     * lean like the HTTP client, for the same reason.
     */
    private final class Appender implements AutoCloseable {
        private final byte[] line = new byte[8192];
        private Socket socket;
        private InputStream in;
        private OutputStream out;
        private int tag;

        Appender() throws IOException {
            connect();
        }

        private void connect() throws IOException {
            Socket s = new Socket();
            s.setTcpNoDelay(true);
            s.connect(new InetSocketAddress(host, port), 5_000);
            s.setSoTimeout(60_000);
            socket = s;
            in = new BufferedInputStream(s.getInputStream());
            out = new BufferedOutputStream(s.getOutputStream());
            String greeting = readLine();
            if (!greeting.startsWith("* OK")) {
                throw new IOException("not an IMAP server: " + greeting);
            }
            String t = "a" + (++tag);
            write(t + " LOGIN " + quoted(user) + " " + quoted(password) + "\r\n");
            if (!completion(t).startsWith(t + " OK")) {
                throw new IOException("the IMAP login was refused");
            }
        }

        /** @return whether the server took the mail */
        boolean append(byte[] mail) throws IOException {
            try {
                if (socket == null) {
                    connect();
                }
                String t = "a" + (++tag);
                write(t + " APPEND INBOX {" + mail.length + "}\r\n");
                String go = readLine();
                while (go.startsWith("*")) {
                    go = readLine();
                }
                if (!go.startsWith("+")) {
                    // refused before the literal was sent (NO or BAD)
                    return false;
                }
                out.write(mail);
                write("\r\n");
                return completion(t).startsWith(t + " OK");
            } catch (IOException | RuntimeException e) {
                close();
                throw e instanceof IOException io ? io : new IOException(e);
            }
        }

        /** @return the tagged completion line, after any untagged ones */
        private String completion(String t) throws IOException {
            while (true) {
                String l = readLine();
                if (l.startsWith(t + " ")) {
                    return l;
                }
            }
        }

        private void write(String s) throws IOException {
            out.write(s.getBytes(StandardCharsets.US_ASCII));
            out.flush();
        }

        private String readLine() throws IOException {
            int n = 0;
            while (true) {
                int b = in.read();
                if (b < 0) {
                    throw new EOFException("the IMAP connection closed");
                }
                if (b == '\n') {
                    break;
                }
                if (n < line.length) {
                    line[n++] = (byte) b;
                }
            }
            if (n > 0 && line[n - 1] == '\r') {
                n--;
            }
            return new String(line, 0, n, StandardCharsets.ISO_8859_1);
        }

        private String quoted(String s) {
            return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
        }

        @Override
        public void close() {
            Socket s = socket;
            socket = null;
            if (s != null) {
                try {
                    s.close();
                } catch (IOException e) {
                    // closing anyway
                }
            }
        }
    }
}
