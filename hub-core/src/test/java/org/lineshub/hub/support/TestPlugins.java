package org.lineshub.hub.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/**
 * Builds real PF4J plugin jars at test time, exactly as a third party would ship one: Java sources compiled with the
 * JDK's compiler against the plugin API and what it builds on (PF4J's annotation processor writes
 * {@code META-INF/extensions.idx}), packaged with the Plugin-* manifest.
 *
 * <ul>
 *   <li>{@link #loopbackPlugin()}: the loopback channel of {@code src/test/loopback}, compiled against nothing but
 *       plugin-api, PF4J, camel-api and SLF4J;</li>
 *   <li>{@link #echoPlugin}: a channel that acknowledges every reply at once and stores what is posted to its
 *       webhook, with a Camel route and component of its own;</li>
 *   <li>{@link #throwingPlugin}: a channel whose code throws on every update and every reply, as a broken plugin
 *       would;</li>
 *   <li>{@link #extensionPlugin}: one extension of any extension point;</li>
 *   <li>{@link #notAPlugin}: a jar without a plugin descriptor.</li>
 * </ul>
 */
public final class TestPlugins {

    /** The plugin API versions the test plugins accept, as a plugin built for API 1 declares them. */
    public static final String API_1 = ">=1.0.0 & <2.0.0";

    /** The loopback plugin's sources; tests run in the hub-core module's directory. */
    private static final Path LOOPBACK_SOURCES = Path.of("src", "test", "loopback", "src", "main", "java");

    private static Path loopback;

    private TestPlugins() {
    }

