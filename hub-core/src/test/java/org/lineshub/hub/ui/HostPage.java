package org.lineshub.hub.ui;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A customer's website on its own origin ({@code http://127.0.0.1:<port>}): one page that embeds a web chat widget
 * with the snippet the webchat plugin documents. Anything else it is asked for is a 404, so a request the page
 * should not make shows up as a console error.
 */
final class HostPage implements AutoCloseable {

    private final HttpServer server;
    private volatile String embed = "";

    private HostPage(HttpServer server) {
        this.server = server;
    }

    /** Starts the site; its page embeds nothing until {@link #embed} says what. */
    static HostPage start() {
        try {
            HostPage site = new HostPage(HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0));
            site.server.createContext("/", exchange -> {
                if (exchange.getRequestURI().getPath().equals("/")) {
                    answer(exchange, 200, site.page());
                } else {
                    answer(exchange, 404, "not here");
                }
            });
            site.server.start();
            return site;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @param html what the page's body embeds from now on, e.g. the widget's script tag */
    void embed(String html) {
        embed = html;
    }

    private String page() {
        // the icon is inline, so the browser asks the site for no favicon
        return "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>The shop</title>"
                + "<link rel=\"icon\" href=\"data:,\"></head>\n<body>\n<h1>The shop</h1>\n"
                + "<p>Everything for your garden.</p>\n" + embed + "\n</body></html>\n";
    }

    /** @return the site's origin and page, e.g. {@code http://127.0.0.1:43210} */
    String origin() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private static void answer(HttpExchange exchange, int status, String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", status == 200 ? "text/html; charset=utf-8" : "text/plain");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
