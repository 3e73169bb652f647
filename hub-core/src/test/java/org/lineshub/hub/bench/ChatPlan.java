package org.lineshub.hub.bench;

import java.util.SplittableRandom;

/**
 * Who writes next: chats take turns, and each turn a chat sends a burst of a few messages at once (people type
 * several short messages in a row; platforms deliver them as concurrent requests), so messages of one chat are
 * stored concurrently, which is where sessions are contended. Message numbers count per chat from 1, as Telegram's
 * {@code message_id} does. One plan per scenario, used by the feeding thread only.
 */
final class ChatPlan {

    private final int chats;
    private final int burstMin;
    private final int burstMax;
    private final long[] nth;
    private final SplittableRandom random;
    private int next;

    ChatPlan(BenchOptions options) {
        this.chats = options.chats();
        this.burstMin = options.burstMin();
        this.burstMax = options.burstMax();
        this.nth = new long[chats];
        this.random = new SplittableRandom(options.seed());
    }

    /** @return the size of the next burst */
    int burst() {
        return burstMin == burstMax ? burstMin : random.nextInt(burstMin, burstMax + 1);
    }

    /** @return the chat whose turn it is */
    int nextChat() {
        int chat = next;
        next = (next + 1) % chats;
        return chat;
    }

    /** @return the next message number in a chat */
    long nextNth(int chat) {
        return ++nth[chat];
    }

    /** @return the average burst */
    double averageBurst() {
        return (burstMin + burstMax) / 2.0;
    }
}
