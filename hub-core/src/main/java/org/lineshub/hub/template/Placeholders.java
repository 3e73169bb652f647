package org.lineshub.hub.template;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The placeholders of a template's text, {@code {client.name}}, {@code {operator.name}} and {@code {line.name}}: which
 * ones a text uses, and the text with them filled in. Expansion is one pass over the template, so a value that itself
 * looks like a placeholder (a client named "{line.name}") is sent as it is.
 * <p>
 * A placeholder without a value never goes out as {@code {...}}: it is left out with the spacing and punctuation
 * around it tidied, so "Hello, {client.name}!" becomes "Hello!" and "Dear {client.name}, thanks" becomes
 * "Dear, thanks" rather than "Dear , thanks".
 */
final class Placeholders {

    static final String CLIENT_NAME = "client.name";
    static final String OPERATOR_NAME = "operator.name";
    static final String LINE_NAME = "line.name";
    static final Set<String> KNOWN = Set.of(CLIENT_NAME, OPERATOR_NAME, LINE_NAME);

    /** A name in braces; a lone brace or an empty pair is plain text. */
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([^{}\\s]+)}");
    /** Stands for a placeholder without a value while the text around it is tidied; a Unicode noncharacter. */
    private static final char GAP = '\uFFFF';

    private Placeholders() {
    }

    /** @return the placeholder names the text uses, in order of first use */
    static Set<String> used(String text) {
        Set<String> names = new LinkedHashSet<>();
        Matcher m = PLACEHOLDER.matcher(text);
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }

    /** @return the placeholder names the text uses that the hub does not know */
    static List<String> unknown(String text) {
        List<String> unknown = new ArrayList<>();
        for (String name : used(text)) {
            if (!KNOWN.contains(name)) {
                unknown.add(name);
            }
        }
        return unknown;
    }

    /**
     * @param text   a template's text
     * @param values values by placeholder name; a missing, {@code null} or blank value leaves the placeholder out
     * @return the text to send, trimmed
     */
    static String expand(String text, Map<String, String> values) {
        StringBuilder out = new StringBuilder(text.length() + 32);
        Matcher m = PLACEHOLDER.matcher(text);
        int last = 0;
        boolean gaps = false;
        while (m.find()) {
            out.append(strip(text.substring(last, m.start())));
            String value = values.get(m.group(1));
            if (value == null || value.isBlank()) {
                out.append(GAP);
                gaps = true;
            } else {
                out.append(strip(value.strip()));
            }
            last = m.end();
        }
        out.append(strip(text.substring(last)));
        return (gaps ? tidy(out.toString()) : out.toString()).strip();
    }

    /** Removes the gaps left by placeholders without a value, and the spacing and commas they would strand. */
    private static String tidy(String text) {
        String gap = Pattern.quote(String.valueOf(GAP));
        String before = "(?=[,.!?;:)])";
        return text
                // at the start of a line: "{client.name}, hello" -> "hello"
                .replaceAll("(?m)^[ \\t]*" + gap + "[ \\t]*[,;:]?[ \\t]*", "")
                // "Hello, {client.name}!" -> "Hello!": a comma before the gap has nothing left to separate
                .replaceAll(",[ \\t]*" + gap + "[ \\t]*" + before, "")
                // "Hello {client.name}, how" -> "Hello, how"
                .replaceAll("[ \\t]*" + gap + before, "")
                // between words: "Dear {client.name} thanks" -> "Dear thanks"
                .replaceAll("[ \\t]*" + gap + "[ \\t]*", " ")
                .replaceAll("(?m)[ \\t]+$", "");
    }

    private static String strip(String s) {
        return s.indexOf(GAP) < 0 ? s : s.replace(String.valueOf(GAP), "");
    }
}
