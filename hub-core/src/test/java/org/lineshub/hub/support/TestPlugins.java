package org.lineshub.hub.support;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/**
 * Builds real PF4J plugin jars at test time: Java sources for a small "echo" channel compiled with the JDK's
 * compiler against the plugin API, packaged with the Plugin-* manifest and the extension index, exactly as a
 * third party would ship one.
 */
public final class TestPlugins {

    private TestPlugins() {
    }

    /**
     * Builds an echo channel plugin: its outbound route answers every reply with {@code SentMessage("echo-<id>")},
     * and it adds a Camel component of its own named {@code <type>-<accountId>}.
     *
     * @param workDir       where to compile
     * @param pluginId      the Plugin-Id
     * @param type          the channel type it provides
     * @param failingRoutes whether {@code routes()} throws, to test a plugin whose accounts cannot start
     * @return the jar
     */
    public static Path echoPlugin(Path workDir, String pluginId, String type, boolean failingRoutes)
            throws IOException {
        String pkg = "testplugin." + pluginId.replace('-', '_');
        String dir = pkg.replace('.', '/');
        Path src = workDir.resolve(pluginId + "-src");
        Path classes = workDir.resolve(pluginId + "-classes");
        Files.createDirectories(src.resolve(dir));
        Files.createDirectories(classes);
        write(src.resolve(dir + "/EchoPlugin.java"), "package " + pkg + ";\n"
                + "public class EchoPlugin extends org.pf4j.Plugin {}\n");
        write(src.resolve(dir + "/EchoComponent.java"), "package " + pkg + ";\n"
                + "public class EchoComponent extends org.apache.camel.support.DefaultComponent {\n"
                + "  @Override protected org.apache.camel.Endpoint createEndpoint(String uri, String remaining,\n"
                + "      java.util.Map<String, Object> parameters) {\n"
                + "    throw new UnsupportedOperationException(\"echo endpoints are internal\");\n"
                + "  }\n"
                + "}\n");
        write(src.resolve(dir + "/EchoSender.java"), "package " + pkg + ";\n"
                + "import org.lineshub.plugin.api.*;\n"
                + "public class EchoSender implements org.apache.camel.Processor {\n"
                + "  public void process(org.apache.camel.Exchange exchange) {\n"
                + "    OutboundMessage m = exchange.getMessage().getBody(OutboundMessage.class);\n"
                + "    exchange.getMessage().setBody(new SentMessage(\"echo-\" + m.messageId(), null));\n"
                + "  }\n"
                + "}\n");
        write(src.resolve(dir + "/EchoConnector.java"), "package " + pkg + ";\n"
                + "import java.util.List;\nimport java.util.Set;\n"
                + "import org.lineshub.plugin.api.*;\n"
                + "@org.pf4j.Extension\n"
                + "public class EchoConnector implements ChannelConnector {\n"
                + "  public ChannelDescriptor descriptor() {\n"
                + "    return new ChannelDescriptor(\"" + type + "\", \"Echo\", \"Answers every reply at once\",\n"
                + "        List.of(SettingField.builder(\"greeting\", SettingType.STRING).defaultValue(\"hi\")\n"
                + "            .description(\"What the echo says\").build()),\n"
                + "        Set.of(ChannelCapability.START_CONVERSATION));\n"
                + "  }\n"
                + "  public org.apache.camel.RoutesBuilder routes(ChannelContext ctx) {\n"
                + (failingRoutes ? "    throw new IllegalStateException(\"echo cannot start: broken on purpose\");\n"
                : "    ctx.addComponent(\"" + type + "-\" + ctx.accountId(), new EchoComponent());\n"
                + "    return new org.apache.camel.builder.RouteBuilder() {\n"
                + "      public void configure() {\n"
                + "        from(ctx.outboundUri()).routeId(ctx.routeId(\"outbound\")).process(new EchoSender());\n"
                + "      }\n"
                + "    };\n")
                + "  }\n"
                + "}\n");
        compile(src, classes);
        Files.createDirectories(classes.resolve("META-INF"));
        write(classes.resolve("META-INF/extensions.idx"), pkg + ".EchoConnector\n");
        Manifest manifest = new Manifest();
        Attributes main = manifest.getMainAttributes();
        main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        main.putValue("Plugin-Id", pluginId);
        main.putValue("Plugin-Version", "1.0.0");
        main.putValue("Plugin-Class", pkg + ".EchoPlugin");
        main.putValue("Plugin-Requires", ">=0.1.0");
        main.putValue("Plugin-Provider", "tests");
        main.putValue("Plugin-Description", "Echo channel for tests");
        Path jar = workDir.resolve(pluginId + ".jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), manifest);
             Stream<Path> files = Files.walk(classes)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                out.putNextEntry(new JarEntry(classes.relativize(file).toString().replace('\\', '/')));
                Files.copy(file, out);
                out.closeEntry();
            }
        }
        return jar;
    }

    /** @return a jar that is not a plugin: a zip with a text file and no Plugin-Id */
    public static Path notAPlugin(Path workDir, String name) throws IOException {
        Path jar = workDir.resolve(name);
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            out.putNextEntry(new JarEntry("readme.txt"));
            out.write("I am not a plugin".getBytes(StandardCharsets.UTF_8));
            out.closeEntry();
        }
        return jar;
    }

    private static void compile(Path src, Path classes) throws IOException {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        if (javac == null) {
            throw new IllegalStateException("tests need a JDK, not a JRE");
        }
        List<String> args = new ArrayList<>(List.of("-proc:none", "-d", classes.toString(), "-classpath",
                classpath()));
        try (Stream<Path> files = Files.walk(src)) {
            files.filter(f -> f.toString().endsWith(".java")).forEach(f -> args.add(f.toString()));
        }
        OutputStream errors = new java.io.ByteArrayOutputStream();
        int status = javac.run(null, null, errors, args.toArray(String[]::new));
        if (status != 0) {
            throw new IllegalStateException("compiling the test plugin failed:\n" + errors);
        }
    }

    /** The plugin API and what it builds on, found where the test itself loads them from. */
    private static String classpath() {
        Set<String> entries = new LinkedHashSet<>();
        for (Class<?> c : List.of(org.lineshub.plugin.api.ChannelConnector.class, org.pf4j.Plugin.class,
                org.apache.camel.RoutesBuilder.class, org.apache.camel.builder.RouteBuilder.class,
                org.apache.camel.support.DefaultComponent.class, org.apache.camel.util.ObjectHelper.class,
                org.slf4j.Logger.class)) {
            try {
                entries.add(Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()).toString());
            } catch (URISyntaxException e) {
                throw new IllegalStateException(e);
            }
        }
        return String.join(java.io.File.pathSeparator, entries);
    }

    private static void write(Path file, String text) throws IOException {
        Files.writeString(file, text, StandardCharsets.UTF_8);
    }
}
