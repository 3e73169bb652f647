package org.lineshub.email;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.UnsupportedCharsetException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

import jakarta.mail.MessagingException;
import jakarta.mail.Part;
import jakarta.mail.internet.ContentType;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.internet.MimeUtility;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Node;
import org.jsoup.nodes.TextNode;
import org.jsoup.safety.Safelist;
import org.jsoup.select.NodeTraversor;
import org.jsoup.select.NodeVisitor;

/**
 * What a mail says: its plain text (preferred) or its HTML made safe, and its files. Parts are read through their
 * data sources, never through Jakarta Activation's content handlers, so the parsing works whatever class loader
 * runs it. Text is decoded with the part's charset (UTF-8, KOI8-R, windows-1251, ISO-8859-5...).
 */
final class EmailContent {

    /** What remains of an HTML mail: structure, links and tables; no scripts, styles, images or event handlers. */
    private static final Safelist SAFE_HTML = Safelist.relaxed().removeTags("img")
            .removeProtocols("a", "href", "ftp").preserveRelativeLinks(false);

    private static final Pattern SIGNATURE = Pattern.compile("^--\\s?$");
    private static final Pattern ATTRIBUTION = Pattern.compile(
            "^.{0,300}(wrote|schrieb|a écrit|пишет|написал|написала|написал\\(а\\)):\\s*$",
            Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
    private static final Pattern ORIGINAL = Pattern.compile(
            "^\\s*(-{2,}\\s*(original message|forwarded message|исходное сообщение|пересылаемое сообщение)\\s*-{2,}"
                    + "|_{20,})\\s*$", Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
    private static final Pattern HEADER_FROM = Pattern.compile("^\\s*(from|от):\\s.*", Pattern.CASE_INSENSITIVE
            | Pattern.UNICODE_CASE);

    /**
     * A file of a mail.
     *
     * @param part     its MIME part
     * @param fileName its decoded file name, or {@code null}
     * @param mimeType its media type, lower case, without parameters
     * @param inline   whether the mail shows it inline (an image in the text)
     */
    record File(Part part, String fileName, String mimeType, boolean inline) {
    }

    /**
     * The content of a mail.
     *
     * @param text  the plain text, or text derived from the HTML, or {@code null}
     * @param html  the HTML made safe, or {@code null}
     * @param files its files and inline images
     */
    record Content(String text, String html, List<File> files) {
    }

    private EmailContent() {
    }

    /**
     * @param mail a parsed mail or part
     * @return what it says
     * @throws MessagingException when its structure cannot be read
     * @throws IOException        when its content cannot be read
     */
    static Content of(Part mail) throws MessagingException, IOException {
        Collector c = new Collector();
        c.walk(mail);
        String html = c.html == null ? null : Jsoup.clean(c.html, SAFE_HTML);
        String text = c.text != null ? c.text : c.html != null ? textOf(c.html) : null;
        return new Content(text == null ? null : normalise(text), html, c.files);
    }

    private static final class Collector {
        String text;
        String html;
        final List<File> files = new ArrayList<>();

        void walk(Part part) throws MessagingException, IOException {
            String type = baseType(part);
            boolean attachment = Part.ATTACHMENT.equalsIgnoreCase(part.getDisposition());
            if (type.startsWith("multipart/")) {
                // parsed straight from the part's bytes: no content handler needed
                MimeMultipart multipart = new MimeMultipart(part.getDataHandler().getDataSource());
                for (int i = 0; i < multipart.getCount(); i++) {
                    walk(multipart.getBodyPart(i));
                }
            } else if (type.equals("text/plain") && !attachment && text == null) {
                text = decode(part);
            } else if (type.equals("text/html") && !attachment && html == null) {
                html = decode(part);
            } else if (!type.equals("text/plain") && !type.equals("text/html") || attachment) {
                files.add(new File(part, fileName(part), type, Part.INLINE.equalsIgnoreCase(part.getDisposition())
                        || part.getHeader("Content-ID") != null && part.getDisposition() == null));
            }
        }
    }

    /**
     * @param part a MIME part
     * @return its media type in lower case, {@code application/octet-stream} when unreadable
     */
    static String baseType(Part part) {
        try {
            return new ContentType(part.getContentType()).getBaseType().toLowerCase(Locale.ROOT);
        } catch (MessagingException | NullPointerException e) {
            return "application/octet-stream";
        }
    }

    private static String fileName(Part part) {
        try {
            String name = part.getFileName();
            return name == null ? null : MimeUtility.decodeText(name);
        } catch (MessagingException | IOException e) {
            return null;
        }
    }

    /**
     * Decodes a text part: transfer encoding by Jakarta Mail, characters by the part's charset.
     *
     * @param part a text part
     * @return its text
     */
    static String decode(Part part) throws MessagingException, IOException {
        Charset charset = charset(part);
        try (InputStream in = part.getInputStream()) {
            return new String(in.readAllBytes(), charset);
        }
    }

    private static Charset charset(Part part) {
        try {
            String name = new ContentType(part.getContentType()).getParameter("charset");
            if (name == null || name.isBlank()) {
                // the standard says US-ASCII; UTF-8 reads that too, and the 8-bit text some clients send unlabelled
                return StandardCharsets.UTF_8;
            }
            return Charset.forName(MimeUtility.javaCharset(name.trim()));
        } catch (MessagingException | IllegalCharsetNameException | UnsupportedCharsetException e) {
            return StandardCharsets.UTF_8;
        }
    }

    /**
     * @param html HTML from a mail
     * @return its readable text, with line breaks where the HTML breaks lines
     */
    static String textOf(String html) {
        Document doc = Jsoup.parse(html);
        doc.select("script, style, head, title").remove();
        StringBuilder out = new StringBuilder();
        NodeTraversor.traverse(new NodeVisitor() {
            @Override
            public void head(Node node, int depth) {
                if (node instanceof TextNode t) {
                    out.append(t.text());
                } else if (node instanceof Element e && (e.isBlock() || e.nameIs("br"))) {
                    newline(out);
                }
            }

            @Override
            public void tail(Node node, int depth) {
                if (node instanceof Element e && e.isBlock()) {
                    newline(out);
                }
            }
        }, doc.body());
        return out.toString();
    }

    private static void newline(StringBuilder out) {
        if (out.length() > 0 && out.charAt(out.length() - 1) != '\n') {
            out.append('\n');
        }
    }

    private static String normalise(String text) {
        String unified = text.replace("\r\n", "\n").replace('\r', '\n').replace('\u00a0', ' ');
        return unified.replaceAll("[ \\t]+\\n", "\n").replaceAll("\\n{3,}", "\n\n").strip();
    }

    /**
     * The text operators see: the client's new words, without the earlier mails quoted below them (an attribution
     * line such as "On ... wrote:", a "----- Original Message -----" block, an Outlook header block, trailing
     * {@code >} lines) and without the signature after a {@code -- } line. When nothing would remain, the whole text.
     *
     * @param text a mail's text
     * @return the displayed part
     */
    static String displayed(String text) {
        if (text == null) {
            return null;
        }
        String[] lines = text.split("\n", -1);
        int cut = lines.length;
        for (int i = 0; i < lines.length && cut == lines.length; i++) {
            String line = lines[i];
            boolean outlookBlock = HEADER_FROM.matcher(line).matches() && i > 0 && lines[i - 1].isBlank();
            if (SIGNATURE.matcher(line).matches() || ATTRIBUTION.matcher(line).matches()
                    || ORIGINAL.matcher(line).matches() || outlookBlock && quotedHeaders(lines, i)) {
                cut = i;
            }
        }
        // a quoted block at the end (lines starting with ">") goes as well
        int end = cut;
        while (end > 0 && (lines[end - 1].startsWith(">") || lines[end - 1].isBlank())) {
            end--;
        }
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < end; i++) {
            out.append(lines[i]).append('\n');
        }
        String shown = out.toString().strip();
        return shown.isEmpty() ? text.strip() : shown;
    }

    /** An Outlook-style quoted header block: From:, then Sent:/Date:/To:/Subject: lines. */
    private static boolean quotedHeaders(String[] lines, int from) {
        int headers = 0;
        for (int i = from; i < Math.min(lines.length, from + 6); i++) {
            if (lines[i].matches("(?iu)^\\s*(from|sent|date|to|cc|subject|от|отправлено|дата|кому|тема):\\s.*")) {
                headers++;
            }
        }
        return headers >= 3;
    }
}
