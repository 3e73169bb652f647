package org.lineshub.hub.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

class ClassPreloaderTest {

    /** Counts how often its static initialiser ran. */
    static final AtomicInteger INITIALISED = new AtomicInteger();

    static final class Initialising {
        static {
            INITIALISED.incrementAndGet();
        }
    }

    @Test
    void loadsListedClassesWithoutInitialisingThemAndSkipsWhatIsGone() throws Exception {
        ClassLoader loader = getClass().getClassLoader();
        int loaded = ClassPreloader.preload(List.of(Initialising.class.getName(), "org.lineshub.hub.NoSuchClass",
                "not a class name", String.class.getName()), loader);

        assertThat(loaded).isEqualTo(2);
        assertThat(INITIALISED).hasValue(0);
        // the class is the one the application then uses, and initialises on first use as always
        assertThat(Class.forName(Initialising.class.getName(), true, loader)).isSameAs(Initialising.class);
        assertThat(INITIALISED).hasValue(1);
    }

    @Test
    void theShippedListNamesClassesOfThisBuild() {
        List<String> names = ClassPreloader.names(getClass().getClassLoader());

        assertThat(names).hasSizeGreaterThan(5_000).doesNotContain("").noneMatch(n -> n.startsWith("#"));
        assertThat(names.get(0)).isEqualTo("org.lineshub.hub.HubApplication");
        // a list recorded long ago would mostly name classes that no longer exist
        List<String> sample = names.stream().filter(n -> n.startsWith("org.springframework.")).limit(500).toList();
        assertThat(ClassPreloader.preload(sample, getClass().getClassLoader())).isGreaterThan(sample.size() * 9 / 10);
    }
}
