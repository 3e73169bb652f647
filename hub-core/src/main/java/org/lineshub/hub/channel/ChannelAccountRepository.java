package org.lineshub.hub.channel;

import java.util.List;
import java.util.Optional;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;

/** Channel accounts. */
public interface ChannelAccountRepository extends JpaRepository<ChannelAccount, Long> {

    Optional<ChannelAccount> findByWebhookKeyAndDeletedAtIsNull(String webhookKey);

    Optional<ChannelAccount> findByIdAndDeletedAtIsNull(Long id);

    List<ChannelAccount> findByDeletedAtIsNullOrderById();

    List<ChannelAccount> findByTypeAndEnabledTrueAndDeletedAtIsNull(String type);

    List<ChannelAccount> findByLineIdAndDeletedAtIsNull(Long lineId);

    List<ChannelAccount> findByEnabledTrueAndDeletedAtIsNull();


    /**
     * Records the runtime status without touching settings or the optimistic version, so a status change never
     * conflicts with an admin editing the account.
     */
    @Modifying
    @Query("update ChannelAccount a set a.status = :status, a.lastError = :error where a.id = :id")
    int updateStatus(Long id, AccountStatus status, String error);

    @Modifying
    @Query("update ChannelAccount a set a.status = org.lineshub.hub.channel.AccountStatus.STOPPED, a.lastError = null"
            + " where a.status = org.lineshub.hub.channel.AccountStatus.RUNNING")
    int resetRunning();
}
