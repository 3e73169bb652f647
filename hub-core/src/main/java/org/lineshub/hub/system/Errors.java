package org.lineshub.hub.system;

/** Helpers for reading exception chains. */
public final class Errors {

    private Errors() {
    }

    /**
     * @param error an exception, possibly wrapping others
     * @param type  the type looked for
     * @param <T>   the type looked for
     * @return the first exception of that type in the cause chain, or {@code null}
     */
    public static <T extends Throwable> T causeOf(Throwable error, Class<T> type) {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }

    /**
     * @param error an exception
     * @return its message, with the root cause's message when that says more
     */
    public static String describe(Throwable error) {
        Throwable root = error;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = error.getMessage() == null ? error.getClass().getSimpleName() : error.getMessage();
        if (root != error && root.getMessage() != null && !message.contains(root.getMessage())) {
            message = message + ": " + root.getMessage();
        }
        return message;
    }
}
