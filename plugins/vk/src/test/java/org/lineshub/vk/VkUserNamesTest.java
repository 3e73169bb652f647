package org.lineshub.vk;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.lineshub.vk.fake.FakeCommunity;
import org.lineshub.vk.fake.FakeVkApi;

/** The per-account cache of client names: bounded, refreshed after a while. */
class VkUserNamesTest {

    private FakeVkApi vk;
    private FakeCommunity community;
    private VkHttpApi api;

    @BeforeEach
    void start() {
        vk = FakeVkApi.start();
        community = vk.community(VkTestHub.GROUP_ID, VkTestHub.TOKEN).user(1, "Anna", "A", "anna")
                .user(2, "Boris", "B", null).user(3, "Chen", "C", null);
        api = new VkHttpApi(URI.create(vk.baseUrl()), VkTestHub.TOKEN, "5.199", new ObjectMapper());
    }

    @AfterEach
    void stop() {
        api.close();
        vk.close();
    }

    @Test
    void keepsAtMostItsCapacityAndAsksAgainForTheLeastRecentlyUsed() throws Exception {
        VkUserNames names = new VkUserNames(api, 7, 2, Duration.ofHours(1), Clock.systemUTC());

        assertThat(names.profiles(List.of(1L, 2L)).get(1L).displayName()).isEqualTo("Anna A");
        names.profiles(List.of(1L));
        names.profiles(List.of(3L));

        assertThat(names.size()).isEqualTo(2);
        assertThat(community.calls("users.get")).isEqualTo(2);
        names.profiles(List.of(1L));
        assertThat(community.calls("users.get")).as("1 was used recently, 2 went").isEqualTo(2);
        assertThat(names.profiles(List.of(2L)).get(2L).displayName()).isEqualTo("Boris B");
        assertThat(community.calls("users.get")).isEqualTo(3);
        assertThat(community.lastCall("users.get")).containsEntry("user_ids", "2");
    }

    @Test
    void asksAgainAfterTheTimeToLive() throws Exception {
        MutableClock clock = new MutableClock();
        VkUserNames names = new VkUserNames(api, 7, 10, Duration.ofHours(1), clock);
        names.profiles(List.of(1L));
        community.user(1, "Anna", "Smith", "anna");

        clock.now = clock.now.plus(Duration.ofMinutes(59));
        assertThat(names.profiles(List.of(1L)).get(1L).displayName()).isEqualTo("Anna A");
        clock.now = clock.now.plus(Duration.ofMinutes(2));
        assertThat(names.profiles(List.of(1L)).get(1L).displayName()).isEqualTo("Anna Smith");
    }

    @Test
    void givesEveryUserAProfileEvenWhenVkFails() throws Exception {
        VkUserNames names = new VkUserNames(api, 7);
        community.failNext("users.get", 10, "Internal server error");

        assertThat(names.profiles(List.of(1L, 99L))).hasSize(2)
                .hasEntrySatisfying(1L, p -> assertThat(p.displayName()).isEqualTo("1"));
        assertThat(names.profiles(List.of(1L)).get(1L).profileUrl()).isEqualTo("https://vk.com/anna");
        assertThat(names.profiles(List.of(99L)).get(99L).displayName()).as("VK does not know the user").isEqualTo("99");
    }

    private static final class MutableClock extends Clock {
        Instant now = Instant.parse("2026-01-01T00:00:00Z");

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
