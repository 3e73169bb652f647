package org.lineshub.plugin.api;

/**
 * The version of this plugin API. The hub compares a plugin's {@code Plugin-Requires} manifest entry (a PF4J version
 * expression such as {@code >=1.0.0 & <2.0.0}) with it and refuses a plugin whose expression it does not satisfy,
 * naming the version the plugin needs. Additions raise the minor version; a change that breaks plugins raises the
 * major version.
 */
public final class PluginApi {

    /** The API version this hub provides. */
    public static final String VERSION = "1.2.0";

    private PluginApi() {
    }
}
