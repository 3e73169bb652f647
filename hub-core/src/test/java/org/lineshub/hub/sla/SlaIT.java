package org.lineshub.hub.sla;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.lineshub.hub.HubApplication;
import org.lineshub.hub.event.HubEvent;
import org.lineshub.hub.event.HubEventListener;
import org.lineshub.hub.event.SlaBreachedEvent;
import org.lineshub.hub.support.EventsClient;
import org.lineshub.hub.support.Fixtures;
import org.lineshub.hub.support.HubClient;
import org.lineshub.hub.support.LoopbackPlatform;
import org.lineshub.hub.support.TestDatabase;
import org.lineshub.hub.support.TestHub;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.support.TransactionTemplate;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * SLA deadlines and breaches in the running hub, with the hub's clock in the test's hand: a hub of its own (the
 * clock is a bean every feature shares), whose sweep runs only when a test calls it. The line works Monday to
 * Friday 09:00-18:00 in Berlin; 2025-06-06 is a Friday and Monday 2025-06-09 a holiday.
 */
@SpringBootTest(classes = HubApplication.class, webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT)
@Import(SlaIT.TestClockConfiguration.class)
class SlaIT {

    private static final LoopbackPlatform LOOPBACK = LoopbackPlatform.start();
    private static final int PORT = TestHub.freePort();
    private static final String DATABASE = TestDatabase.newDatabase("hub_sla_it");
    private static final Path DATA = TestHub.tempDir("hub-sla-data");
    private static final Path PLUGINS = TestHub.pluginDirectory();
    private static final Path ROUTES = TestHub.tempDir("hub-sla-routes");
    private static final Instant FRIDAY_4PM_BERLIN = Instant.parse("2025-06-06T14:00:00Z");

    @DynamicPropertySource
    static void hub(DynamicPropertyRegistry registry) {
        TestHub.register(registry, PORT, DATABASE, DATA, PLUGINS, ROUTES);
        registry.add("hub.sla.sweep-interval", () -> "1h");
    }

    /** A clock the test sets. */
    static final class TestClock extends Clock {
        private volatile Instant now = FRIDAY_4PM_BERLIN;

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }

