package org.lineshub.hub.bench;

import java.net.Socket;
import java.net.SocketException;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import com.icegreen.greenmail.Managers;
import com.icegreen.greenmail.imap.ImapHandler;
import com.icegreen.greenmail.server.AbstractServer;
import com.icegreen.greenmail.server.ProtocolHandler;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import com.icegreen.greenmail.util.ServerSetupTest;

/**
 * GreenMail's IMAP and SMTP servers on free ports of 127.0.0.1, with one change to its IMAP server: the connections
 * it accepts send at once ({@code TCP_NODELAY}), as mail servers in production do. GreenMail writes a response of
 * several lines in several small writes; with Nagle's algorithm each write after the first waits for the client's
 * acknowledgement, which the client delays by 40 ms, so every FETCH or STORE would cost 40 ms of nothing and the
 * benchmark would measure GreenMail's sockets instead of the hub (about 5 mails a second, whatever the hub does).
 * GreenMail's commands also take time in proportion to the folder's size (it lists every message to find one), so
 * the benchmark's account moves stored mail out of INBOX by default: with mail flagged seen and left there, the
 * figures soon measure GreenMail again.
 *
 * <p>Also counts the IMAP connections GreenMail drops: working out what changed in the mailbox for a client in IDLE
 * (or after any command), it fails when another connection changes the mailbox at the same moment ("Need to do this
 * properly...") and closes the connection; the reader connects again. The failure is caught here, so that it does
 * not end the run as an exception of a thread Maven's exec plugin started.
 */
final class BenchMailServer extends GreenMail {

    private static final AtomicInteger DROPPED = new AtomicInteger();

    BenchMailServer() {
        super(new ServerSetup[] {ServerSetupTest.SMTP.dynamicPort(), ServerSetupTest.IMAP.dynamicPort()});
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
                return new ImapHandler(managers.getUserManager(), managers.getImapHostManager(), socket) {
                    @Override
                    public void run() {
                        try {
                            super.run();
                        } catch (RuntimeException e) {
                            // GreenMail gives up on the connection (see above); counted, not a failure of the run
                            DROPPED.incrementAndGet();
                            close();
                        }
                    }
                };
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
}
