package org.lineshub.plugin.testkit;

import java.io.ByteArrayInputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

import org.lineshub.plugin.api.Attachment;
import org.lineshub.plugin.api.AttachmentContent;
import org.lineshub.plugin.api.ConversationHistory;
import org.lineshub.plugin.api.DeliveryReceipt;
import org.lineshub.plugin.api.InboundMessage;
import org.lineshub.plugin.api.InboundSink;
import org.lineshub.plugin.api.MessageChange;
import org.lineshub.plugin.api.NotStoredException;
import org.lineshub.plugin.api.StoreResult;

/**
 * The hub's side of {@link InboundSink} and {@link ConversationHistory} for a plugin that shows a chat's history
 * back to its customer: keeps each chat's history as the hub does (ids in order, duplicates skipped, files with ids,
 * answers PENDING until {@link #markSent}). Files are read from the context's file store.
 */
public final class HistoryKeepingSink implements InboundSink, ConversationHistory {

    /** Every message stored, duplicates not included. */
    public final List<InboundMessage> stored = new CopyOnWriteArrayList<>();
    public final List<DeliveryReceipt> receipts = new CopyOnWriteArrayList<>();
    /** While set, {@link #store} fails like a hub whose database is away. */
    public volatile boolean storeFails;
    private final Map<String, byte[]> files;
    private final AtomicLong ids = new AtomicLong(100);
    private final Map<String, List<Entry>> chats = new ConcurrentHashMap<>();
    private final Map<Long, String> fileRefs = new ConcurrentHashMap<>();

    /** @param files the hub's files by reference, where stored attachments' content is */
    HistoryKeepingSink(Map<String, byte[]> files) {
        this.files = files;
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
    public synchronized long answer(String chatId, String text, String author) {
        long id = ids.incrementAndGet();
        chats.computeIfAbsent(chatId, k -> new CopyOnWriteArrayList<>())
                .add(new Entry(id, null, false, text, List.of(), author, Instant.now(), "PENDING"));
        return id;
    }

    /** The hub records what {@code send} returned. */
    public synchronized void markSent(String chatId, long id, String externalId) {
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
    public void park(byte[] raw, String reason, String externalId) {
        throw new UnsupportedOperationException("this sink parks nothing");
    }

    @Override
    public void receipts(List<DeliveryReceipt> list) {
        receipts.addAll(list);
    }

    @Override
    public void changed(MessageChange change) {
        throw new UnsupportedOperationException("this sink takes no edits");
    }
}