        void set(Instant instant) {
            now = instant;
        }
    }

    /** Every breach the hub's event dispatcher hands to its listeners, as routes and webhooks get them. */
    static final class RecordedBreaches implements HubEventListener {
        final List<SlaBreachedEvent> events = new CopyOnWriteArrayList<>();

        @Override
        public void onEvent(HubEvent event) {
            if (event instanceof SlaBreachedEvent e) {
                events.add(e);
            }
        }

        List<SlaBreachedEvent> of(long sessionId) {
            return events.stream().filter(e -> e.session().id() == sessionId).toList();
        }
    }

    @TestConfiguration(proxyBeanMethods = false)
    static class TestClockConfiguration {
        @Bean
        @Primary
        TestClock testClock() {
            return new TestClock();
        }

        @Bean
        RecordedBreaches recordedBreaches() {
            return new RecordedBreaches();
        }
    }

    private final HubClient admin = HubClient.basic("http://127.0.0.1:" + PORT, "admin", TestHub.ADMIN_PASSWORD);
    private final Fixtures fixtures = new Fixtures(admin, null, LOOPBACK);

    @Autowired
    private TestClock clock;
    @Autowired
    private RecordedBreaches breaches;
    @Autowired
    private SlaSweeper sweeper;
    @Autowired
    private JdbcClient jdbc;
    @Autowired
    private TransactionTemplate transactions;
    @Autowired
    private ApplicationEventPublisher publisher;
    @Autowired
    private SlaProperties properties;
    @Autowired
    private TaskScheduler scheduler;
    @Autowired
    private MeterRegistry registry;

    private Fixtures.User operator;
    private Fixtures.User supervisor;

    @BeforeEach
    void staff() {
        clock.set(FRIDAY_4PM_BERLIN);
        operator = fixtures.user("Olga");
        supervisor = fixtures.user("Sam");
    }

    @Test
    void aMissedFirstResponseInWorkingHoursIsRaisedOnceAtItsTimeAfterTheWeekendAndHoliday() throws Exception {
        long line = line(Map.of("firstResponseMinutes", 180, "clock", "WORKING_HOURS", "timeZone", "Europe/Berlin",
                "week", officeWeek(), "holidays", List.of("2025-06-09")));
        Fixtures.Account account = fixtures.loopback(line);
        long session = fixtures.clientWrites(account, Fixtures.unique(), "hello?");

        // Friday 16:00-18:00, then Tuesday 09:00-10:00 (Monday is a holiday)
        Instant due = Instant.parse("2025-06-10T08:00:00Z");
        JsonNode sla = sla(session);
        assertThat(sla.get("startedAt").asText()).isEqualTo("2025-06-06T14:00:00Z");
        assertThat(Instant.parse(sla.get("firstResponseDueAt").asText())).isEqualTo(due);
        assertThat(sla.has("resolutionDueAt")).as("no resolution deadline").isFalse();
        assertThat(sla.get("slaBreached").asBoolean()).isFalse();

        try (EventsClient supervisorScreen = EventsClient.connect(supervisor.api());
             EventsClient operatorScreen = EventsClient.connect(operator.api())) {
            clock.set(due.minusSeconds(1));
            sweeper.sweep();
            Thread.sleep(500);
            assertThat(breaches.of(session)).as("a second before it is due").isEmpty();
            assertThat(sla(session).get("firstResponseBreached").asBoolean()).isFalse();

            clock.set(due.plusSeconds(1));
            sweeper.sweep();

            JsonNode frame = supervisorScreen.await(f -> "sla.breached".equals(f.get("type").asText())
                    && f.get("data").get("session").get("id").asLong() == session, Duration.ofSeconds(5));
            assertThat(frame.get("data").get("deadline").asText()).isEqualTo("FIRST_RESPONSE");
            assertThat(Instant.parse(frame.get("data").get("dueAt").asText())).isEqualTo(due);
            assertThat(frame.get("data").get("session").get("lineId").asLong()).isEqualTo(line);
            JsonNode after = sla(session);
            assertThat(after.get("firstResponseBreached").asBoolean()).isTrue();
            assertThat(after.get("slaBreached").asBoolean()).isTrue();
            assertThat(jdbc.sql("SELECT first_response_breached_at FROM session WHERE id = ?").param(session)
                    .query(java.time.LocalDateTime.class).single()).isEqualTo("2025-06-10T08:00:01");

            // later sweeps, and a sweeper of a restarted hub, find the breach claimed
            clock.set(due.plus(Duration.ofHours(2)));
            sweeper.sweep();
            restartedSweeper().sweep();
            Thread.sleep(1000);
            assertThat(breaches.of(session)).hasSize(1);
            assertThat(supervisorScreen.frames("sla.breached", d -> d.get("session").get("id").asLong() == session))
                    .hasSize(1);
            assertThat(operatorScreen.frames("sla.breached", d -> true)).as("operators are not told").isEmpty();
        }
    }

    @Test
    void twoSweepersAtOnceRaiseABreachOnce() throws Exception {
        long line = line(Map.of("firstResponseMinutes", 10));
        long session = fixtures.clientWrites(fixtures.loopback(line), Fixtures.unique(), "anyone?");
        clock.set(FRIDAY_4PM_BERLIN.plus(Duration.ofMinutes(11)));

        SlaSweeper other = restartedSweeper();
        ExecutorService two = Executors.newFixedThreadPool(2);
        try {
            for (int round = 0; round < 3; round++) {
                Future<Integer> a = two.submit(sweeper::sweep);
                Future<Integer> b = two.submit(other::sweep);
                a.get();
                b.get();
            }
        } finally {
            two.shutdown();
        }

        Thread.sleep(1000);
        assertThat(breaches.of(session)).hasSize(1);
        assertThat(breaches.of(session).get(0).deadline()).isEqualTo("FIRST_RESPONSE");
    }

    @Test
    void anAnswerInTimeMeetsTheFirstResponseDeadline() throws Exception {
        long line = line(Map.of("firstResponseMinutes", 10));
        long session = fixtures.clientWrites(fixtures.loopback(line), Fixtures.unique(), "hi");
        Fixtures.status(operator, "ONLINE");
        operator.api().post("/api/v1/sessions/" + session + "/take", Map.of()).ok();
        clock.set(FRIDAY_4PM_BERLIN.plus(Duration.ofMinutes(9)));
        operator.api().post("/api/v1/sessions/" + session + "/messages", Map.of("text", "hello")).ok();

        clock.set(FRIDAY_4PM_BERLIN.plus(Duration.ofHours(1)));
        sweeper.sweep();

        Thread.sleep(500);
        assertThat(breaches.of(session)).isEmpty();
        assertThat(sla(session).get("firstResponseBreached").asBoolean()).isFalse();
    }

    @Test
    void aSessionOpenPastItsResolutionDeadlineBreachesItAndReopeningStartsAgain() throws Exception {
        long line = line(Map.of("resolutionMinutes", 60));
        long session = fixtures.clientWrites(fixtures.loopback(line), Fixtures.unique(), "broken");
        assertThat(sla(session).has("firstResponseDueAt")).isFalse();
        Fixtures.status(operator, "ONLINE");
        operator.api().post("/api/v1/sessions/" + session + "/take", Map.of()).ok();

        clock.set(FRIDAY_4PM_BERLIN.plus(Duration.ofMinutes(59)));
        sweeper.sweep();
        clock.set(FRIDAY_4PM_BERLIN.plus(Duration.ofMinutes(70)));
        operator.api().post("/api/v1/sessions/" + session + "/close", Map.of()).ok();
        sweeper.sweep();

        awaitBreaches(session, 1);
        assertThat(breaches.of(session).get(0).deadline()).as("closed late").isEqualTo("RESOLUTION");
        assertThat(sla(session).get("resolutionBreached").asBoolean()).isTrue();

        clock.set(FRIDAY_4PM_BERLIN.plus(Duration.ofMinutes(80)));
        supervisor.api().post("/api/v1/sessions/" + session + "/reopen", Map.of()).ok();

        JsonNode reopened = sla(session);
        assertThat(reopened.get("resolutionBreached").asBoolean()).isFalse();
        assertThat(reopened.get("startedAt").asText()).isEqualTo("2025-06-06T15:20:00Z");
        assertThat(reopened.get("resolutionDueAt").asText()).isEqualTo("2025-06-06T16:20:00Z");
        clock.set(FRIDAY_4PM_BERLIN.plus(Duration.ofMinutes(141)));
        sweeper.sweep();
        awaitBreaches(session, 2);
    }

    @Test
    void aTransferToAnotherLineAppliesItsSlaToTheSameStart() {
        long strict = line(Map.of("firstResponseMinutes", 30, "resolutionMinutes", 120));
        long lenient = line(Map.of("firstResponseMinutes", 240));
        long session = fixtures.clientWrites(fixtures.loopback(strict), Fixtures.unique(), "hi");
        clock.set(FRIDAY_4PM_BERLIN.plus(Duration.ofMinutes(5)));

        supervisor.api().post("/api/v1/sessions/" + session + "/transfer", Map.of("toLineId", lenient)).ok();

        JsonNode sla = sla(session);
        assertThat(sla.get("startedAt").asText()).isEqualTo("2025-06-06T14:00:00Z");
        assertThat(sla.get("firstResponseDueAt").asText()).isEqualTo("2025-06-06T18:00:00Z");
        assertThat(sla.has("resolutionDueAt")).as("the new line sets no resolution deadline").isFalse();
    }

    @Test
    void refusesUnusableSlaSettingsNamingTheField() {
        HubClient.Response zone = admin.post("/api/v1/lines", Map.of("name", "Bad zone " + Fixtures.unique(),
                "sla", Map.of("firstResponseMinutes", 30, "clock", "WORKING_HOURS", "timeZone", "Moscow",
                        "week", officeWeek())));
        assertThat(zone.status()).isEqualTo(400);
        assertThat(zone.body().get("field").asText()).isEqualTo("sla.timeZone");

        HubClient.Response night = admin.post("/api/v1/lines", Map.of("name", "Night " + Fixtures.unique(),
                "sla", Map.of("firstResponseMinutes", 30, "clock", "WORKING_HOURS", "timeZone", "Europe/Berlin",
                        "week", Map.of("FRIDAY", List.of(Map.of("from", "22:00", "to", "06:00"))))));
        assertThat(night.status()).isEqualTo(400);
        assertThat(night.body().get("field").asText()).isEqualTo("sla.week.FRIDAY");

        HubClient.Response negative = admin.post("/api/v1/lines", Map.of("name", "Negative " + Fixtures.unique(),
                "sla", Map.of("resolutionMinutes", 0)));
        assertThat(negative.status()).isEqualTo(400);

        long line = line(Map.of("firstResponseMinutes", 30));
        JsonNode kept = admin.put("/api/v1/lines/" + line, Map.of("name", "Renamed " + Fixtures.unique())).ok();
        assertThat(kept.get("sla").get("firstResponseMinutes").asInt()).as("omitted sla keeps it").isEqualTo(30);
        assertThat(kept.get("sla").get("clock").asText()).isEqualTo("AROUND_THE_CLOCK");
        JsonNode removed = admin.put("/api/v1/lines/" + line, Map.of("name", kept.get("name").asText(),
                "sla", Map.of())).ok();
        assertThat(removed.has("sla")).as("settings without deadlines remove the SLA").isFalse();
        assertThat(operator.api().post("/api/v1/lines", Map.of("name", "Mine " + Fixtures.unique(),
                "sla", Map.of("firstResponseMinutes", 30))).status()).isEqualTo(403);
    }

    private long line(Map<String, Object> sla) {
        return fixtures.staffedLine("SLA", Map.of("sla", sla), List.of(operator), List.of(supervisor));
    }

    private static Map<String, Object> officeWeek() {
        List<Map<String, String>> day = List.of(Map.of("from", "09:00", "to", "18:00"));
        return Map.of("MONDAY", day, "TUESDAY", day, "WEDNESDAY", day, "THURSDAY", day, "FRIDAY", day);
    }

    private JsonNode sla(long session) {
        return admin.get("/api/v1/sessions/" + session).ok().get("sla");
    }

    /** A sweeper built from the hub's parts, as a restarted hub or another node has. */
    private SlaSweeper restartedSweeper() {
        return new SlaSweeper(jdbc, transactions, publisher, clock, properties, scheduler, registry);
    }

    private void awaitBreaches(long session, int count) throws InterruptedException {
        for (int i = 0; i < 50 && breaches.of(session).size() < count; i++) {
            Thread.sleep(100);
        }
        Thread.sleep(300);
        assertThat(breaches.of(session)).hasSize(count);
    }
}
