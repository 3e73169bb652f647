package org.lineshub.hub.system;

import com.zaxxer.hikari.HikariDataSource;
import org.lineshub.hub.HubProperties;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The hub's database: an external MariaDB when {@code hub.db.url} ({@code HUB_DB_URL}) is set, otherwise the embedded
 * one started here with its data under {@code <hub.data-dir>/mariadb}.
 */
@Configuration(proxyBeanMethods = false)
class DatabaseConfiguration {

    static final String EMBEDDED_DATABASE = "hub";

    @Bean(destroyMethod = "close")
    EmbeddedDatabaseHolder embeddedDatabase(HubProperties properties) {
        if (!properties.db().embedded()) {
            return new EmbeddedDatabaseHolder(null);
        }
        EmbeddedMariaDb db = EmbeddedDatabaseEarlyStart.take(properties.dataDir(), properties.db().embeddedPort());
        db.createDatabase(EMBEDDED_DATABASE);
        return new EmbeddedDatabaseHolder(db);
    }

    @Bean
    @ConfigurationProperties("spring.datasource.hikari")
    HikariDataSource dataSource(HubProperties properties, EmbeddedDatabaseHolder embedded) {
        HikariDataSource ds = new HikariDataSource();
        if (embedded.db() != null) {
            ds.setJdbcUrl(embedded.db().jdbcUrl(EMBEDDED_DATABASE));
            ds.setUsername("root");
        } else {
            ds.setJdbcUrl(properties.db().url());
            ds.setUsername(properties.db().user());
            ds.setPassword(properties.db().password());
        }
        ds.setPoolName("hub");
        return ds;
    }

    /**
     * Holds the embedded server when there is one, so that it stops after the pool that uses it closed.
     *
     * @param db the embedded server, or {@code null} with an external database
     */
    record EmbeddedDatabaseHolder(EmbeddedMariaDb db) implements AutoCloseable {
        @Override
        public void close() {
            if (db != null) {
                db.close();
            }
        }
    }
}
