package org.lineshub.hub.plugin;

import org.pf4j.ExtensionPoint;

/**
 * An extension point the hub's code does not know: defined here, in the tests, so that the hub's class loader sees it,
 * and implemented by a plugin that {@link PluginRuntimeIT} builds.
 */
public interface Greeter extends ExtensionPoint {

    /**
     * @param name whom to greet
     * @return the greeting
     */
    String greet(String name);
}
