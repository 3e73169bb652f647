package org.lineshub.hub.bench;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;

/**
 * One HTTP/1.1 keep-alive connection that posts JSON and reads the status: the load generator's client. The JDK's
 * HttpClient costs several times the CPU per request of this, and the generator shares two cores with the hub and
 * its database, so each sending thread owns one of these, writes the request in one go and reads the answer with a
 * small buffer. It reconnects when the server closes (Tomcat does after 100 requests on a connection) and after an
 * error. Used unchanged for the hub and the baseline. The answer's body is skipped, or kept for the caller when it
 * is wanted ({@link #answer}), e.g. to learn the id of what a request created.
 */
final class RawHttpConnection implements AutoCloseable {

    private static final int TIMEOUT_MILLIS = 60_000;
    private static final int MAX_LINE = 16 * 1024;

    private final String host;
    private final int port;
    private final String path;
    private final byte[] head;
    private final byte[] line = new byte[MAX_LINE];
    private final boolean keepAnswer;
    private byte[] answer = new byte[0];
    private int answerLength;
    private Socket socket;
    private InputStream in;
    private OutputStream out;

    /**
     * @param url           where to post
     * @param staticHeaders headers of every request, each ending with CRLF (may be empty)
     */
    RawHttpConnection(URI url, String staticHeaders) {
        this(url, staticHeaders, false);
    }

    /**
     * @param url           where to post, unless a post names another path on the same server
     * @param staticHeaders headers of every request, each ending with CRLF (may be empty)
     * @param keepAnswer    whether to keep each answer's body for {@link #answer}
     */
    RawHttpConnection(URI url, String staticHeaders, boolean keepAnswer) {
        this.host = url.getHost();
        this.port = url.getPort() < 0 ? 80 : url.getPort();
        this.path = url.getRawPath() + (url.getRawQuery() == null ? "" : "?" + url.getRawQuery());
        this.head = (" HTTP/1.1\r\nHost: " + host + ":" + port + "\r\nContent-Type: application/json\r\n"
                + staticHeaders).getBytes(StandardCharsets.US_ASCII);
        this.keepAnswer = keepAnswer;
    }

    /**
     * Posts a body to the connection's URL and reads the whole answer.
     *
     * @param extraHeaders headers of this request only, each ending with CRLF, or {@code null}
     * @param body         the body
     * @return the HTTP status
     * @throws IOException when the connection failed (it is closed; the next post opens a new one)
     */
    int post(String extraHeaders, byte[] body) throws IOException {
        return post(path, extraHeaders, body);
    }

    /**
     * Posts a body to a path of the connection's server and reads the whole answer.
     *
     * @param target       the path and query, e.g. {@code /api/v1/sessions/7/messages}
     * @param extraHeaders headers of this request only, each ending with CRLF, or {@code null}
     * @param body         the body
     * @return the HTTP status
     * @throws IOException when the connection failed (it is closed; the next post opens a new one)
     */
    int post(String target, String extraHeaders, byte[] body) throws IOException {
        answerLength = 0;
        try {
            if (socket == null) {
                connect();
            }
            out.write(("POST " + target).getBytes(StandardCharsets.US_ASCII));
            out.write(head);
            if (extraHeaders != null) {
                out.write(extraHeaders.getBytes(StandardCharsets.US_ASCII));
            }
            out.write(("Content-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(body);
            out.flush();
            return readResponse();
        } catch (IOException | RuntimeException e) {
            close();
            throw e instanceof IOException io ? io : new IOException(e);
        }
    }

    private void connect() throws IOException {
        Socket s = new Socket();
        s.setTcpNoDelay(true);
        s.setKeepAlive(true);
        s.connect(new InetSocketAddress(host, port), 5_000);
        s.setSoTimeout(TIMEOUT_MILLIS);
        socket = s;
        in = new BufferedInputStream(s.getInputStream(), 8192);
        out = new BufferedOutputStream(s.getOutputStream(), 8192);
    }

    private int readResponse() throws IOException {
        int status;
        boolean close;
        long length;
        boolean chunked;
        do {
            String statusLine = readLine();
            if (!statusLine.startsWith("HTTP/1.")) {
                throw new IOException("not an HTTP answer: " + statusLine);
            }
            status = Integer.parseInt(statusLine.substring(9, 12));
            close = statusLine.startsWith("HTTP/1.0");
            length = -1;
            chunked = false;
            for (String h = readLine(); !h.isEmpty(); h = readLine()) {
                int colon = h.indexOf(':');
                if (colon <= 0) {
                    continue;
                }
                String name = h.substring(0, colon).strip().toLowerCase(Locale.ROOT);
                String value = h.substring(colon + 1).strip().toLowerCase(Locale.ROOT);
                switch (name) {
                    case "content-length" -> length = Long.parseLong(value);
                    case "transfer-encoding" -> chunked = value.contains("chunked");
                    case "connection" -> close = value.contains("close") || close && !value.contains("keep-alive");
                    default -> { }
                }
            }
            // 1xx answers (100 Continue) come before the real one and have no body
        } while (status >= 100 && status < 200);
        if (chunked) {
            for (long size = chunkSize(); size > 0; size = chunkSize()) {
                consume(size);
                readLine();
            }
            while (!readLine().isEmpty()) {
                // trailers
            }
        } else if (length > 0) {
            consume(length);
        } else if (length < 0 && status != 204 && status != 304) {
            // no length and not chunked: the body runs until the server closes
            for (int r = in.read(line); r >= 0; r = in.read(line)) {
                keep(r);
            }
            close = true;
        }
        if (close) {
            close();
        }
        return status;
    }

    private long chunkSize() throws IOException {
        String size = readLine();
        int semicolon = size.indexOf(';');
        return Long.parseLong((semicolon < 0 ? size : size.substring(0, semicolon)).strip(), 16);
    }

    /** Reads {@code n} bytes of the body: skips them, or keeps them when answers are kept. */
    private void consume(long n) throws IOException {
        while (n > 0) {
            int r = in.read(line, 0, (int) Math.min(n, line.length));
            if (r < 0) {
                throw new EOFException("the answer ended early");
            }
            keep(r);
            n -= r;
        }
    }

    private void keep(int n) {
        if (!keepAnswer) {
            return;
        }
        if (answerLength + n > answer.length) {
            answer = Arrays.copyOf(answer, Math.max(answer.length * 2, answerLength + n));
        }
        System.arraycopy(line, 0, answer, answerLength, n);
        answerLength += n;
    }

    /** @return the body of the last answer as UTF-8, empty unless answers are kept */
    String answer() {
        return new String(answer, 0, answerLength, StandardCharsets.UTF_8);
    }

    /** @return the next line without its CRLF, as ISO-8859-1 */
    private String readLine() throws IOException {
        int n = 0;
        while (true) {
            int b = in.read();
            if (b < 0) {
                throw new EOFException("the connection closed");
            }
            if (b == '\n') {
                break;
            }
            if (n == line.length) {
                throw new IOException("a header line longer than " + MAX_LINE + " bytes");
            }
            line[n++] = (byte) b;
        }
        if (n > 0 && line[n - 1] == '\r') {
            n--;
        }
        return new String(line, 0, n, StandardCharsets.ISO_8859_1);
    }

    @Override
    public void close() {
        Socket s = socket;
        socket = null;
        in = null;
        out = null;
        if (s != null) {
            try {
                s.close();
            } catch (IOException e) {
                // closing anyway
            }
        }
    }
}
