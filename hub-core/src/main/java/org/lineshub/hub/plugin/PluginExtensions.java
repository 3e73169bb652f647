package org.lineshub.hub.plugin;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.pf4j.ExtensionPoint;

/**
 * The extensions one started plugin provides, by extension point: every interface extending {@link ExtensionPoint}
 * that an extension class implements, directly or through its superclasses and superinterfaces. A new extension
 * point (a bot, a spam filter) is found without any change here: its consumer asks {@link #of(Class)}.
 */
public final class PluginExtensions {

    private final Map<Class<?>, List<Object>> byPoint;

    private PluginExtensions(Map<Class<?>, List<Object>> byPoint) {
        this.byPoint = byPoint;
    }

    /**
     * @param extensions the plugin's extension instances
     * @return them grouped by the extension points each implements
     */
    static PluginExtensions of(List<?> extensions) {
        Map<Class<?>, List<Object>> byPoint = new LinkedHashMap<>();
        for (Object extension : extensions) {
            for (Class<?> point : extensionPoints(extension.getClass())) {
                byPoint.computeIfAbsent(point, p -> new ArrayList<>()).add(extension);
            }
        }
        byPoint.replaceAll((p, list) -> List.copyOf(list));
        return new PluginExtensions(Map.copyOf(byPoint));
    }

    /** @return an empty set of extensions */
    static PluginExtensions none() {
        return new PluginExtensions(Map.of());
    }

    /**
     * @param point an extension point, as the hub's class loader sees it
     * @param <T>   its type
     * @return the plugin's extensions of that point, in the order PF4J found them; empty when none
     */
    public <T> List<T> of(Class<T> point) {
        List<Object> found = byPoint.get(point);
        if (found == null) {
            return List.of();
        }
        List<T> typed = new ArrayList<>(found.size());
        for (Object o : found) {
            typed.add(point.cast(o));
        }
        return typed;
    }

    /** @return the simple names of the extension points served, sorted */
    public List<String> pointNames() {
        return byPoint.keySet().stream().map(Class::getSimpleName).sorted().toList();
    }

    private static Set<Class<?>> extensionPoints(Class<?> type) {
        Set<Class<?>> points = new LinkedHashSet<>();
        for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
            collect(c.getInterfaces(), points);
        }
        return points;
    }

    private static void collect(Class<?>[] interfaces, Set<Class<?>> points) {
        for (Class<?> i : interfaces) {
            if (i != ExtensionPoint.class && ExtensionPoint.class.isAssignableFrom(i)) {
                points.add(i);
            }
            collect(i.getInterfaces(), points);
        }
    }
}