    /** @return the loopback plugin's jar, built once per test JVM in a temporary directory */
    public static synchronized Path loopbackPlugin() {
        if (loopback == null) {
            try {
                loopback = loopbackPlugin(TestHub.tempDir("loopback-plugin"));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return loopback;
    }

    /**
     * Builds the loopback channel plugin (id and channel type {@code loopback}) from its sources.
     *
     * @param workDir where to compile
     * @return the jar, {@code loopback.jar}
     */
    public static Path loopbackPlugin(Path workDir) throws IOException {
        Path classes = workDir.resolve("loopback-classes");
        compile(LOOPBACK_SOURCES, classes, List.of(org.lineshub.plugin.api.ChannelConnector.class,
                org.pf4j.Plugin.class, org.apache.camel.CamelContext.class, org.slf4j.Logger.class));
        return jar(workDir.resolve("loopback.jar"), classes, "loopback", "org.lineshub.loopback.LoopbackPlugin",
                API_1, "Loopback: a minimal messaging platform over plain HTTP");
    }

    /**
     * Builds an echo channel plugin requiring plugin API 1.
     *
     * @see #echoPlugin(Path, String, String, boolean, String)
     */
    public static Path echoPlugin(Path workDir, String pluginId, String type, boolean failingConnect)
            throws IOException {
        return echoPlugin(workDir, pluginId, type, failingConnect, API_1);
    }

    /**
     * Builds an echo channel plugin: its sender answers every message with {@code SentMessage("echo-<id>")}; what is
     * posted to an account's webhook is stored as a message of chat {@code chat-1} from "Echo Client" (message id:
     * the query parameter {@code id}, default {@code m-1}); each account adds a Camel component named
     * {@code <type>-<accountId>} and a route {@code <pluginId>.<accountId>.ping}.
     *
     * @param workDir        where to compile
     * @param pluginId       the Plugin-Id
     * @param type           the channel type it provides
     * @param failingConnect whether {@code connect} throws, to test a plugin whose accounts cannot start
     * @param requires       the Plugin-Requires expression
     * @return the jar
     */
    public static Path echoPlugin(Path workDir, String pluginId, String type, boolean failingConnect, String requires)
            throws IOException {
        Map<String, String> sources = new LinkedHashMap<>();
        sources.put("EchoComponent", """
                public class EchoComponent extends org.apache.camel.support.DefaultComponent {
                  @Override protected org.apache.camel.Endpoint createEndpoint(String uri, String remaining,
                      java.util.Map<String, Object> parameters) {
                    throw new UnsupportedOperationException("echo endpoints are internal");
                  }
                }
                """);
        sources.put("EchoRoutes", """
                public class EchoRoutes extends org.apache.camel.builder.RouteBuilder {
                  private final org.lineshub.plugin.api.ChannelContext ctx;
                  public EchoRoutes(org.lineshub.plugin.api.ChannelContext ctx) { this.ctx = ctx; }
                  @Override public void configure() {
                    from("direct:TYPE-ping-" + ctx.accountId()).routeId(ctx.routeId("ping")).setBody(constant("pong"));
                  }
                }
                """.replace("TYPE", type));
        sources.put("EchoWebhook", """
                import org.lineshub.plugin.api.*;
                public class EchoWebhook implements WebhookHandler {
                  private final ChannelContext ctx;
                  public EchoWebhook(ChannelContext ctx) { this.ctx = ctx; }
                  @Override public WebhookResponse handle(WebhookRequest request) throws NotStoredException {
                    SenderProfile client = SenderProfile.builder("user-1").firstName("Echo").lastName("Client").build();
                    ctx.inbound().store(InboundMessage.builder(request.queryParam("id").orElse("m-1"), "chat-1", client)
                        .text(request.bodyText()).build());
                    return WebhookResponse.text("stored");
                  }
                }
                """);
        String connect = failingConnect
                ? "    throw new IllegalStateException(\"echo cannot start: broken on purpose\");\n"
                : """
                        ctx.addComponent("TYPE-" + ctx.accountId(), new EchoComponent());
                        ctx.addRoutes(new EchoRoutes(ctx));
                        return ConnectedAccount.builder(m -> new SentMessage("echo-" + m.messageId(), null))
                            .webhook(new EchoWebhook(ctx)).build();
                    """.replace("TYPE", type);
        sources.put("EchoConnector", """
                import java.util.List;
                import java.util.Set;
                import org.lineshub.plugin.api.*;
                @org.pf4j.Extension
                public class EchoConnector implements ChannelConnector {
                  public ChannelDescriptor descriptor() {
                    return new ChannelDescriptor("TYPE", "Echo", "Answers every reply at once",
                        List.of(SettingField.builder("greeting", SettingType.STRING).defaultValue("hi")
                            .description("What the echo says").build()),
                        Set.of(ChannelCapability.START_CONVERSATION));
                  }
                  public ConnectedAccount connect(ChannelContext ctx) throws Exception {
                """.replace("TYPE", type) + connect + "  }\n}\n");
        return sourcePlugin(workDir, pluginId, requires, sources, List.of(
                org.apache.camel.RoutesBuilder.class, org.apache.camel.builder.RouteBuilder.class,
                org.apache.camel.support.DefaultComponent.class, org.apache.camel.util.ObjectHelper.class));
    }

    /**
     * Builds a channel plugin (id and channel type {@code throwing}) whose code is broken: its webhook handler stores
     * a POST whose body is {@code fine} as a message (message id: query parameter {@code id}, chat and user: query
     * parameter {@code chat}, client "Chat &lt;chat&gt;") and throws {@link IllegalStateException} on any other body;
     * its sender throws {@link IllegalStateException} on every reply. Both exceptions' messages quote the account's
     * secret setting {@code token}, as careless plugin code might.
     *
     * @param workDir where to compile
     * @return the jar
     */
    public static Path throwingPlugin(Path workDir) throws IOException {
        Map<String, String> sources = new LinkedHashMap<>();
        sources.put("ThrowingWebhook", """
                import org.lineshub.plugin.api.*;
                public class ThrowingWebhook implements WebhookHandler {
                  private final ChannelContext ctx;
                  public ThrowingWebhook(ChannelContext ctx) { this.ctx = ctx; }
                  @Override public WebhookResponse handle(WebhookRequest request) throws NotStoredException {
                    if (!"fine".equals(request.bodyText())) {
                      throw new IllegalStateException("cannot map the update for bot "
                          + ctx.settings().require("token"));
                    }
                    String chat = request.queryParam("chat").orElse("1");
                    SenderProfile client = SenderProfile.builder(chat).firstName("Chat").lastName(chat).build();
                    ctx.inbound().store(InboundMessage.builder(request.queryParam("id").orElse("m-1"), chat, client)
                        .text("fine").build());
                    return WebhookResponse.ok();
                  }
                }
                """);
        sources.put("ThrowingConnector", """
                import java.util.List;
                import java.util.Set;
                import org.lineshub.plugin.api.*;
                @org.pf4j.Extension
                public class ThrowingConnector implements ChannelConnector {
                  public ChannelDescriptor descriptor() {
                    return new ChannelDescriptor("throwing", "Throwing", "Throws on every update and reply",
                        List.of(SettingField.builder("token", SettingType.STRING).secret().required()
                            .description("The bot's token").build()),
                        Set.of());
                  }
                  public ConnectedAccount connect(ChannelContext ctx) {
                    return ConnectedAccount.builder(m -> {
                          throw new IllegalStateException("cannot build the request for bot "
                              + ctx.settings().require("token"));
                        }).webhook(new ThrowingWebhook(ctx)).build();
                  }
                }
                """);
        return sourcePlugin(workDir, "throwing", API_1, sources, List.of());
    }

    /**
     * Builds a plugin with one extension of an extension point the test defines.
     *
     * @param workDir        where to compile
     * @param pluginId       the Plugin-Id
     * @param extensionPoint an interface extending {@code ExtensionPoint}, visible to the hub's class loader
     * @param className      the simple name of the extension class
     * @param members        the extension class's body: its methods
     * @return the jar
     */
    public static Path extensionPlugin(Path workDir, String pluginId, Class<?> extensionPoint, String className,
                                       String members) throws IOException {
        String source = "@org.pf4j.Extension\npublic class " + className + " implements "
                + extensionPoint.getCanonicalName() + " {\n" + members + "\n}\n";
        return sourcePlugin(workDir, pluginId, API_1, Map.of(className, source), List.of(extensionPoint));
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

    /** Compiles classes of package {@code testplugin.<id>}, given as class name to source without the package. */
    private static Path sourcePlugin(Path workDir, String pluginId, String requires, Map<String, String> sources,
                                     List<Class<?>> classpath) throws IOException {
        String pkg = "testplugin." + pluginId.replace('-', '_');
        Path src = workDir.resolve(pluginId + "-src");
        Path dir = src.resolve(pkg.replace('.', '/'));
        Files.createDirectories(dir);
        Map<String, String> all = new LinkedHashMap<>(sources);
        all.put("TestPlugin", "public class TestPlugin extends org.pf4j.Plugin {}\n");
        for (Map.Entry<String, String> source : all.entrySet()) {
            Files.writeString(dir.resolve(source.getKey() + ".java"), "package " + pkg + ";\n" + source.getValue(),
                    StandardCharsets.UTF_8);
        }
        List<Class<?>> cp = new ArrayList<>(List.of(org.lineshub.plugin.api.ChannelConnector.class,
                org.pf4j.Plugin.class, org.apache.camel.CamelContext.class, org.slf4j.Logger.class));
        cp.addAll(classpath);
        Path classes = workDir.resolve(pluginId + "-classes");
        compile(src, classes, cp);
        return jar(workDir.resolve(pluginId + ".jar"), classes, pluginId, pkg + ".TestPlugin", requires,
                "Test plugin " + pluginId);
    }

    /** Compiles every source under a directory; PF4J's annotation processor, found on the class path, indexes them. */
    private static void compile(Path sources, Path classes, List<Class<?>> classpath) throws IOException {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        if (javac == null) {
            throw new IllegalStateException("tests need a JDK, not a JRE");
        }
        Files.createDirectories(classes);
        List<String> args = new ArrayList<>(List.of("-d", classes.toString(), "-classpath", classpath(classpath),
                "--release", "17", "-implicit:none"));
        try (Stream<Path> files = Files.walk(sources)) {
            files.filter(f -> f.toString().endsWith(".java")).forEach(f -> args.add(f.toString()));
        }
        ByteArrayOutputStream errors = new ByteArrayOutputStream();
        int status = javac.run(null, errors, errors, args.toArray(String[]::new));
        if (status != 0) {
            throw new IllegalStateException("compiling the test plugin in " + sources + " failed:\n"
                    + errors.toString(StandardCharsets.UTF_8));
        }
        if (!Files.exists(classes.resolve("META-INF/extensions.idx"))) {
            throw new IllegalStateException("PF4J's annotation processor wrote no extension index for " + sources);
        }
    }

    private static Path jar(Path jar, Path classes, String pluginId, String pluginClass, String requires,
                            String description) throws IOException {
        Manifest manifest = new Manifest();
        Attributes main = manifest.getMainAttributes();
        main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        main.putValue("Plugin-Id", pluginId);
        main.putValue("Plugin-Class", pluginClass);
        main.putValue("Plugin-Version", "1.0.0");
        main.putValue("Plugin-Requires", requires);
        main.putValue("Plugin-Provider", "Lines hub tests");
        main.putValue("Plugin-Description", description);
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), manifest);
             Stream<Path> files = Files.walk(classes)) {
            for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
                out.putNextEntry(new JarEntry(classes.relativize(file).toString().replace('\\', '/')));
                Files.copy(file, out);
                out.closeEntry();
            }
        }
        return jar;
    }

    /** The jars or directories the classes were loaded from, where the test itself finds them. */
    private static String classpath(List<Class<?>> classes) {
        Set<String> entries = new LinkedHashSet<>();
        for (Class<?> c : classes) {
            try {
                entries.add(Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()).toString());
            } catch (URISyntaxException e) {
                throw new IllegalStateException(e);
            }
        }
        return String.join(java.io.File.pathSeparator, entries);
    }
}
