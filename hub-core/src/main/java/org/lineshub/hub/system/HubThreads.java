package org.lineshub.hub.system;

import java.security.AccessController;
import java.security.PrivilegedAction;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Makes the hub's own threads. Executors create their thread on first use, and that first use may come from plugin
 * code (a plugin storing its first message wakes the event dispatcher). A thread created then would inherit the
 * caller's access-control context, which holds the plugin's protection domain and so its class loader, for the
 * thread's whole life: the plugin could never be unloaded. Threads made here are created in a privileged block,
 * which cuts the plugin's frames off, and get the hub's class loader as their context class loader.
 */
public final class HubThreads {

    private HubThreads() {
    }

    /**
     * @param name the thread's name; with several threads, {@code -1}, {@code -2}... are appended
     * @param many whether the factory makes more than one thread
     * @return a factory of daemon threads
     */
    public static ThreadFactory named(String name, boolean many) {
        AtomicInteger count = new AtomicInteger();
        ClassLoader hub = HubThreads.class.getClassLoader();
        return task -> create(() -> {
            Thread t = new Thread(task, many ? name + "-" + count.incrementAndGet() : name);
            t.setDaemon(true);
            t.setContextClassLoader(hub);
            return t;
        });
    }

    /**
     * @param name the thread's name
     * @return a factory of daemon threads with that name
     */
    public static ThreadFactory named(String name) {
        return named(name, false);
    }

    @SuppressWarnings("removal")
    private static Thread create(PrivilegedAction<Thread> action) {
        return AccessController.doPrivileged(action);
    }
}
