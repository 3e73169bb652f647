package org.lineshub.hub.system;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Loads the classes a start of the hub needs on a thread of its own, ahead of the main thread that builds the
 * application. Reading, defining and verifying some 15,000 classes from the packaged jar is most of a start's work,
 * and the main thread does it one class at a time while the second core idles; loaded here first, the main thread
 * finds most of them ready. Classes are loaded and linked but not initialised, so no static initialiser runs earlier
 * or in another order than it would anyway.
 *
 * <p>The names come from {@value #LIST}, recorded from a start of the hub by {@code scripts/record-startup-classes.sh}. A
 * name that no longer exists, or a class that does not load, is skipped: the list only ever saves time.
 */
public final class ClassPreloader {

    /** The resource listing the classes to load, one binary name per line, in the order a start loads them. */
    public static final String LIST = "org/lineshub/hub/system/startup-classes.txt";

    private ClassPreloader() {
    }

    /**
     * Starts loading the listed classes on a daemon thread; returns at once.
     *
     * @param loader the class loader the application's classes come from
     */
    public static void start(ClassLoader loader) {
        Thread thread = new Thread(() -> preload(names(loader), loader), "class-preload");
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * Loads and links each class, without initialising it.
     *
     * @param names  binary class names
     * @param loader the loader to load them with
     * @return how many classes loaded; the rest were skipped
     */
    static int preload(List<String> names, ClassLoader loader) {
        int loaded = 0;
        for (String name : names) {
            try {
                Class<?> type = Class.forName(name, false, loader);
                // asking for its constructors links the class (verifies it), still without initialising it
                type.getDeclaredConstructors();
                loaded++;
            } catch (ClassNotFoundException | LinkageError | SecurityException e) {
                // gone since the list was recorded, or needs what this installation lacks: the main thread decides
            }
        }
        return loaded;
    }

    /**
     * @param loader the loader to read the list with
     * @return the listed names, none when there is no list
     */
    static List<String> names(ClassLoader loader) {
        List<String> names = new ArrayList<>();
        try (InputStream in = loader.getResourceAsStream(LIST)) {
            if (in == null) {
                return names;
            }
            BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                String name = line.strip();
                if (!name.isEmpty() && !name.startsWith("#")) {
                    names.add(name);
                }
            }
        } catch (IOException e) {
            // without the list the hub starts as it would anyway
        }
        return names;
    }
}
