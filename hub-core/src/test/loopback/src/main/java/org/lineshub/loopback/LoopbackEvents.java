package org.lineshub.loopback;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.lineshub.plugin.api.Attachment;
import org.lineshub.plugin.api.AttachmentKind;
import org.lineshub.plugin.api.DeliveryReceipt;
import org.lineshub.plugin.api.InboundMessage;
import org.lineshub.plugin.api.InboundSink;
import org.lineshub.plugin.api.MessageChange;
import org.lineshub.plugin.api.NotStoredException;
import org.lineshub.plugin.api.ReceiptStatus;
import org.lineshub.plugin.api.SenderProfile;

/**
 * The platform's events and their mapping to the plugin API. A body carries one event per line, each line
 * form-encoded like an HTML form:
 * <pre>
 * type=message&amp;id=m1&amp;chat=c1&amp;user=u1&amp;name=Ann&amp;text=Hello
 * type=message&amp;id=m2&amp;chat=c1&amp;user=u1&amp;fileRef=f1&amp;fileName=a.pdf&amp;fileType=application/pdf
 * type=edit&amp;id=m1&amp;text=Hello again
 * type=delete&amp;id=m1
 * type=receipt&amp;id=out-7&amp;status=FAILED&amp;error=blocked
 * </pre>
 * A message's text and file are optional; a receipt's status is SENT, DELIVERED, READ or FAILED (with an error).
 * Polled events also carry {@code update=<n>}, their place in the account's queue; events posted to the shared
 * webhook carry {@code account=<accountKey>}.
 */
final class LoopbackEvents {

    /**
     * One event as received.
     *
     * @param fields the decoded fields; empty when the line is not form-encoded
     * @param raw    the line as received
     */
    record Event(Map<String, String> fields, String raw) {

        static Event parse(String line) {
            Map<String, String> fields = new HashMap<>();
            try {
                for (String pair : line.split("&")) {
                    int eq = pair.indexOf('=');
                    String name = eq < 0 ? pair : pair.substring(0, eq);
                    fields.put(decode(name), eq < 0 ? "" : decode(pair.substring(eq + 1)));
                }
            } catch (IllegalArgumentException e) {
                fields.clear();
            }
            return new Event(fields, line);
        }

        String get(String name) {
            return fields.get(name);
        }

        String require(String name) {
            String value = fields.get(name);
            if (value == null || value.isBlank()) {
                throw new IllegalArgumentException("no " + name);
            }
            return value;
        }
    }

    private LoopbackEvents() {
    }

    static List<Event> parse(String body) {
        return body.lines().filter(line -> !line.isBlank()).map(Event::parse).toList();
    }

    /**
     * Hands events to the hub in the order received: consecutive messages as one batch, edits, deletions and receipts
     * one by one, and events that cannot be mapped to the dead-letter list. Returns when all of it is committed.
     */
    static void deliver(List<Event> events, InboundSink sink) throws NotStoredException {
        List<InboundMessage> messages = new ArrayList<>();
        for (Event event : events) {
            String type = String.valueOf(event.get("type"));
            try {
                if (type.equals("message")) {
                    messages.add(message(event));
                    continue;
                }
                // an edit must not overtake the message it changes
                store(messages, sink);
                switch (type) {
                    case "edit" -> sink.changed(MessageChange.edited(event.require("id"), event.require("text"), null));
                    case "delete" -> sink.changed(MessageChange.deleted(event.require("id"), null));
                    case "receipt" -> sink.receipts(List.of(new DeliveryReceipt(event.require("id"),
                            ReceiptStatus.valueOf(event.require("status")), null, event.get("error"))));
                    default -> throw new IllegalArgumentException("unknown type");
                }
            } catch (IllegalArgumentException e) {
                store(messages, sink);
                sink.park(event.raw().getBytes(StandardCharsets.UTF_8), "loopback event of type " + type
                        + " cannot be mapped: " + e.getMessage(), event.get("id"));
            }
        }
        store(messages, sink);
    }

    /** @return the offset that acknowledges the batch: one past its last update */
    static long nextOffset(List<Event> batch, long offset) {
        long next = offset;
        for (Event event : batch) {
            String update = String.valueOf(event.get("update"));
            if (update.matches("\\d{1,18}")) {
                next = Math.max(next, Long.parseLong(update) + 1);
            }
        }
        return next;
    }

    static InboundMessage message(Event event) {
        SenderProfile sender = SenderProfile.builder(event.require("user")).displayName(event.get("name"))
                .email(event.get("email")).phone(event.get("phone")).build();
        InboundMessage.Builder message = InboundMessage.builder(event.require("id"), event.require("chat"), sender)
                .text(event.get("text"))
                .rawPayload(event.raw());
        String ref = event.get("fileRef");
        if (ref != null) {
            String type = event.get("fileType");
            AttachmentKind kind = type != null && type.startsWith("image/") ? AttachmentKind.IMAGE
                    : AttachmentKind.DOCUMENT;
            message.attachment(Attachment.external(kind, ref).fileName(event.get("fileName")).mimeType(type).build());
        }
        return message.build();
    }

    private static void store(List<InboundMessage> messages, InboundSink sink) throws NotStoredException {
        if (!messages.isEmpty()) {
            sink.store(List.copyOf(messages));
            messages.clear();
        }
    }

    private static String decode(String value) {
        return URLDecoder.decode(value, StandardCharsets.UTF_8);
    }
}
