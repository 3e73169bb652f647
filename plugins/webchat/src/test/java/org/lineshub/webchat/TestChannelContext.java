package org.lineshub.webchat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.camel.CamelContext;
import org.apache.camel.Component;
import org.apache.camel.RoutesBuilder;
import org.lineshub.plugin.api.Attachment;
import org.lineshub.plugin.api.AttachmentContent;
import org.lineshub.plugin.api.ChannelContext;
import org.lineshub.plugin.api.ChannelSettings;
import org.lineshub.plugin.api.ConversationHistory;
import org.lineshub.plugin.api.DeliveryReceipt;
import org.lineshub.plugin.api.InboundMessage;
import org.lineshub.plugin.api.InboundSink;
import org.lineshub.plugin.api.MessageChange;
import org.lineshub.plugin.api.NotStoredException;
import org.lineshub.plugin.api.StoreResult;

/**
 * The hub around one web chat account in the plugin's tests: it stores messages and files in memory and keeps each
 * chat's history as the hub does (ids in order, files with ids, answers PENDING until {@link #markSent}).
 */
final class TestChannelContext implements ChannelContext, InboundSink, ConversationHistory {

    final ChannelSettings settings;
    final List<InboundMessage> stored = new CopyOnWriteArrayList<>();
    final List<DeliveryReceipt> receipts = new CopyOnWriteArrayList<>();
    final Map<String, byte[]> files = new ConcurrentHashMap<>();
    volatile boolean storeFails;
    volatile boolean online = true;
    volatile URI webhookUrl;
    private final AtomicLong ids = new AtomicLong(100);
    private final Map<String, List<Entry>> chats = new ConcurrentHashMap<>();
    private final Map<Long, String> fileRefs = new ConcurrentHashMap<>();

    TestChannelContext(Map<String, String> settings) {
        this.settings = new ChannelSettings(settings);
    }

    @Override
    public synchronized StoreResult store(List<InboundMessage> batch) throws NotStoredException {
        if (storeFails) {
            throw new NotStoredException("the database is away", null);
        }
        int duplicates = 0;
        for (InboundMessage m : batch) {
            List<Entry> chat = chats.computeIfAbsent(m.externalChatId(), k -> new CopyOnWriteArrayList<>());
            if (chat.stream().anyMatch(e -> m.externalMessageId().equals(e.externalMessageId()))) {
                duplicates++;
                continue;
            }
            long id = ids.incrementAndGet();
            List<EntryFile> entryFiles = new ArrayList<>();
            for (Attachment a : m.attachments()) {
                long fileId = ids.incrementAndGet();
                fileRefs.put(fileId, a.localRef());
                entryFiles.add(new EntryFile(fileId, a.kind(), a.fileName(), a.mimeType(), a.size()));
            }
            chat.add(new Entry(id, m.externalMessageId(), true, m.text(), entryFiles, m.sender().displayName(),
                    Instant.now(), null));
            stored.add(m);
        }
        return new StoreResult(batch.size() - duplicates, duplicates, 0);
    }

    /** An operator answers: the hub stores the answer PENDING before it hands it to the plugin. */
    synchronized long answer(String chatId, String text, String author) {
        long id = ids.incrementAndGet();
        chats.computeIfAbsent(chatId, k -> new CopyOnWriteArrayList<>())
                .add(new Entry(id, null, false, text, List.of(), author, Instant.now(), "PENDING"));
        return id;
    }

    /** The hub records what {@code send} returned. */
    synchronized void markSent(String chatId, long id, String externalId) {
        List<Entry> chat = chats.get(chatId);
        for (int i = 0; i < chat.size(); i++) {
            Entry e = chat.get(i);
            if (e.messageId() == id) {
                chat.set(i, new Entry(id, externalId, false, e.text(), e.files(), e.authorName(), e.at(), "SENT"));
            }
        }
    }

    @Override
    public List<Entry> recent(String externalChatId, int limit) {
        List<Entry> chat = chats.getOrDefault(externalChatId, List.of());
        return List.copyOf(chat.subList(Math.max(0, chat.size() - limit), chat.size()));
    }

    @Override
    public Optional<AttachmentContent> open(String externalChatId, long messageId, long attachmentId) {
        return recent(externalChatId, 500).stream().filter(e -> e.messageId() == messageId)
                .flatMap(e -> e.files().stream()).filter(f -> f.id() == attachmentId).findFirst()
                .map(f -> new AttachmentContent(new ByteArrayInputStream(files.get(fileRefs.get(f.id()))),
                        f.mimeType(), f.size()));
    }

    @Override
    public String storeFile(InputStream content, long maxBytes) throws IOException {
        byte[] bytes = content.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
        if (bytes.length > maxBytes) {
            throw new IOException("the file is larger than " + maxBytes + " bytes");
        }
        String ref = "f" + ids.incrementAndGet();
        files.put(ref, bytes);
        return ref;
    }

    @Override
    public ConversationHistory history() {
        return this;
    }

    @Override
    public boolean operatorsOnline() {
        return online;
    }

    @Override
    public void park(byte[] raw, String reason, String externalId) {
        throw new UnsupportedOperationException("the web chat parks nothing");
    }

    @Override
    public void receipts(List<DeliveryReceipt> list) {
        receipts.addAll(list);
    }

    @Override
    public void changed(MessageChange change) {
        throw new UnsupportedOperationException("visitors edit nothing");
    }

    @Override public long accountId() { return 7; }
    @Override public String accountName() { return "site chat"; }
    @Override public String pluginId() { return "webchat"; }
    @Override public ChannelSettings settings() { return settings; }
    @Override public InboundSink inbound() { return this; }
    @Override public Optional<URI> webhookUrl() { return Optional.ofNullable(webhookUrl); }
    @Override public void reportProblem(String reason) { }
    @Override public void reportHealthy() { }
    @Override public void fail(String reason) { }

    @Override
    public InputStream openAttachment(Attachment attachment) throws IOException {
        throw new IOException("no outbound files here");
    }

    @Override public CamelContext camelContext() { throw new UnsupportedOperationException(); }
    @Override public void addRoutes(RoutesBuilder routes) { throw new UnsupportedOperationException(); }
    @Override public void addComponent(String name, Component component) { throw new UnsupportedOperationException(); }
}
